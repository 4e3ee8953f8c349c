extension ArchiveHeatmap {
    /// Draws a 2-D CVT archive: the Voronoi cells of the centroids clipped to the box,
    /// with equal scales on both axes so the cells keep their true shape.
    ///
    /// Occupied cells are one `path.cell` each; all empty cells share one grey `path.empty`
    /// with a sub-path per cell, which keeps files small for sparse archives.
    func drawVoronoi(into svg: inout String, centroids: [Double], lower: [Double], upper: [Double]) {
        let frame = Self.equalAspectFrame(lower: lower, upper: upper)
        let polygons = VoronoiTessellation.cells(centroids: centroids, lower: lower, upper: upper)
        let x = frame.x
        let y = frame.y
        var occupied = [Int?](repeating: nil, count: polygons.count)
        for index in drawn { occupied[elites[index].cell] = index }

        svg += Self.openSVG(width: Layout.width, height: frame.bottom + 52, label: "Archive heatmap")
        svg += "<rect class=\"empty\" x=\"\(px(frame.left))\" y=\"\(px(frame.top))\" width=\"\(px(frame.width))\" height=\"\(px(frame.height))\"/>"
        // Thinner borders when cells are small, so colours are not washed out.
        svg += polygons.count > 2_000 ? "<g class=\"voronoi dense\">" : "<g class=\"voronoi\">"
        var empty = ""
        for (cell, polygon) in polygons.enumerated() where !polygon.isEmpty && occupied[cell] == nil {
            Self.appendPath(polygon, x: x, y: y, to: &empty)
        }
        if !empty.isEmpty { svg += "<path class=\"empty\" d=\"\(empty)\"/>" }
        let tooltips = showsTooltips
        for index in drawn {
            let elite = elites[index]
            let polygon = polygons[elite.cell]
            guard !polygon.isEmpty else { continue }
            svg += "<path class=\"cell\" fill=\"\(scale.color(of: elite.objective))\" d=\""
            Self.appendPath(polygon, x: x, y: y, to: &svg)
            svg += tooltips ? "\"><title>\(tooltip(for: index))</title></path>" : "\"/>"
        }
        svg += "</g>"
        drawOverlay(into: &svg, frame: frame)
        frame.drawAxes(into: &svg, xTitle: axisTitle(0), yTitle: axisTitle(1), gridLines: false)
        drawColorBar(into: &svg, left: frame.left + frame.width + Layout.colorBarGap, top: frame.top, height: frame.height, title: "objective")
        svg += "</svg>"
    }

    /// Draws a 1-D CVT archive as a strip of Voronoi intervals.
    func drawIntervalStrip(into svg: inout String, centroids: [Double], lower: Double, upper: Double) {
        let frame = stripFrame(width: Layout.side, lower: lower, upper: upper)
        let intervals = VoronoiTessellation.intervals(centroids: centroids, lower: lower, upper: upper)
        let x = frame.x
        svg += Self.openSVG(width: Layout.width, height: frame.bottom + 52, label: "Archive strip")
        svg += "<rect class=\"empty\" x=\"\(px(frame.left))\" y=\"\(px(frame.top))\" width=\"\(px(frame.width))\" height=\"\(px(frame.height))\"/>"
        svg += "<g class=\"voronoi\">"
        let tooltips = showsTooltips
        for index in drawn {
            let elite = elites[index]
            guard let interval = intervals[elite.cell] else { continue }
            let left = x(interval.lowerBound)
            let width = x(interval.upperBound) - left
            svg += "<rect class=\"cell\" x=\"\(px(left))\" y=\"\(px(frame.top))\" width=\"\(px(width))\" height=\"\(px(frame.height))\" fill=\"\(scale.color(of: elite.objective))\""
            svg += tooltips ? "><title>\(tooltip(for: index))</title></rect>" : "/>"
        }
        svg += "</g>"
        frame.drawAxes(into: &svg, xTitle: axisTitle(0), yTitle: nil, gridLines: false, showYAxis: false)
        drawColorBar(into: &svg, left: frame.left + frame.width + Layout.colorBarGap, top: frame.top, height: frame.height, title: "")
        svg += "</svg>"
    }

    /// Appends `polygon` as a closed SVG sub-path in pixels, with one decimal and relative
    /// moves after the first vertex (shorter text).
    static func appendPath(_ polygon: ConvexPolygon, x: ReportLinearScale, y: ReportLinearScale, to path: inout String) {
        // Work in tenths of a pixel so relative steps add up exactly to the absolute vertices.
        var previousX = Int((x(polygon.xs[0]) * 10).rounded())
        var previousY = Int((y(polygon.ys[0]) * 10).rounded())
        path += "M" + tenths(previousX) + " " + tenths(previousY) + "l"
        for k in 1..<polygon.count {
            let px = Int((x(polygon.xs[k]) * 10).rounded())
            let py = Int((y(polygon.ys[k]) * 10).rounded())
            if k > 1 { path += " " }
            path += tenths(px - previousX) + " " + tenths(py - previousY)
            previousX = px
            previousY = py
        }
        path += "z"
    }

    /// A count of tenths as decimal text, e.g. `-35` as `"-3.5"` and `20` as `"2"`.
    private static func tenths(_ value: Int) -> String {
        let magnitude = value.magnitude
        let sign = value < 0 ? "-" : ""
        return magnitude % 10 == 0 ? sign + String(magnitude / 10) : sign + String(magnitude / 10) + "." + String(magnitude % 10)
    }
}

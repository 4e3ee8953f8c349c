extension ArchiveHeatmap {
    /// Draws a 2-D grid: a grey background for empty cells and one `rect.cell` per occupied
    /// cell, in cell units inside a scaled group (first descriptor on x, second on y, upwards).
    func drawGrid(into svg: inout String, shape: [Int], lower: [Double], upper: [Double]) {
        let width = Self.snappedLength(Layout.side, bins: shape[0])
        let height = Self.snappedLength(Layout.side, bins: shape[1])
        let frame = PlotFrame(left: Layout.left, top: Layout.top, width: width, height: height,
                              xTicks: ReportTicks(lower: lower[0], upper: upper[0], count: 6),
                              yTicks: ReportTicks(lower: lower[1], upper: upper[1], count: 6))
        svg += Self.openSVG(width: Layout.width, height: frame.bottom + 52, label: "Archive heatmap")
        svg += "<rect class=\"empty\" x=\"\(px(frame.left))\" y=\"\(px(frame.top))\" width=\"\(px(width))\" height=\"\(px(height))\"/>"
        let sx = ReportNumber.fixed(width / Double(shape[0]), decimals: 6)
        let sy = ReportNumber.fixed(height / Double(shape[1]), decimals: 6)
        svg += "<g class=\"cells\" shape-rendering=\"crispEdges\" transform=\"translate(\(px(frame.left)) \(px(frame.bottom))) scale(\(sx) -\(sy))\">"
        let tooltips = showsTooltips
        let columns = shape[1]
        for index in drawn {
            let elite = elites[index]
            let i0 = elite.cell / columns
            let i1 = elite.cell % columns
            svg += "<rect class=\"cell\" x=\"\(i0)\" y=\"\(i1)\" width=\"1\" height=\"1\" fill=\"\(scale.color(of: elite.objective))\""
            svg += tooltips ? "><title>\(tooltip(for: index))</title></rect>" : "/>"
        }
        svg += "</g>"
        drawOverlay(into: &svg, frame: frame)
        frame.drawAxes(into: &svg, xTitle: axisTitle(0), yTitle: axisTitle(1), gridLines: false)
        drawColorBar(into: &svg, left: frame.left + width + Layout.colorBarGap, top: frame.top, height: height, title: "objective")
        svg += "</svg>"
    }

    /// Draws a 1-D grid as a strip of cells along the x axis.
    func drawGridStrip(into svg: inout String, bins: Int, lower: Double, upper: Double) {
        let width = Self.snappedLength(Layout.side, bins: bins)
        let frame = stripFrame(width: width, lower: lower, upper: upper)
        svg += Self.openSVG(width: Layout.width, height: frame.bottom + 52, label: "Archive strip")
        svg += "<rect class=\"empty\" x=\"\(px(frame.left))\" y=\"\(px(frame.top))\" width=\"\(px(width))\" height=\"\(px(frame.height))\"/>"
        let sx = ReportNumber.fixed(width / Double(bins), decimals: 6)
        svg += "<g class=\"cells\" shape-rendering=\"crispEdges\" transform=\"translate(\(px(frame.left)) \(px(frame.top))) scale(\(sx) \(px(frame.height)))\">"
        let tooltips = showsTooltips
        for index in drawn {
            let elite = elites[index]
            svg += "<rect class=\"cell\" x=\"\(elite.cell)\" y=\"0\" width=\"1\" height=\"1\" fill=\"\(scale.color(of: elite.objective))\""
            svg += tooltips ? "><title>\(tooltip(for: index))</title></rect>" : "/>"
        }
        svg += "</g>"
        frame.drawAxes(into: &svg, xTitle: axisTitle(0), yTitle: nil, gridLines: false, showYAxis: false)
        drawColorBar(into: &svg, left: frame.left + width + Layout.colorBarGap, top: frame.top, height: frame.height, title: "")
        svg += "</svg>"
    }

    /// The plot frame of a 1-D strip.
    func stripFrame(width: Double, lower: Double, upper: Double) -> PlotFrame {
        PlotFrame(left: Layout.left, top: Layout.top, width: width, height: Layout.stripHeight,
                  xTicks: ReportTicks(lower: lower, upper: upper, count: 8),
                  yTicks: ReportTicks(lower: 0, upper: 1, count: 1))
    }
}

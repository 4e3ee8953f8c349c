extension ArchiveHeatmap {
    /// Draws a 2-D unstructured archive: one `circle.cell` per elite at its descriptor,
    /// the best drawn last, with equal scales on both axes (distances are Euclidean).
    /// Descriptors outside the box are drawn at its edge.
    func drawScatter(into svg: inout String, lower: [Double], upper: [Double], notes: inout [String]) {
        let frame = Self.equalAspectFrame(lower: lower, upper: upper)
        svg += Self.openSVG(width: Layout.width, height: frame.bottom + 52, label: "Archive scatter plot")
        svg += "<rect class=\"backdrop\" x=\"\(px(frame.left))\" y=\"\(px(frame.top))\" width=\"\(px(frame.width))\" height=\"\(px(frame.height))\"/>"
        frame.drawAxes(into: &svg, xTitle: axisTitle(0), yTitle: axisTitle(1), gridLines: true)
        let radius = drawn.count > 2_000 ? "2.2" : "3.2"
        let x = frame.x
        let y = frame.y
        let tooltips = showsTooltips
        var outside = 0
        svg += "<g class=\"points\">"
        for index in drawn {
            let elite = elites[index]
            let dx = min(max(elite.descriptor[0], lower[0]), upper[0])
            let dy = min(max(elite.descriptor[1], lower[1]), upper[1])
            if dx != elite.descriptor[0] || dy != elite.descriptor[1] { outside += 1 }
            svg += "<circle class=\"cell\" cx=\"\(px1(x(dx)))\" cy=\"\(px1(y(dy)))\" r=\"\(radius)\" fill=\"\(scale.color(of: elite.objective))\""
            svg += tooltips ? "><title>\(tooltip(for: index))</title></circle>" : "/>"
        }
        svg += "</g>"
        drawOverlay(into: &svg, frame: frame)
        drawColorBar(into: &svg, left: frame.left + frame.width + Layout.colorBarGap, top: frame.top, height: frame.height, title: "objective")
        svg += "</svg>"
        if outside > 0 { notes.append("\(ReportNumber.grouped(outside)) elite(s) outside the descriptor box are drawn at its edge.") }
    }

    /// Draws a 1-D unstructured archive: objective against descriptor, one `circle.cell` per elite.
    func drawProfile(into svg: inout String, lower: Double, upper: Double) {
        let height = 300.0
        let frame = PlotFrame(left: Layout.left, top: Layout.top, width: Layout.side, height: height,
                              xTicks: ReportTicks(lower: lower, upper: upper, count: 6),
                              yTicks: ReportTicks(lower: scale.minimum, upper: scale.maximum, count: 5, extend: true))
        svg += Self.openSVG(width: Layout.width, height: Layout.top + height + 52, label: "Objective against descriptor")
        svg += "<rect class=\"backdrop\" x=\"\(px(frame.left))\" y=\"\(px(frame.top))\" width=\"\(px(frame.width))\" height=\"\(px(frame.height))\"/>"
        frame.drawAxes(into: &svg, xTitle: axisTitle(0), yTitle: "objective", gridLines: true)
        let x = frame.x
        let y = frame.y
        let tooltips = showsTooltips
        svg += "<g class=\"points\">"
        for index in drawn {
            let elite = elites[index]
            let dx = min(max(elite.descriptor[0], lower), upper)
            svg += "<circle class=\"cell\" cx=\"\(px1(x(dx)))\" cy=\"\(px1(y(elite.objective)))\" r=\"3\" fill=\"\(scale.color(of: elite.objective))\""
            svg += tooltips ? "><title>\(tooltip(for: index))</title></circle>" : "/>"
        }
        svg += "</g>"
        drawColorBar(into: &svg, left: frame.left + frame.width + Layout.colorBarGap, top: frame.top, height: frame.height, title: "objective")
        svg += "</svg>"
    }
}

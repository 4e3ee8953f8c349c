extension ArchiveHeatmap {
    /// Draws the overlay's segments and markers over a 2-D plot, mapping descriptor
    /// coordinates through `frame`'s scales.
    func drawOverlay(into svg: inout String, frame: PlotFrame) {
        guard let overlay, overlay.isValid else { return }
        let x = frame.x, y = frame.y
        svg += "<g class=\"overlay\">"
        for s in overlay.segments {
            svg += "<line class=\"wall\" x1=\"\(px(x(s.x1)))\" y1=\"\(px(y(s.y1)))\" x2=\"\(px(x(s.x2)))\" y2=\"\(px(y(s.y2)))\"/>"
        }
        for m in overlay.markers {
            svg += "<circle class=\"marker\" cx=\"\(px(x(m.x)))\" cy=\"\(px(y(m.y)))\" r=\"5\"><title>\(m.label.htmlEscaped)</title></circle>"
            svg += "<text class=\"marker-label\" x=\"\(px(x(m.x) + 8))\" y=\"\(px(y(m.y) + 4))\">\(m.label.htmlEscaped)</text>"
        }
        svg += "</g>"
    }
}

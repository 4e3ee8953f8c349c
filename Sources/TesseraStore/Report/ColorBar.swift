/// A vertical colour bar for a ``ReportColorScale``, labelled with its minimum and maximum.
struct ColorBar: Sendable {
    /// The scale to show.
    let scale: ReportColorScale
    /// The bar's left edge in pixels.
    let left: Double
    /// The bar's top edge in pixels (the maximum).
    let top: Double
    /// The bar's width in pixels.
    let width: Double
    /// The bar's height in pixels.
    let height: Double
    /// The label beside the bar, e.g. `"objective"`.
    let title: String

    /// Appends the gradient definition, the bar and its labels.
    ///
    /// - Parameters:
    ///   - svg: The SVG markup to extend.
    ///   - id: A document-unique id for the gradient.
    func draw(into svg: inout String, id: String) {
        svg += "<defs><linearGradient id=\"\(id)\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">"
        let stops = 16
        for k in 0...stops {
            let t = Double(k) / Double(stops)
            let color = ReportColorScale.ramp[Int((t * Double(ReportColorScale.levels - 1)).rounded())]
            svg += "<stop offset=\"\(ReportNumber.fixed(t, decimals: 4))\" stop-color=\"\(color)\"/>"
        }
        svg += "</linearGradient></defs>"
        svg += "<g class=\"colorbar\">"
        svg += "<rect x=\"\(num(left))\" y=\"\(num(top))\" width=\"\(num(width))\" height=\"\(num(height))\" fill=\"url(#\(id))\"/>"
        let labelX = num(left + width + 6)
        svg += "<text class=\"tick\" x=\"\(labelX)\" y=\"\(num(top))\" dy=\"0.8em\">\(ReportNumber.significant(scale.maximum, digits: 4))</text>"
        svg += "<text class=\"tick\" x=\"\(labelX)\" y=\"\(num(top + height))\">\(ReportNumber.significant(scale.minimum, digits: 4))</text>"
        let cx = num(left + width + 14)
        let cy = num(top + height / 2)
        svg += "<text class=\"axis-title\" x=\"\(cx)\" y=\"\(cy)\" text-anchor=\"middle\" transform=\"rotate(-90 \(cx) \(cy))\">\(title.htmlEscaped)</text>"
        svg += "</g>"
    }

    private func num(_ value: Double) -> String { ReportNumber.fixed(value, decimals: 2) }
}

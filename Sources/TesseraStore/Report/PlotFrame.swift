/// The rectangle of one plot inside an SVG, with its data-to-pixel scales and axis drawing.
///
/// Pixel y grows downwards, so the y scale is reversed: data y grows upwards.
struct PlotFrame: Sendable {
    /// The plot area's left edge in pixels.
    let left: Double
    /// The plot area's top edge in pixels.
    let top: Double
    /// The plot area's width in pixels.
    let width: Double
    /// The plot area's height in pixels.
    let height: Double
    /// Ticks (and data range) of the x axis.
    let xTicks: ReportTicks
    /// Ticks (and data range) of the y axis.
    let yTicks: ReportTicks

    /// Maps data x to pixels.
    var x: ReportLinearScale {
        ReportLinearScale(domainStart: xTicks.lower, domainEnd: xTicks.upper, rangeStart: left, rangeEnd: left + width)
    }

    /// Maps data y to pixels (upwards).
    var y: ReportLinearScale {
        ReportLinearScale(domainStart: yTicks.lower, domainEnd: yTicks.upper, rangeStart: top + height, rangeEnd: top)
    }

    /// The plot area's bottom edge in pixels.
    var bottom: Double { top + height }

    /// Appends grid lines (optional), the frame, tick marks, tick labels and axis titles.
    ///
    /// - Parameters:
    ///   - svg: The SVG markup to extend.
    ///   - xTitle: The x axis title (plain text; escaped here).
    ///   - yTitle: The y axis title, or `nil` for none.
    ///   - gridLines: Whether to draw light lines at the ticks across the plot.
    ///   - showYAxis: Whether to draw y ticks and labels (a 1-D strip has none).
    func drawAxes(into svg: inout String, xTitle: String, yTitle: String?, gridLines: Bool, showYAxis: Bool = true) {
        let x = self.x
        let y = self.y
        if gridLines {
            svg += "<g class=\"grid\">"
            for value in xTicks.values {
                let px = ReportNumber.fixed(x(value), decimals: 2)
                svg += "<line x1=\"\(px)\" y1=\"\(num(top))\" x2=\"\(px)\" y2=\"\(num(bottom))\"/>"
            }
            if showYAxis {
                for value in yTicks.values {
                    let py = ReportNumber.fixed(y(value), decimals: 2)
                    svg += "<line x1=\"\(num(left))\" y1=\"\(py)\" x2=\"\(num(left + width))\" y2=\"\(py)\"/>"
                }
            }
            svg += "</g>"
        }
        svg += "<rect class=\"frame\" x=\"\(num(left))\" y=\"\(num(top))\" width=\"\(num(width))\" height=\"\(num(height))\"/>"
        svg += "<g class=\"axis\">"
        for (value, label) in zip(xTicks.values, xTicks.labels) {
            let px = num(x(value))
            svg += "<line x1=\"\(px)\" y1=\"\(num(bottom))\" x2=\"\(px)\" y2=\"\(num(bottom + 5))\"/>"
            svg += "<text class=\"tick\" x=\"\(px)\" y=\"\(num(bottom + 18))\" text-anchor=\"middle\">\(label.htmlEscaped)</text>"
        }
        if showYAxis {
            for (value, label) in zip(yTicks.values, yTicks.labels) {
                let py = num(y(value))
                svg += "<line x1=\"\(num(left - 5))\" y1=\"\(py)\" x2=\"\(num(left))\" y2=\"\(py)\"/>"
                svg += "<text class=\"tick\" x=\"\(num(left - 8))\" y=\"\(py)\" dy=\"0.32em\" text-anchor=\"end\">\(label.htmlEscaped)</text>"
            }
        }
        svg += "</g>"
        svg += "<text class=\"axis-title\" x=\"\(num(left + width / 2))\" y=\"\(num(bottom + 38))\" text-anchor=\"middle\">\(xTitle.htmlEscaped)</text>"
        if let yTitle {
            let cx = num(left - 52)
            let cy = num(top + height / 2)
            svg += "<text class=\"axis-title\" x=\"\(cx)\" y=\"\(cy)\" text-anchor=\"middle\" transform=\"rotate(-90 \(cx) \(cy))\">\(yTitle.htmlEscaped)</text>"
        }
    }

    private func num(_ value: Double) -> String { ReportNumber.fixed(value, decimals: 2) }
}

/// A small SVG line chart of one run statistic against evaluations.
struct LineChart: Sendable {
    /// The chart's heading.
    let title: String
    /// The y axis title.
    let yTitle: String
    /// Evaluations of each point, increasing.
    let xs: [Double]
    /// The value of each point.
    let ys: [Double]
    /// The line colour, `#rrggbb`.
    let color: String
    /// Whether the y range must include zero (for counts and totals); all-zero values then
    /// get the range `0...1`.
    let includesZero: Bool
    /// Appended to y tick labels, e.g. `"%"`.
    let suffix: String
    /// Whether the values are counts, so y ticks fall on whole numbers.
    let isCount: Bool
    /// Shown instead of a line when there is no point.
    let emptyMessage: String

    /// Pixel sizes of every chart.
    enum Layout {
        static let width = 520.0
        static let height = 250.0
        static let left = 70.0
        static let top = 12.0
        static let right = 16.0
        static let bottom = 48.0
    }

    /// The most points drawn; longer histories are reduced to the first, lowest, highest and
    /// last point of each pixel column, which keeps the line's envelope.
    static let pointLimit = 2_000

    /// The chart as an `<svg>` element, its x axis titled `xTitle` (`NFE` for an EvoSearch run).
    func svg(xTitle: String = "evaluations") -> String {
        var xLow = 0.0
        var xHigh = 1.0
        var yLow = 0.0
        var yHigh = 1.0
        if let first = xs.first, let last = xs.last {
            xLow = min(0, first)
            xHigh = max(last, xLow + 1)
            yLow = ys.min() ?? 0
            yHigh = ys.max() ?? 1
            if includesZero {
                yLow = min(yLow, 0)
                yHigh = max(yHigh, 0)
                // A flat series at zero (nothing failed, nothing covered yet) gets the axis
                // 0...1: a count or a total never runs below zero. Other flat series keep
                // the span around their value that ReportTicks gives them.
                if yLow == 0 && yHigh == 0 { yHigh = 1 }
            }
        }
        let frame = PlotFrame(left: Layout.left, top: Layout.top,
                              width: Layout.width - Layout.left - Layout.right,
                              height: Layout.height - Layout.top - Layout.bottom,
                              xTicks: ReportTicks(lower: xLow, upper: xHigh, count: 5, minimumStep: 1),
                              yTicks: ReportTicks(lower: yLow, upper: yHigh, count: 5, extend: true, suffix: suffix,
                                                  minimumStep: isCount ? 1 : 0))
        let w = ReportNumber.fixed(Layout.width, decimals: 0)
        let h = ReportNumber.fixed(Layout.height, decimals: 0)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" role=\"img\" aria-label=\"\(title.htmlEscaped)\">"
        let x = frame.x
        let y = frame.y
        if xs.isEmpty {
            // No data, so no scale: a bare frame with the message.
            svg += "<rect class=\"frame\" x=\"\(num(frame.left))\" y=\"\(num(frame.top))\" width=\"\(num(frame.width))\" height=\"\(num(frame.height))\"/>"
            svg += "<text class=\"empty-message\" x=\"\(num(frame.left + frame.width / 2))\" y=\"\(num(frame.top + frame.height / 2))\" text-anchor=\"middle\">\(emptyMessage.htmlEscaped)</text>"
        } else {
            frame.drawAxes(into: &svg, xTitle: xTitle, yTitle: yTitle, gridLines: true)
            let kept = reducedIndices(pixels: frame.width)
            if kept.count > 1 {
                svg += "<polyline class=\"line\" stroke=\"\(color)\" points=\""
                for (k, index) in kept.enumerated() {
                    if k > 0 { svg += " " }
                    svg += num(x(xs[index])) + "," + num(y(ys[index]))
                }
                svg += "\"/>"
            }
            if kept.count <= 40 {
                for index in kept {
                    svg += "<circle class=\"marker\" cx=\"\(num(x(xs[index])))\" cy=\"\(num(y(ys[index])))\" r=\"3\" fill=\"\(color)\"/>"
                }
            }
        }
        svg += "</svg>"
        return svg
    }

    /// The indices of the points to draw: all of them, or per pixel column the first,
    /// lowest, highest and last, in order.
    private func reducedIndices(pixels: Double) -> [Int] {
        guard xs.count > Self.pointLimit, let first = xs.first, let last = xs.last, last > first else {
            return Array(xs.indices)
        }
        var kept = [Int]()
        var start = 0
        let columns = Int(pixels)
        while start < xs.count {
            let column = min(columns, Int((xs[start] - first) / (last - first) * Double(columns)))
            var end = start
            var lowest = start
            var highest = start
            while end + 1 < xs.count && min(columns, Int((xs[end + 1] - first) / (last - first) * Double(columns))) == column {
                end += 1
                if ys[end] < ys[lowest] { lowest = end }
                if ys[end] > ys[highest] { highest = end }
            }
            for index in Set([start, lowest, highest, end]).sorted() { kept.append(index) }
            start = end + 1
        }
        return kept
    }

    private func num(_ value: Double) -> String { ReportNumber.fixed(value, decimals: 2) }
}

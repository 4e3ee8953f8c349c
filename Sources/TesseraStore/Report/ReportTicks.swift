/// Axis ticks at "nice" values (1, 2 or 5 times a power of ten) with their labels.
struct ReportTicks: Sendable {
    /// The tick positions, increasing, in data units.
    let values: [Double]
    /// One label per tick.
    let labels: [String]
    /// The axis range: the requested one, or widened to whole steps when `extend` was set.
    let lower: Double
    /// The upper end of the axis range.
    let upper: Double
    /// The distance between ticks.
    let step: Double

    /// Ticks for the range `lower...upper`.
    ///
    /// A degenerate or non-finite range is widened so that the axis still has a span.
    /// Labels use a fixed number of decimals for the step, SI suffixes (`k`, `M`, `G`)
    /// from 10,000 on, and scientific notation for very small or very large ranges.
    ///
    /// - Parameters:
    ///   - lower: The smallest value to show.
    ///   - upper: The largest value to show.
    ///   - count: About how many ticks to place.
    ///   - extend: Whether to widen the range to the enclosing whole steps.
    ///   - suffix: Text appended to every label, e.g. `"%"`.
    ///   - minimumStep: The smallest tick step, e.g. 1 for counts.
    init(lower: Double, upper: Double, count: Int = 5, extend: Bool = false, suffix: String = "",
         minimumStep: Double = 0) {
        var low = lower.isFinite ? lower : 0
        var high = upper.isFinite ? upper : 1
        if low > high { (low, high) = (high, low) }
        if high - low <= 1e-12 * max(abs(low), abs(high)) || high == low {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let raw = (high - low) / Double(max(count, 1))
        let magnitude = ReportNumber.power10(ReportNumber.decimalExponent(raw))
        let normalized = raw / magnitude
        let step = max((normalized < 1.5 ? 1 : normalized < 3.5 ? 2 : normalized < 7.5 ? 5 : 10) * magnitude, minimumStep)
        if extend {
            // The 1e-9 slack absorbs rounding, so a bound on a whole step stays where it is.
            low = (low / step + 1e-9).rounded(.down) * step
            high = (high / step - 1e-9).rounded(.up) * step
        }
        var values = [Double]()
        let first = Int((low / step - 1e-9).rounded(.up))
        let last = Int((high / step + 1e-9).rounded(.down))
        if first <= last {
            for k in first...last { values.append(k == 0 ? 0 : Double(k) * step) }
        }
        self.values = values
        self.lower = low
        self.upper = high
        self.step = step
        let largest = max(abs(low), abs(high))
        self.labels = values.map { Self.label($0, step: step, largest: largest) + suffix }
    }

    private static func label(_ value: Double, step: Double, largest: Double) -> String {
        if largest >= 1e12 || largest < 1e-3 { return ReportNumber.significant(value, digits: 3) }
        if largest >= 1e4 {
            let (unit, symbol) = largest >= 1e9 ? (1e9, "G") : largest >= 1e6 ? (1e6, "M") : (1e3, "k")
            if value == 0 { return "0" }
            return ReportNumber.fixed(value / unit, decimals: ReportNumber.decimals(forStep: step / unit),
                                      trimZeros: false) + symbol
        }
        return ReportNumber.fixed(value, decimals: ReportNumber.decimals(forStep: step), trimZeros: false)
    }
}

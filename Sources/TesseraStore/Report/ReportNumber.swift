/// Locale-independent, deterministic number formatting for reports.
///
/// Foundation's formatters depend on the locale and platform; the report must print the
/// same bytes for the same input everywhere, so it formats numbers with integer arithmetic.
/// The command line and the built-in runs' messages share ``grouped(_:)`` with it.
public enum ReportNumber {
    /// `10^k` for `k` in `0...18`, each exactly representable.
    private static let powersOfTen: [Double] = (0...18).reduce(into: [Double]()) { table, k in
        table.append(k == 0 ? 1 : table[k - 1] * 10)
    }

    /// `x` rounded to `decimals` places (ties away from zero), e.g. `fixed(2.50, decimals: 2)`
    /// is `"2.5"`, or `"2.50"` when `trimZeros` is `false`.
    ///
    /// Values too large for the requested precision fall back to ``scientific(_:digits:)``.
    ///
    /// - Parameters:
    ///   - x: The value.
    ///   - decimals: Digits after the decimal point, clamped to `0...15`.
    ///   - trimZeros: Whether trailing zeros (and a bare decimal point) are dropped.
    /// - Returns: ASCII text such as `"-12.25"`; never `"-0"`.
    static func fixed(_ x: Double, decimals: Int, trimZeros: Bool = true) -> String {
        guard x.isFinite else { return nonFinite(x) }
        let places = min(max(decimals, 0), 15)
        let scaled = (x * powersOfTen[places]).rounded()
        guard abs(scaled) < 9.0e15 else { return scientific(x, digits: 6) }
        let magnitude = UInt64(abs(scaled))
        let unit = UInt64(powersOfTen[places])
        var fraction = magnitude % unit
        var fractionDigits = places
        if trimZeros {
            while fractionDigits > 0 && fraction % 10 == 0 {
                fraction /= 10
                fractionDigits -= 1
            }
        }
        var text = scaled < 0 && magnitude != 0 ? "-" : ""
        text += String(magnitude / unit)
        if fractionDigits > 0 {
            let digits = String(fraction)
            text += "."
            if digits.count < fractionDigits { text += String(repeating: "0", count: fractionDigits - digits.count) }
            text += digits
        }
        return text
    }

    /// `x` with about `digits` significant digits: plain notation for magnitudes from
    /// `1e-4` to below `1e6` (integers keep all their digits), scientific otherwise.
    ///
    /// - Parameters:
    ///   - x: The value.
    ///   - digits: Significant digits, at least 1.
    /// - Returns: Text such as `"0.001235"`, `"123457"` or `"1.235e+07"`.
    static func significant(_ x: Double, digits: Int = 4) -> String {
        guard x.isFinite else { return nonFinite(x) }
        guard x != 0 else { return "0" }
        let exponent = decimalExponent(abs(x))
        if exponent >= -4 && exponent < 6 {
            return fixed(x, decimals: max(0, max(digits, 1) - 1 - exponent))
        }
        return scientific(x, digits: digits)
    }

    /// `x` in scientific notation with `digits` significant digits, e.g. `"1.5e-07"`.
    static func scientific(_ x: Double, digits: Int) -> String {
        guard x.isFinite else { return nonFinite(x) }
        guard x != 0 else { return "0" }
        var exponent = decimalExponent(abs(x))
        var mantissa = x / power10(exponent)
        let places = max(digits, 1) - 1
        let unit = powersOfTen[min(places, 15)]
        if abs((mantissa * unit).rounded()) >= 10 * unit {
            exponent += 1
            mantissa = x / power10(exponent)
        }
        let sign = exponent < 0 ? "-" : "+"
        let magnitude = String(abs(exponent))
        return fixed(mantissa, decimals: places) + "e" + sign + (magnitude.count < 2 ? "0" : "") + magnitude
    }

    /// An integer with comma thousands separators, e.g. `"10,000"`.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var text = value < 0 ? "-" : ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { text += "," }
            text.append(digit)
        }
        return text
    }

    /// The smallest number of decimals (up to 12) that prints `step` and its multiples exactly.
    static func decimals(forStep step: Double) -> Int {
        guard step.isFinite && step > 0 else { return 0 }
        for places in 0...12 {
            let scaled = step * powersOfTen[places]
            if abs(scaled - scaled.rounded()) <= 1e-6 * max(1, scaled) { return places }
        }
        return 12
    }

    private static func nonFinite(_ x: Double) -> String {
        x.isNaN ? "NaN" : (x < 0 ? "-inf" : "inf")
    }

    /// `⌊log10(x)⌋` for a positive finite `x`, exact at powers of ten (no `log10` rounding).
    static func decimalExponent(_ x: Double) -> Int {
        precondition(x > 0 && x.isFinite)
        // Estimate from the binary exponent (log10(2) ≈ 0.30103), then correct so that
        // 10^exponent <= x < 10^(exponent + 1).
        var exponent = Int((Double(x.exponent) * 0.301029995663981).rounded(.down))
        while exponent > -330 && power10(exponent) > x { exponent -= 1 }
        while exponent < 310 && power10(exponent + 1) <= x { exponent += 1 }
        return exponent
    }

    /// `10^k` for any integer `k` in the double range.
    static func power10(_ k: Int) -> Double {
        if k >= 0 && k <= 18 { return powersOfTen[k] }
        if k < 0 && k >= -18 { return 1 / powersOfTen[-k] }
        var result = 1.0
        let factor = k < 0 ? 0.1 : 10
        for _ in 0..<abs(k) { result *= factor }
        return result
    }
}

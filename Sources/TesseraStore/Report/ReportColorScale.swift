import Foundation

/// Maps objectives to colours on a perceptually ordered ramp, dark purple (low) through
/// blue and green to yellow (high), in the spirit of viridis.
///
/// The ramp is computed, not tabulated: colours are taken along a path in the OKLCh space
/// (Ottosson 2020, "A perceptual color space for image processing") whose lightness rises
/// linearly from 0.27 to 0.93 while the hue turns from purple (295°) to yellow (100°).
/// Chroma is reduced where needed to stay inside sRGB. Because lightness is monotone, the
/// ramp stays ordered in grey scale and for common colour-vision deficiencies.
struct ReportColorScale: Sendable {
    /// Number of distinct colours on the ramp.
    static let levels = 256
    /// The ramp as `#rrggbb` strings, from low (index 0) to high.
    static let ramp: [String] = (0..<levels).map { hex(at: Double($0) / Double(levels - 1)) }
    /// The fill of empty cells: a light grey that no ramp colour comes close to.
    static let emptyColor = "#e4e4e4"

    /// The objective mapped to the low end of the ramp.
    let minimum: Double
    /// The objective mapped to the high end of the ramp.
    let maximum: Double

    /// A scale spanning the finite values among `values` (`0...1` when there are none).
    init(spanning values: some Sequence<Double>) {
        var low = Double.infinity
        var high = -Double.infinity
        for value in values where value.isFinite {
            low = min(low, value)
            high = max(high, value)
        }
        if low > high { (low, high) = (0, 1) }
        minimum = low
        maximum = high
    }

    /// The position of `value` on the ramp, in `0...1` (clamped; 1 when the range is empty).
    func fraction(of value: Double) -> Double {
        guard maximum > minimum else { return 1 }
        guard value.isFinite else { return value > 0 ? 1 : 0 }
        return min(max((value - minimum) / (maximum - minimum), 0), 1)
    }

    /// The `#rrggbb` colour of `value`.
    func color(of value: Double) -> String {
        Self.ramp[Int((fraction(of: value) * Double(Self.levels - 1)).rounded())]
    }

    /// The ramp colour at `t` in `0...1`, as `#rrggbb`.
    static func hex(at t: Double) -> String {
        let (r, g, b) = srgb(at: t)
        let digits = Array("0123456789abcdef")
        var text = "#"
        for channel in [r, g, b] {
            let byte = Int((min(max(channel, 0), 1) * 255).rounded())
            text.append(digits[byte / 16])
            text.append(digits[byte % 16])
        }
        return text
    }

    /// The OKLCh lightness of the ramp at `t` (monotone increasing).
    static func lightness(at t: Double) -> Double { 0.27 + 0.66 * t }

    /// Gamma-encoded sRGB components in `0...1` of the ramp at `t`.
    static func srgb(at t: Double) -> (Double, Double, Double) {
        let t = min(max(t, 0), 1)
        let lightness = lightness(at: t)
        let hue = (295 - 195 * t) * Double.pi / 180
        let wanted = 0.13 + 0.07 * t * t
        // Largest chroma up to `wanted` that stays inside the sRGB gamut (bisection).
        var inside = 0.0
        var outside = wanted
        if linearRGB(lightness, wanted * cos(hue), wanted * sin(hue)) == nil {
            for _ in 0..<30 {
                let middle = (inside + outside) / 2
                if linearRGB(lightness, middle * cos(hue), middle * sin(hue)) != nil { inside = middle } else { outside = middle }
            }
        } else {
            inside = wanted
        }
        let (r, g, b) = linearRGB(lightness, inside * cos(hue), inside * sin(hue)) ?? (lightness, lightness, lightness)
        return (encode(r), encode(g), encode(b))
    }

    /// Linear sRGB of an OKLab colour, or `nil` when it is outside the gamut.
    private static func linearRGB(_ lightness: Double, _ a: Double, _ b: Double) -> (Double, Double, Double)? {
        let l = pow(lightness + 0.3963377774 * a + 0.2158037573 * b, 3)
        let m = pow(lightness - 0.1055613458 * a - 0.0638541728 * b, 3)
        let s = pow(lightness - 0.0894841775 * a - 1.2914855480 * b, 3)
        let red = 4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s
        let green = -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s
        let blue = -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s
        let tolerance = 1e-9
        for channel in [red, green, blue] where channel < -tolerance || channel > 1 + tolerance { return nil }
        return (red, green, blue)
    }

    /// The sRGB transfer function.
    private static func encode(_ linear: Double) -> Double {
        let x = min(max(linear, 0), 1)
        return x <= 0.0031308 ? 12.92 * x : 1.055 * pow(x, 1 / 2.4) - 0.055
    }
}

/// The "linear projection" descriptors of Fontaine et al. (2020), used by the sphere and
/// Rastrigin tasks: components outside [−5.12, 5.12] are folded to `5.12 / x`, then the
/// first ⌊D/2⌋ components are summed into d₁ and the rest into d₂.
enum LinearProjection {
    /// The descriptor box: [−D/2 · 5.12, D/2 · 5.12]² (pyribs' measure ranges).
    static func descriptorSpace(dimension: Int) -> Box {
        let bound = Double(dimension) / 2 * 5.12
        return Box(dimension: 2, range: -bound...bound)
    }

    /// Writes the two descriptors of `x`.
    @inline(__always)
    static func descriptors(of x: UnsafeBufferPointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let half = x.count / 2
        var first = 0.0
        var second = 0.0
        for i in 0..<half { first += fold(x[i]) }
        for i in half..<x.count { second += fold(x[i]) }
        out[0] = first
        out[1] = second
    }

    @inline(__always)
    static func fold(_ v: Double) -> Double { (v < -5.12 || v > 5.12) ? 5.12 / v : v }
}

import Tessera

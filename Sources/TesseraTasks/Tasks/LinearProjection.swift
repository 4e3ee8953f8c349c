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
        out[0] = sum(x, 0 ..< half)
        out[1] = sum(x, half ..< x.count)
    }

    /// Σ fold(x[i]) over `range`, with four partial sums so the adds pipeline.
    @inline(__always)
    static func sum(_ x: UnsafeBufferPointer<Double>, _ range: Range<Int>) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = range.lowerBound
        while i + 4 <= range.upperBound {
            s0 += fold(x[i]); s1 += fold(x[i + 1]); s2 += fold(x[i + 2]); s3 += fold(x[i + 3])
            i += 4
        }
        while i < range.upperBound { s0 += fold(x[i]); i += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    @inline(__always)
    static func fold(_ v: Double) -> Double { (v < -5.12 || v > 5.12) ? 5.12 / v : v }
}

import Tessera

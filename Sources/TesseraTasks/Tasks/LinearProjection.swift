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

    /// Σ fold(x[i]) over `range`, with four partial sums so the adds pipeline: lane j of a
    /// vector sums the terms i ≡ j (mod 4) from the range's start, the tail joins lane 0,
    /// and the lanes add pairwise (the order of earlier builds' scalar sums, so the bits
    /// are the same).
    @inline(__always)
    static func sum(_ x: UnsafeBufferPointer<Double>, _ range: Range<Int>) -> Double {
        let start = x.baseAddress!
        let bound = SIMD4<Double>(repeating: 5.12)
        var s = SIMD4<Double>.zero
        var i = range.lowerBound
        while i + 4 <= range.upperBound {
            let v = UnsafeRawPointer(start + i).loadUnaligned(as: SIMD4<Double>.self)
            let outside = (v .< -bound) .| (v .> bound)
            s += any(outside) ? v.replacing(with: bound / v, where: outside) : v
            i += 4
        }
        var s0 = s[0]
        while i < range.upperBound { s0 += fold(x[i]); i += 1 }
        return (s0 + s[1]) + (s[2] + s[3])
    }

    @inline(__always)
    static func fold(_ v: Double) -> Double { (v < -5.12 || v > 5.12) ? 5.12 / v : v }
}

import Tessera

import Foundation

/// Standard normal deviates by the ziggurat method (Marsaglia & Tsang 2000), with 256
/// layers and the exact-tail scheme of Doornik (2005), on 64-bit draws.
///
/// Each draw takes one 64-bit word in about 99% of cases: 8 bits choose the layer and 53
/// bits give a uniform in (-1, 1). The tables are computed once, from the layer area `v`
/// and the base-strip edge `r` of the 256-layer ziggurat.
public enum NormalSampler {
    /// Edge of the base strip: the start of the tail.
    @usableFromInline static let r = 3.6541528853610088
    @usableFromInline static let layerArea = 0.00492867323399

    /// Layer edges x[0...256] (x[0] is the virtual width of the base strip; x[256] = 0).
    @usableFromInline static let x: [Double] = {
        var x = [Double](repeating: 0, count: 257)
        x[0] = layerArea / exp(-0.5 * r * r)
        x[1] = r
        for i in 2..<256 {
            x[i] = (-2 * log(layerArea / x[i - 1] + exp(-0.5 * x[i - 1] * x[i - 1]))).squareRoot()
        }
        x[256] = 0
        return x
    }()

    /// x[i+1] / x[i]: below this ratio a point lies inside the layer's rectangle.
    @usableFromInline static let ratio: [Double] = (0..<256).map { x[$0 + 1] / x[$0] }

    /// Draws one standard normal deviate.
    ///
    /// - Complexity: O(1) expected; about one 64-bit draw per deviate.
    @inlinable
    public static func next(using rng: inout some RandomNumberGenerator) -> Double {
        x.withUnsafeBufferPointer { x in
            ratio.withUnsafeBufferPointer { ratio in draw(x, ratio, &rng) }
        }
    }

    /// One deviate from the tables `x` and `ratio`.
    @inlinable @inline(__always)
    static func draw(_ x: UnsafeBufferPointer<Double>, _ ratio: UnsafeBufferPointer<Double>,
                     _ rng: inout some RandomNumberGenerator) -> Double {
        while true {
            let bits = rng.next()
            let u = Double(bits >> 11) * 0x1.0p-52 - 1  // uniform in [-1, 1)
            let i = Int(truncatingIfNeeded: bits & 0xFF)
            if abs(u) < ratio[i] { return u * x[i] }
            if i == 0 { return tail(negative: u < 0, using: &rng) }
            let xx = u * x[i]
            let f0 = exp(-0.5 * (x[i] * x[i] - xx * xx))
            let f1 = exp(-0.5 * (x[i + 1] * x[i + 1] - xx * xx))
            if f1 + rng.nextUnitDouble() * (f0 - f1) < 1 { return xx }
        }
    }

    /// Adds `scale` times a standard normal deviate to every element of `values`.
    ///
    /// - Complexity: O(values.count), looking the tables up once.
    @inlinable
    public static func addNoise(to values: UnsafeMutableBufferPointer<Double>, scale: Double,
                                using rng: inout some RandomNumberGenerator) {
        x.withUnsafeBufferPointer { x in
            ratio.withUnsafeBufferPointer { ratio in
                for i in 0..<values.count { values[i] += scale * draw(x, ratio, &rng) }
            }
        }
    }

    @usableFromInline
    static func tail(negative: Bool, using rng: inout some RandomNumberGenerator) -> Double {
        var t: Double
        var y: Double
        repeat {
            t = log(1 - rng.nextUnitDouble()) / r
            y = log(1 - rng.nextUnitDouble())
        } while -2 * y < t * t
        return negative ? t - r : r - t
    }

    /// Fills `out` with standard normal deviates.
    @inlinable
    public static func fill(_ out: UnsafeMutableBufferPointer<Double>, using rng: inout some RandomNumberGenerator) {
        x.withUnsafeBufferPointer { x in
            ratio.withUnsafeBufferPointer { ratio in
                for i in 0..<out.count { out[i] = draw(x, ratio, &rng) }
            }
        }
    }
}

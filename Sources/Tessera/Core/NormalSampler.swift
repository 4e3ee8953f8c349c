import Foundation

/// Standard normal deviates by the ziggurat method (Marsaglia & Tsang 2000), with 256
/// layers and the exact-tail scheme of Doornik (2005), on 64-bit draws.
///
/// Each draw takes one 64-bit word in about 99% of cases: 8 bits choose the layer and 53
/// bits give a uniform in [−1, 1). The tables are computed once, from the layer area `v`
/// and the base-strip edge `r` of the 256-layer ziggurat, and kept in one immortal
/// buffer so the hot loop reads them without closures or reference counting.
public enum NormalSampler {
    /// Edge of the base strip: the start of the tail.
    @usableFromInline static let r = 3.6541528853610088
    @usableFromInline static let layerArea = 0.00492867323399

    /// Layer edges x[0...256] followed by ratio[0..<256] = x[i+1] / x[i]. x[0] is the
    /// virtual width of the base strip; x[256] = 0. Then, for the vector sampler
    /// (``LaneSampler``), the density f[0...256] = exp(−x[i]²/2) and the pairs
    /// (x[i], ratio[i]) for i in 0..<256. Allocated once, never freed.
    @usableFromInline nonisolated(unsafe) static let tables: UnsafePointer<Double> = {
        let table = UnsafeMutablePointer<Double>.allocate(capacity: 257 + 256 + 257 + 512)
        table[0] = layerArea / exp(-0.5 * r * r)
        table[1] = r
        for i in 2..<256 {
            table[i] = (-2 * log(layerArea / table[i - 1] + exp(-0.5 * table[i - 1] * table[i - 1]))).squareRoot()
        }
        table[256] = 0
        for i in 0..<256 { table[257 + i] = table[i + 1] / table[i] }
        for i in 0...256 { table[513 + i] = exp(-0.5 * table[i] * table[i]) }
        for i in 0..<256 {
            table[770 + 2 * i] = table[i]
            table[771 + 2 * i] = table[257 + i]
        }
        return UnsafePointer(table)
    }()

    /// The layer edges x[0...256].
    public static var x: [Double] { Array(UnsafeBufferPointer(start: tables, count: 257)) }

    /// Draws one standard normal deviate.
    ///
    /// - Complexity: O(1) expected; about one 64-bit draw per deviate.
    @inlinable
    public static func next(using rng: inout some RandomNumberGenerator) -> Double {
        while true {
            let bits = rng.next()
            let i = Int(truncatingIfNeeded: bits & 0xFF)
            let u = Double(Int64(bitPattern: bits) >> 11) * 0x1.0p-52
            if let value = accept(tables, u, i, using: &rng) { return value }
        }
    }

    /// Draws one standard normal deviate from Tessera's stream type (the fast path).
    @inlinable
    public static func next(using rng: inout Xoshiro256) -> Double {
        draw(tables, &rng)
    }

    /// One deviate: the rectangle test inline; the rest (about 1% of draws) out of line,
    /// on a copy of the generator returned by value, so the generator's state can stay
    /// in registers through the caller's loop.
    @inlinable @inline(__always)
    static func draw(_ t: UnsafePointer<Double>, _ rng: inout Xoshiro256) -> Double {
        let bits = rng.next()
        let i = Int(truncatingIfNeeded: bits & 0xFF)
        // An arithmetic shift of the signed word gives a uniform in [−1, 1) with one
        // signed-integer conversion (unsigned conversion is slower on x86-64).
        let u = Double(Int64(bitPattern: bits) >> 11) * 0x1.0p-52
        if abs(u) < t[257 + i] { return u * t[i] }
        let (value, state) = slowDraw(t, u, i, rng)
        rng = state
        return value
    }

    /// Finishes a draw whose first candidate fell outside its layer's rectangle.
    @inline(never) @usableFromInline
    static func slowDraw(_ t: UnsafePointer<Double>, _ firstU: Double, _ firstLayer: Int,
                         _ state: Xoshiro256) -> (Double, Xoshiro256) {
        var rng = state
        var u = firstU
        var i = firstLayer
        while true {
            if let value = accept(t, u, i, using: &rng) { return (value, rng) }
            let bits = rng.next()
            i = Int(truncatingIfNeeded: bits & 0xFF)
            u = Double(Int64(bitPattern: bits) >> 11) * 0x1.0p-52
        }
    }

    /// The ziggurat's acceptance test for a candidate `u` in layer `i`: the rectangle,
    /// the tail beyond `r` (layer 0), or the wedge under the density; `nil` to retry.
    @usableFromInline
    static func accept(_ t: UnsafePointer<Double>, _ u: Double, _ i: Int, using rng: inout some RandomNumberGenerator) -> Double? {
        if abs(u) < t[257 + i] { return u * t[i] }
        if i == 0 { return tail(negative: u < 0, using: &rng) }
        let xx = u * t[i]
        let f0 = exp(-0.5 * (t[i] * t[i] - xx * xx))
        let f1 = exp(-0.5 * (t[i + 1] * t[i + 1] - xx * xx))
        return f1 + rng.nextUnitDouble() * (f0 - f1) < 1 ? xx : nil
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

    /// Adds `scale` times a standard normal deviate to every element of `values`.
    ///
    /// - Complexity: O(values.count).
    @inlinable
    public static func addNoise(to values: UnsafeMutableBufferPointer<Double>, scale: Double, using rng: inout Xoshiro256) {
        let t = tables
        var local = rng
        for i in 0..<values.count { values[i] += scale * draw(t, &local) }
        rng = local
    }

    /// Writes `base[i] + scale · N(0, 1)` into `out[i]` for every `i`.
    ///
    /// - Complexity: O(out.count).
    @inlinable
    public static func addNoise(to base: UnsafeBufferPointer<Double>, scale: Double, into out: UnsafeMutableBufferPointer<Double>,
                                using rng: inout Xoshiro256) {
        precondition(base.count == out.count)
        let t = tables
        var local = rng
        for i in 0..<out.count { out[i] = base[i] + scale * draw(t, &local) }
        rng = local
    }

    /// Fills `out` with standard normal deviates.
    @inlinable
    public static func fill(_ out: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256) {
        let t = tables
        var local = rng
        for i in 0..<out.count { out[i] = draw(t, &local) }
        rng = local
    }
}

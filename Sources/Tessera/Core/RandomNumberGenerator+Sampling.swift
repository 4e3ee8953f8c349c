extension RandomNumberGenerator {
    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable @inline(__always)
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in `0..<bound`, without modulo bias (Lemire 2019).
    ///
    /// - Precondition: `bound > 0`.
    @inlinable @inline(__always)
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "cannot draw from an empty range")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// A standard normal deviate, from the ziggurat of ``NormalSampler``.
    @inlinable
    public mutating func nextNormal() -> Double {
        NormalSampler.next(using: &self)
    }
}

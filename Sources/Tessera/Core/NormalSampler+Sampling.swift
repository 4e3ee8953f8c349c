extension NormalSampler {
    /// Writes `base[i] + scale · N(0, 1)` into `out[i]` for every `i`, drawing from `rng`
    /// by `sampling`.
    ///
    /// - Complexity: O(out.count).
    @inlinable
    public static func addNoise(to base: UnsafeBufferPointer<Double>, scale: Double, into out: UnsafeMutableBufferPointer<Double>,
                                using rng: inout Xoshiro256, sampling: NormalSampling) {
        switch sampling {
        case .serial:
            addNoise(to: base, scale: scale, into: out, using: &rng)
        case .lanes:
            precondition(base.count == out.count)
            LaneSampler.addNoise(base: base.baseAddress, scale: scale, into: out, using: &rng)
        }
    }

    /// Adds `scale` times a standard normal deviate to every element of `values`, drawing
    /// from `rng` by `sampling`.
    ///
    /// - Complexity: O(values.count).
    @inlinable
    public static func addNoise(to values: UnsafeMutableBufferPointer<Double>, scale: Double, using rng: inout Xoshiro256,
                                sampling: NormalSampling) {
        switch sampling {
        case .serial:
            addNoise(to: values, scale: scale, using: &rng)
        case .lanes:
            LaneSampler.addNoise(base: UnsafePointer(values.baseAddress), scale: scale, into: values, using: &rng)
        }
    }
}

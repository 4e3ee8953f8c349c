/// Adds isotropic Gaussian noise: `x' = x + σ · N(0, I)`, optionally brought back into a
/// box by clipping or reflection (the mutation of MAP-Elites in pyribs' `GaussianEmitter`).
public struct GaussianMutation: VectorMutation, Hashable {
    /// The noise standard deviation σ.
    public var sigma: Double
    /// Optional bounds applied after the noise.
    public var bounds: GenomeBounds?

    /// Creates the mutation.
    ///
    /// - Parameters:
    ///   - sigma: The noise standard deviation σ, finite and at least 0.
    ///   - bounds: Optional bounds applied after the noise.
    /// - Throws: ``ParameterError`` when `sigma` is negative, infinite or NaN.
    public init(sigma: Double, bounds: GenomeBounds? = nil) throws(ParameterError) {
        try ParameterError.requireNonNegative(sigma, Self.self, "sigma")
        self.sigma = sigma
        self.bounds = bounds
    }

    @inlinable
    public func mutate(_ x: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256) {
        NormalSampler.addNoise(to: x, scale: sigma, using: &rng)
        bounds?.apply(to: x)
    }

    /// Writes `parent + σ · N(0, I)` into `child` in one pass.
    @inlinable
    public func mutate(_ parent: UnsafeBufferPointer<Double>, into child: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256) {
        NormalSampler.addNoise(to: parent, scale: sigma, into: child, using: &rng)
        bounds?.apply(to: child)
    }
}

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

    /// Decodes the mutation, checking it as ``init(sigma:bounds:)`` does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ParameterError``'s message
    ///   for a bad sigma or box; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let sigma = try c.decode(Double.self, forKey: .sigma)
        let bounds = try c.decodeIfPresent(GenomeBounds.self, forKey: .bounds)
        self = try DecodingError.validating(decoder) { () throws(ParameterError) in try Self(sigma: sigma, bounds: bounds) }
    }

    /// The dimension of the bounds' box, or `nil` without bounds.
    public var genomeDimension: Int? { bounds?.box.dimension }

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

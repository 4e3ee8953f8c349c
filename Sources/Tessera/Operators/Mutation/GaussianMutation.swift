/// Adds isotropic Gaussian noise: `x' = x + σ · N(0, I)`, optionally brought back into a
/// box by clipping or reflection (the mutation of MAP-Elites in pyribs' `GaussianEmitter`).
public struct GaussianMutation: VectorMutation, Hashable {
    /// The noise standard deviation σ.
    public var sigma: Double
    /// Optional bounds applied after the noise.
    public var bounds: GenomeBounds?
    /// How the noise is drawn from the row's stream: ``NormalSampling/lanes`` unless
    /// given (a mutation decoded without one, saved before issue 14, draws
    /// ``NormalSampling/serial``).
    public var sampling: NormalSampling

    /// Creates the mutation.
    ///
    /// - Parameters:
    ///   - sigma: The noise standard deviation σ, finite and at least 0.
    ///   - bounds: Optional bounds applied after the noise.
    ///   - sampling: How the noise is drawn (``NormalSampling/lanes`` by default).
    /// - Throws: ``ParameterError`` when `sigma` is negative, infinite or NaN.
    public init(sigma: Double, bounds: GenomeBounds? = nil, sampling: NormalSampling = .lanes) throws(ParameterError) {
        try ParameterError.requireNonNegative(sigma, Self.self, "sigma")
        self.sigma = sigma
        self.bounds = bounds
        self.sampling = sampling
    }

    /// Decodes the mutation, checking it as ``init(sigma:bounds:sampling:)`` does; without
    /// a `sampling` key it is ``NormalSampling/serial``, the method of earlier builds.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ParameterError``'s message
    ///   for a bad sigma or box; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let sigma = try c.decode(Double.self, forKey: .sigma)
        let bounds = try c.decodeIfPresent(GenomeBounds.self, forKey: .bounds)
        let sampling = try c.decodeIfPresent(NormalSampling.self, forKey: .sampling) ?? .serial
        self = try DecodingError.validating(decoder) { () throws(ParameterError) in
            try Self(sigma: sigma, bounds: bounds, sampling: sampling)
        }
    }

    /// The dimension of the bounds' box, or `nil` without bounds.
    public var genomeDimension: Int? { bounds?.box.dimension }

    @inlinable
    public func mutate(_ x: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256) {
        NormalSampler.addNoise(to: x, scale: sigma, using: &rng, sampling: sampling)
        bounds?.apply(to: x)
    }

    /// Writes `parent + σ · N(0, I)` into `child` in one pass.
    @inlinable
    public func mutate(_ parent: UnsafeBufferPointer<Double>, into child: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256) {
        NormalSampler.addNoise(to: parent, scale: sigma, into: child, using: &rng, sampling: sampling)
        bounds?.apply(to: child)
    }

    /// Mutates the rows: with ``NormalSampling/lanes``, four rows at a time on the vector
    /// kernel (``LaneSampler``); with ``NormalSampling/serial``, one at a time.
    public func mutateRows(_ rows: VariationRows) {
        guard sampling == .lanes else {
            rows.forEachRow { r in mutate(rows.first(r), into: rows.child(r), using: &rows.streams[r]) }
            return
        }
        LaneSampler.addNoise(rows: rows.count, bases: rows.firsts, scale: sigma, into: rows.children, count: rows.dimension,
                             streams: rows.streams)
        if let bounds { for r in 0..<rows.count { bounds.apply(to: rows.child(r)) } }
    }
}

/// Adds isotropic Gaussian noise to a Float32 tensor: `x' = x + σ · N(0, I)`, the
/// mutation of MAP-Elites (``GaussianMutation``) for ``FloatTensor`` genomes.
///
/// Each deviate is drawn in double precision from the row's stream, scaled by σ and
/// rounded to `Float` once, so the noise is the same on every machine.
public struct TensorGaussianMutation: Mutation, Hashable {
    /// The noise standard deviation σ.
    public var sigma: Double

    /// Creates the mutation.
    ///
    /// - Parameter sigma: The noise standard deviation σ, finite and at least 0.
    /// - Throws: ``ParameterError`` when `sigma` is negative, infinite or NaN.
    public init(sigma: Double) throws(ParameterError) {
        try ParameterError.requireNonNegative(sigma, Self.self, "sigma")
        self.sigma = sigma
    }

    /// Decodes the mutation, checking it as ``init(sigma:)`` does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ParameterError``'s message
    ///   for a bad sigma; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let sigma = try c.decode(Double.self, forKey: .sigma)
        self = try DecodingError.validating(decoder) { () throws(ParameterError) in try Self(sigma: sigma) }
    }

    /// Returns `genome + σ · N(0, I)`, of the same shape.
    ///
    /// - Complexity: O(genome.count).
    public func mutate(_ genome: FloatTensor, using rng: inout Xoshiro256) -> FloatTensor {
        var child = genome
        child.values.withUnsafeMutableBufferPointer { mutate($0, using: &rng) }
        return child
    }

    /// Adds `σ · N(0, 1)` to every value of `x` in place (a row of a ``TensorColumn``).
    ///
    /// - Complexity: O(x.count).
    @inlinable
    public func mutate(_ x: UnsafeMutableBufferPointer<Float>, using rng: inout Xoshiro256) {
        var local = rng
        for i in 0..<x.count { x[i] += Float(sigma * NormalSampler.next(using: &local)) }
        rng = local
    }
}

/// Iso+LineDD (Vassiliades & Mouret 2018): `x' = x_i + σ_iso · N(0, I) + σ_line · N(0, 1) · (x_j − x_i)`
/// for two elites x_i and x_j, with one line draw per child.
///
/// The line term moves the child along the direction between two elites, which follows
/// the elite hypervolume's correlations; the isotropic term keeps exploring around it.
public struct IsoLineVariation: VectorVariation, Hashable {
    /// σ_iso.
    public var isoSigma: Double
    /// σ_line.
    public var lineSigma: Double

    /// Creates the operator.
    ///
    /// - Parameters:
    ///   - isoSigma: σ_iso, finite and at least 0.
    ///   - lineSigma: σ_line, finite and at least 0.
    /// - Throws: ``ParameterError`` when a sigma is negative, infinite or NaN.
    public init(isoSigma: Double, lineSigma: Double) throws(ParameterError) {
        try ParameterError.requireNonNegative(isoSigma, Self.self, "isoSigma")
        try ParameterError.requireNonNegative(lineSigma, Self.self, "lineSigma")
        self.isoSigma = isoSigma
        self.lineSigma = lineSigma
    }

    /// Decodes the operator, checking it as ``init(isoSigma:lineSigma:)`` does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ParameterError``'s message
    ///   for a bad sigma; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let isoSigma = try c.decode(Double.self, forKey: .isoSigma)
        let lineSigma = try c.decode(Double.self, forKey: .lineSigma)
        self = try DecodingError.validating(decoder) { () throws(ParameterError) in
            try Self(isoSigma: isoSigma, lineSigma: lineSigma)
        }
    }

    public var parentCount: Int { 2 }

    @inlinable
    public func vary(_ first: UnsafeBufferPointer<Double>, _ second: UnsafeBufferPointer<Double>,
                     into child: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256) {
        let line = lineSigma * NormalSampler.next(using: &rng)
        for i in 0..<child.count { child[i] = first[i] + line * (second[i] - first[i]) }
        NormalSampler.addNoise(to: child, scale: isoSigma, using: &rng)
    }
}

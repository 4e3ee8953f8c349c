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
    /// How the isotropic noise is drawn from the row's stream (the line's one deviate is
    /// always the stream's next ziggurat draw): ``NormalSampling/lanes`` unless given;
    /// ``NormalSampling/serial`` for an operator decoded without one.
    public var sampling: NormalSampling

    /// Creates the operator.
    ///
    /// - Parameters:
    ///   - isoSigma: σ_iso, finite and at least 0.
    ///   - lineSigma: σ_line, finite and at least 0.
    ///   - sampling: How the isotropic noise is drawn (``NormalSampling/lanes`` by default).
    /// - Throws: ``ParameterError`` when a sigma is negative, infinite or NaN.
    public init(isoSigma: Double, lineSigma: Double, sampling: NormalSampling = .lanes) throws(ParameterError) {
        try ParameterError.requireNonNegative(isoSigma, Self.self, "isoSigma")
        try ParameterError.requireNonNegative(lineSigma, Self.self, "lineSigma")
        self.isoSigma = isoSigma
        self.lineSigma = lineSigma
        self.sampling = sampling
    }

    /// Decodes the operator, checking it as ``init(isoSigma:lineSigma:sampling:)`` does;
    /// without a `sampling` key it is ``NormalSampling/serial``.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ParameterError``'s message
    ///   for a bad sigma; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let isoSigma = try c.decode(Double.self, forKey: .isoSigma)
        let lineSigma = try c.decode(Double.self, forKey: .lineSigma)
        let sampling = try c.decodeIfPresent(NormalSampling.self, forKey: .sampling) ?? .serial
        self = try DecodingError.validating(decoder) { () throws(ParameterError) in
            try Self(isoSigma: isoSigma, lineSigma: lineSigma, sampling: sampling)
        }
    }

    public var parentCount: Int { 2 }

    @inlinable
    public func vary(_ first: UnsafeBufferPointer<Double>, _ second: UnsafeBufferPointer<Double>,
                     into child: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256) {
        let line = lineSigma * NormalSampler.next(using: &rng)
        for i in 0..<child.count { child[i] = first[i] + line * (second[i] - first[i]) }
        NormalSampler.addNoise(to: child, scale: isoSigma, using: &rng, sampling: sampling)
    }

    /// Varies the rows: each row's line term from its stream's next deviate, then with
    /// ``NormalSampling/lanes`` the isotropic noise of four rows at a time on the vector
    /// kernel (``LaneSampler``); with ``NormalSampling/serial`` one row at a time.
    public func varyRows(_ rows: VariationRows) {
        guard sampling == .lanes else {
            rows.forEachRow { r in vary(rows.first(r), rows.second(r), into: rows.child(r), using: &rows.streams[r]) }
            return
        }
        rows.forEachRow { r in
            let line = lineSigma * NormalSampler.next(using: &rows.streams[r])
            let first = rows.first(r), second = rows.second(r), child = rows.child(r)
            for i in 0..<child.count { child[i] = first[i] + line * (second[i] - first[i]) }
        }
        rows.children.withMemoryRebound(to: UnsafePointer<Double>?.self, capacity: rows.count) { children in
            LaneSampler.addNoise(rows: rows.count, bases: children, scale: isoSigma, into: rows.children, count: rows.dimension,
                                 streams: rows.streams)
        }
    }
}

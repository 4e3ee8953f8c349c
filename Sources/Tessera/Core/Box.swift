/// An axis-aligned box in real space: the bounds of a descriptor space or of real genomes.
///
/// Like `ClosedRange`, whose bounds are usually constants in code, ``init(lower:upper:)``
/// stops the process on bounds that do not make a box. Bounds that come from a user (a
/// command-line flag, a configuration file) go through ``init(validatingLower:upper:)``,
/// which throws instead; a decoded box is checked the same way.
public struct Box: Codable, Hashable, Sendable {
    /// Lower bound per dimension.
    public let lower: [Double]
    /// Upper bound per dimension.
    public let upper: [Double]

    /// Creates a box from per-dimension bounds given in code, stopping the process on bad
    /// bounds as `ClosedRange` does.
    ///
    /// - Precondition: equal, non-zero lengths and `lower[i] < upper[i]`, all finite. Use
    ///   ``init(validatingLower:upper:)`` for bounds a user gave.
    public init(lower: [Double], upper: [Double]) {
        do {
            try Self.check(lower: lower, upper: upper)
        } catch {
            preconditionFailure(error.description)
        }
        self.lower = lower
        self.upper = upper
    }

    /// Creates a box from per-dimension bounds a user gave, refusing bounds that do not make
    /// a box.
    ///
    /// - Parameters:
    ///   - lower: Lower bound per dimension: at least one, all finite.
    ///   - upper: Upper bound per dimension: as many as `lower`, all finite, each above its
    ///     lower bound.
    /// - Throws: ``ParameterError`` naming the first bound at fault.
    public init(validatingLower lower: [Double], upper: [Double]) throws(ParameterError) {
        try Self.check(lower: lower, upper: upper)
        self.lower = lower
        self.upper = upper
    }

    /// Checks that the bounds make a box.
    private static func check(lower: [Double], upper: [Double]) throws(ParameterError) {
        try ParameterError.require(!lower.isEmpty, Self.self, "lower", "must hold at least one bound")
        try ParameterError.require(lower.count == upper.count, Self.self, "upper",
                                   "has \(upper.count) bounds, lower has \(lower.count)")
        for (i, (low, high)) in zip(lower, upper).enumerated() {
            try ParameterError.require(low.isFinite, Self.self, "lower[\(i)]", "must be finite (got \(low))")
            try ParameterError.require(high.isFinite, Self.self, "upper[\(i)]", "must be finite (got \(high))")
            try ParameterError.require(low < high, Self.self, "lower[\(i)]", "must be below upper[\(i)] (got \(low) and \(high))")
        }
    }

    private enum CodingKeys: String, CodingKey { case lower, upper }

    /// Decodes a box, checking its bounds as ``init(validatingLower:upper:)`` does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ParameterError``'s message
    ///   for bounds that do not make a box; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let lower = try c.decode([Double].self, forKey: .lower)
        let upper = try c.decode([Double].self, forKey: .upper)
        self = try DecodingError.validating(decoder) { () throws(ParameterError) in
            try Box(validatingLower: lower, upper: upper)
        }
    }

    /// A box with the same range in every dimension.
    public init(dimension: Int, range: ClosedRange<Double>) {
        self.init(lower: Array(repeating: range.lowerBound, count: dimension),
                  upper: Array(repeating: range.upperBound, count: dimension))
    }

    /// A box from one range per dimension.
    public init(_ ranges: [ClosedRange<Double>]) {
        self.init(lower: ranges.map(\.lowerBound), upper: ranges.map(\.upperBound))
    }

    /// The number of dimensions.
    public var dimension: Int { lower.count }

    /// Whether every coordinate of `point` lies inside the closed box.
    public func contains(_ point: some Collection<Double>) -> Bool {
        point.count == dimension && zip(point, zip(lower, upper)).allSatisfy { $0 >= $1.0 && $0 <= $1.1 }
    }

    /// Draws a point uniformly from the box into `out`.
    public func sample(into out: UnsafeMutableBufferPointer<Double>, using rng: inout some RandomNumberGenerator) {
        for i in 0..<dimension {
            out[i] = lower[i] + (upper[i] - lower[i]) * rng.nextUnitDouble()
        }
    }
}

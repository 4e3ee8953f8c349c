/// An axis-aligned box in real space: the bounds of a descriptor space or of real genomes.
public struct Box: Codable, Hashable, Sendable {
    /// Lower bound per dimension.
    public let lower: [Double]
    /// Upper bound per dimension.
    public let upper: [Double]

    /// Creates a box from per-dimension bounds.
    ///
    /// - Precondition: equal, non-zero lengths and `lower[i] < upper[i]`, all finite.
    public init(lower: [Double], upper: [Double]) {
        precondition(!lower.isEmpty && lower.count == upper.count, "bounds need equal, non-zero lengths")
        precondition(zip(lower, upper).allSatisfy { $0.isFinite && $1.isFinite && $0 < $1 },
                     "every lower bound must be finite and below its upper bound")
        self.lower = lower
        self.upper = upper
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

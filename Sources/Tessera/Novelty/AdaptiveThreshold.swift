import Foundation

/// The novelty threshold of Lehman & Stanley's archive and how it adapts
/// (`jal278/novelty-search-cpp`, the maze experiments of Lehman & Stanley 2011).
///
/// A candidate whose novelty **exceeds** the threshold enters the archive. The threshold
/// falls by ``lowerFactor`` (never below ``floor``) once ``stallEvaluations`` candidates
/// in a row were evaluated without an addition, and rises by ``raiseFactor`` when more
/// than ``raiseAbove`` candidates were added within one window of ``window`` candidates.
/// Both counts advance a batch at a time: a window closes at the first batch boundary at
/// or after ``window`` candidates, and the stall count at the first boundary at or after
/// ``stallEvaluations``; both then start again from 0. With batches of 250 this is the
/// original rule exactly (its "generation" of 250 offspring, and 10 idle generations).
public struct AdaptiveThreshold: Codable, Hashable, Sendable {
    /// The starting threshold (6.0 in the maze code, on the half-Manhattan scale).
    public var initial: Double
    /// The threshold never falls below this (0.25).
    public var floor: Double
    /// Multiplies the threshold after a stall (0.95; 1 disables lowering).
    public var lowerFactor: Double
    /// Candidates without an addition that make a stall (2,500).
    public var stallEvaluations: Int
    /// Multiplies the threshold after a busy window (1.2; 1 disables raising).
    public var raiseFactor: Double
    /// A window is busy when more candidates than this were added in it (4).
    public var raiseAbove: Int
    /// Candidates per window (250).
    public var window: Int

    /// Creates the rule; the defaults are the maze constants on the half-Manhattan scale.
    ///
    /// - Throws: ``ParameterError`` for a threshold or floor that is negative or not
    ///   finite, factors that are not finite and positive, or counts below 1 (0 for
    ///   `raiseAbove`).
    public init(initial: Double = 6.0, floor: Double = 0.25, lowerFactor: Double = 0.95, stallEvaluations: Int = 2_500,
                raiseFactor: Double = 1.2, raiseAbove: Int = 4, window: Int = 250) throws(ParameterError) {
        try ParameterError.requireNonNegative(initial, Self.self, "initial")
        try ParameterError.requireNonNegative(floor, Self.self, "floor")
        try ParameterError.require(lowerFactor.isFinite && lowerFactor > 0, Self.self, "lowerFactor",
                                   "must be finite and positive (got \(lowerFactor))")
        try ParameterError.require(raiseFactor.isFinite && raiseFactor > 0, Self.self, "raiseFactor",
                                   "must be finite and positive (got \(raiseFactor))")
        try ParameterError.requirePositive(stallEvaluations, Self.self, "stallEvaluations")
        try ParameterError.requirePositive(window, Self.self, "window")
        try ParameterError.require(raiseAbove >= 0, Self.self, "raiseAbove", "must be at least 0 (got \(raiseAbove))")
        self.initial = initial
        self.floor = floor
        self.lowerFactor = lowerFactor
        self.stallEvaluations = stallEvaluations
        self.raiseFactor = raiseFactor
        self.raiseAbove = raiseAbove
        self.window = window
    }

    private enum CodingKeys: String, CodingKey {
        case initial, floor, lowerFactor, stallEvaluations, raiseFactor, raiseAbove, window
    }

    /// Decodes the rule, checking it as the initialiser does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` for a value the initialiser refuses.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let values = (try c.decode(Double.self, forKey: .initial), try c.decode(Double.self, forKey: .floor),
                      try c.decode(Double.self, forKey: .lowerFactor), try c.decode(Int.self, forKey: .stallEvaluations),
                      try c.decode(Double.self, forKey: .raiseFactor), try c.decode(Int.self, forKey: .raiseAbove),
                      try c.decode(Int.self, forKey: .window))
        self = try DecodingError.validating(decoder) { () throws(ParameterError) in
            try Self(initial: values.0, floor: values.1, lowerFactor: values.2, stallEvaluations: values.3,
                     raiseFactor: values.4, raiseAbove: values.5, window: values.6)
        }
    }

    /// The maze rule (threshold 6.0, floor 0.25, ×0.95 after 2,500 idle candidates, ×1.2
    /// above 4 additions in 250) on the scale of `distance` in `dimension` dimensions.
    ///
    /// The constants were set on the half-Manhattan scale; for the Euclidean distance
    /// the threshold and floor are multiplied by ``euclideanPerHalfManhattan(dimension:)``
    /// (π/2 ≈ 1.571 in two dimensions: 6.0 becomes ≈ 9.42).
    public static func maze(distance: BehaviourDistance = .halfManhattan, dimension: Int = 2) -> AdaptiveThreshold {
        let scale = distance == .euclidean ? euclideanPerHalfManhattan(dimension: dimension) : 1
        return try! AdaptiveThreshold(initial: 6.0 * scale, floor: 0.25 * scale)
    }

    /// The maze rule carried over to another descriptor space: its threshold and floor
    /// multiplied by the mean side of `box` over 200, the mean side of the mazes' boxes the
    /// constants were set for (hard 194.5, medium 208), on the scale of `distance`.
    ///
    /// Without it, a domain whose descriptors span [0, 1] would never pass the maze's
    /// threshold of 6 (the rule lowers it by 5% per 2,500 idle evaluations only), and its
    /// novelty archive would stay empty.
    public static func scaled(to box: Box, distance: BehaviourDistance = .euclidean) -> AdaptiveThreshold {
        let meanSide = zip(box.lower, box.upper).reduce(0) { $0 + ($1.1 - $1.0) } / Double(max(1, box.dimension))
        let rule = maze(distance: distance, dimension: box.dimension)
        let factor = meanSide / 200
        return try! AdaptiveThreshold(initial: rule.initial * factor, floor: rule.floor * factor)
    }

    /// The ratio of the Euclidean length to the half-Manhattan length of a step in a
    /// uniformly random direction, averaged over directions: `1 / ((d/2) · E|u₁|)` with
    /// `E|u₁| = Γ(d/2) / (√π · Γ((d+1)/2))` for a unit vector `u` in `d` dimensions.
    ///
    /// It is π/2 for d = 2 (E(|cos θ| + |sin θ|) = 4/π); two uniform points in a square give
    /// nearly the same ratio (0.5214 / (1/3) ≈ 1.564).
    ///
    /// - Precondition: `dimension` ≥ 1.
    public static func euclideanPerHalfManhattan(dimension d: Int) -> Double {
        precondition(d >= 1, "dimension must be at least 1")
        let x = Double(d)
        let meanAbsoluteComponent = exp(lgamma(x / 2) - lgamma((x + 1) / 2)) / Double.pi.squareRoot()
        return 1 / (x / 2 * meanAbsoluteComponent)
    }
}

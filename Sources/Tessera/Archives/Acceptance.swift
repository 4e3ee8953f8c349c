/// The rule deciding whether a row enters its cell: beat the cell's threshold.
///
/// With the defaults (learning rate 1, no minimum) the threshold is the elite's objective:
/// plain elitist MAP-Elites. A learning rate below 1 gives CMA-MAE's soft thresholds
/// (Fontaine & Nikolaidis 2023): after k accepted rows with mean objective f̄ land in a
/// cell in one batch, `t ← (1−α)^k · t + (1 − (1−α)^k) · f̄`, and an empty cell starts at
/// `thresholdMin`.
public struct Acceptance: Codable, Hashable, Sendable {
    /// α in [0, 1].
    public let learningRate: Double
    /// The threshold of an empty cell.
    public let thresholdMin: Double

    /// Plain MAP-Elites: the threshold is the elite's objective.
    public static let elitist = Acceptance(uncheckedLearningRate: 1, thresholdMin: -.infinity)

    /// Soft thresholds with learning rate `learningRate`, starting at `thresholdMin`.
    ///
    /// - Throws: ``ArchiveError/invalidAcceptance(_:)`` when α is outside [0, 1], or when
    ///   `thresholdMin` is −∞ and α ≠ 1 (as in pyribs).
    public init(learningRate: Double, thresholdMin: Double) throws {
        guard (0...1).contains(learningRate) else {
            throw ArchiveError.invalidAcceptance("learning rate \(learningRate) is outside [0, 1]")
        }
        guard thresholdMin.isFinite || (thresholdMin == -.infinity && learningRate == 1) else {
            throw ArchiveError.invalidAcceptance("thresholdMin must be finite when the learning rate is not 1")
        }
        self.init(uncheckedLearningRate: learningRate, thresholdMin: thresholdMin)
    }

    private init(uncheckedLearningRate: Double, thresholdMin: Double) {
        self.learningRate = uncheckedLearningRate
        self.thresholdMin = thresholdMin
    }

    private enum CodingKeys: String, CodingKey { case learningRate, thresholdMin }

    /// Decodes a rule, checking it as ``init(learningRate:thresholdMin:)`` does; a missing
    /// `thresholdMin` means −∞ (JSON has no infinities).
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ArchiveError``'s message for
    ///   a rule that cannot work; any error of the decoder.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let learningRate = try c.decode(Double.self, forKey: .learningRate)
        let thresholdMin = try c.decodeIfPresent(Double.self, forKey: .thresholdMin) ?? -.infinity
        self = try DecodingError.validating(decoder) { try Acceptance(learningRate: learningRate, thresholdMin: thresholdMin) }
    }

    /// Encodes the rule, leaving out an infinite `thresholdMin`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(learningRate, forKey: .learningRate)
        if thresholdMin.isFinite { try c.encode(thresholdMin, forKey: .thresholdMin) }
    }

    /// Whether this is plain elitism (threshold = elite objective).
    public var isElitist: Bool { learningRate == 1 && thresholdMin == -.infinity }
}

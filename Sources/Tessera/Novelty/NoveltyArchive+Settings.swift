extension NoveltyArchive {
    /// How a novelty archive admits and evicts behaviours: its configuration, `Codable`
    /// and never part of the saved state.
    public struct Settings: Codable, Hashable, Sendable {
        /// The admission rule.
        public var rule: Rule
        /// The most behaviours kept, or `nil` for an unbounded archive.
        public var capacity: Int?
        /// Which behaviours leave a full archive.
        public var removal: Removal

        /// Creates the settings.
        ///
        /// - Parameters:
        ///   - rule: The admission rule: the maze's adaptive threshold by default.
        ///   - capacity: The most behaviours kept (at least 1), or `nil` for no limit.
        ///   - removal: Which behaviours leave when the archive is over capacity.
        /// - Throws: ``ParameterError`` for a capacity below 1 or a probability outside [0, 1].
        public init(rule: Rule = .threshold(.maze()), capacity: Int? = nil, removal: Removal = .firstInFirstOut) throws(ParameterError) {
            if let capacity { try ParameterError.requirePositive(capacity, Self.self, "capacity") }
            if case .probability(let p) = rule {
                try ParameterError.require(p >= 0 && p <= 1, Self.self, "rule", "has probability \(p), outside [0, 1]")
            }
            self.rule = rule
            self.capacity = capacity
            self.removal = removal
        }

        private enum CodingKeys: String, CodingKey { case rule, capacity, removal }

        /// Decodes the settings, checking them as the initialiser does.
        ///
        /// - Throws: `DecodingError.dataCorrupted` for a value the initialiser refuses.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let rule = try c.decode(Rule.self, forKey: .rule)
            let capacity = try c.decodeIfPresent(Int.self, forKey: .capacity)
            let removal = try c.decode(Removal.self, forKey: .removal)
            self = try DecodingError.validating(decoder) { () throws(ParameterError) in
                try Self(rule: rule, capacity: capacity, removal: removal)
            }
        }
    }

    /// When a candidate enters the archive.
    public enum Rule: Codable, Hashable, Sendable {
        /// When its novelty exceeds a threshold that adapts (Lehman & Stanley's rule).
        case threshold(AdaptiveThreshold)
        /// With a fixed probability, drawn from the candidate's own random stream
        /// (sferes2's `add_to_archive_prob`; TAXONS-like random archives).
        case probability(Double)
    }

    /// Which behaviours leave an archive over capacity.
    public enum Removal: String, Codable, Hashable, Sendable {
        /// The oldest first (Lehman & Stanley's capped archive of 250).
        case firstInFirstOut = "fifo"
        /// The one with the lowest novelty at its admission first (the oldest among equals).
        case leastNovel = "least-novel"
    }
}

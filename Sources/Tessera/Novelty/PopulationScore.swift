/// What a ``PopulationEmitter`` selects on: the one choice that makes it a genetic
/// algorithm, novelty search or novelty search with local competition.
public enum PopulationScore: String, Codable, Hashable, Sendable, CaseIterable {
    /// The objective: a plain generational GA, the fitness-based baseline.
    case objective
    /// Novelty: the mean distance to the k nearest behaviours (Lehman & Stanley 2011).
    case novelty
    /// NSLC: NSGA-II on (novelty, local competition), fronts then crowding distance
    /// (Lehman & Stanley 2011, GECCO; see ``ParetoRanking`` and ``LocalCompetition``).
    case noveltyWithLocalCompetition = "novelty-local-competition"

    /// Whether the score needs behaviours and a novelty archive.
    public var usesNovelty: Bool { self != .objective }
}

/// A novelty archive's figures at a glance.
public struct NoveltyArchiveStats: Codable, Hashable, Sendable {
    /// Behaviours held.
    public var count: Int
    /// The current threshold, or `nil` for an archive that admits by probability.
    public var threshold: Double?
    /// Behaviours admitted since the start (removed ones included).
    public var additions: Int
    /// Behaviours removed because the archive was over capacity.
    public var removals: Int
    /// Candidates considered since the start.
    public var evaluations: Int
}

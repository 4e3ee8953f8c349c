/// The state of a run after some number of evaluations, one point of the progress charts.
public struct ReportHistoryPoint: Sendable, Equatable {
    /// Evaluations so far (the x axis of every chart).
    public var evaluations: Int
    /// The QD score: the sum over occupied cells of the objective less the archive's offset.
    public var qdScore: Double
    /// The fraction of cells occupied, in `0...1`; the chart shows it as a percentage.
    public var coverage: Double
    /// The best objective in the archive, or `nil` while it is empty.
    public var bestObjective: Double?
    /// Failed evaluations so far (cumulative).
    public var failed: Int

    /// Creates a history point.
    ///
    /// - Parameters:
    ///   - evaluations: Evaluations so far.
    ///   - qdScore: The QD score.
    ///   - coverage: The fraction of cells occupied, in `0...1`.
    ///   - bestObjective: The best objective, or `nil` while the archive is empty.
    ///   - failed: Failed evaluations so far.
    public init(evaluations: Int, qdScore: Double, coverage: Double, bestObjective: Double?, failed: Int) {
        self.evaluations = evaluations
        self.qdScore = qdScore
        self.coverage = coverage
        self.bestObjective = bestObjective
        self.failed = failed
    }
}

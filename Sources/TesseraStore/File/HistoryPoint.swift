/// The archive's figures after one iteration, as kept in a file's `history` table.
public struct HistoryPoint: Codable, Hashable, Sendable {
    /// The iteration (1 for the first).
    public var iteration: Int
    /// Evaluations performed by then.
    public var evaluations: Int
    /// QD score.
    public var qdScore: Double
    /// QD score / cells.
    public var normQDScore: Double
    /// Elites / cells.
    public var coverage: Double
    /// The number of elites.
    public var numElites: Int
    /// The best objective (`nil` while empty).
    public var objMax: Double?
    /// The mean objective (`nil` while empty).
    public var objMean: Double?
    /// Failed evaluations by then.
    public var failed: Int

    /// Creates a point from archive figures.
    public init(iteration: Int, evaluations: Int, stats: ArchiveStats, failed: Int) {
        self.iteration = iteration
        self.evaluations = evaluations
        qdScore = stats.qdScore
        normQDScore = stats.normQDScore
        coverage = stats.coverage
        numElites = stats.numElites
        objMax = stats.objMax
        objMean = stats.objMean
        self.failed = failed
    }
}

import Tessera

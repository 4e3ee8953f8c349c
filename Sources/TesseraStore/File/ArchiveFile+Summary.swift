import Foundation
import Tessera

/// A saved run's headline figures, read from its file.
public struct FileSummary: Sendable {
    /// The archive's figures, summed in insertion order exactly as the run computed them.
    public var stats: ArchiveStats
    /// Evaluations performed by the last checkpoint.
    public var evaluations: Int
    /// Iterations completed by the last checkpoint.
    public var iterations: Int
    /// Failed evaluations by the last checkpoint.
    public var failedEvaluations: Int
    /// Failed evaluations by kind.
    public var failuresByKind: [String: Int]
    /// Transient failures that were retried (not evaluations; 0 in files written before
    /// retries were counted).
    public var retries: Int
    /// The run's objective target ("solved") and when it was first passed, for runs that track one.
    public var target: ObjectiveTarget?
    /// Checkpoints written.
    public var checkpoints: Int
}

extension ArchiveFile {
    /// The headline figures of the last checkpoint, from the result archive when the file
    /// has one (``reported``).
    public func summary() throws -> FileSummary {
        try reading {
            let statement = try database.prepare("SELECT objective FROM \(reported.table) ORDER BY position")
            var n = 0, sum = 0.0, qd = 0.0, best = -Double.infinity
            while try statement.step() {
                let objective = statement.double(0)
                n += 1
                sum += objective
                qd += objective - header.qdScoreOffset
                best = max(best, objective)
            }
            // An unstructured archive without a capacity is "full" with what it holds (as
            // UnstructuredArchive.stats counts it).
            let cells = Double(header.cells > 0 ? header.cells : max(n, 1))
            let coverage = header.cells > 0 ? Double(n) / cells : (n > 0 ? 1 : 0)
            let stats = ArchiveStats(numElites: n, coverage: coverage, qdScore: qd, normQDScore: qd / cells,
                                     objMax: n > 0 ? best : nil, objMean: n > 0 ? sum / Double(n) : nil)
            let state = try schedulerState()
            return FileSummary(stats: stats, evaluations: state?.evaluations ?? 0, iterations: state?.iteration ?? 0,
                               failedEvaluations: state?.failures.count ?? 0, failuresByKind: state?.failures.byKind ?? [:],
                               retries: state?.failures.retries ?? 0, target: state?.target,
                               checkpoints: Int(try database.scalarInt("SELECT count(*) FROM checkpoints") ?? 0))
        }
    }
}

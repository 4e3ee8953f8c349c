import Foundation
import Tessera
import TesseraTasks

/// A built-in task run tied to its archive file: it checkpoints as it goes and can be
/// resumed exactly from the file.
public final class SavedRun {
    /// The run's file.
    public let file: ArchiveFile
    /// The run (scheduler and domain).
    public private(set) var run: any TaskRun
    /// History points not yet written.
    private var pendingHistory: [HistoryPoint] = []

    private init(file: ArchiveFile, run: any TaskRun) {
        self.file = file
        self.run = run
    }

    /// The run's configuration.
    public var configuration: RunConfiguration { run.configuration }

    /// Builds the run (CVT centroids included), then creates its file atomically, holding
    /// the configuration and the empty archive, before any evaluation.
    ///
    /// - Throws: ``StoreError`` and configuration errors.
    public static func start(_ configuration: RunConfiguration, at url: URL, overwrite: Bool) throws -> SavedRun {
        if FileManager.default.fileExists(atPath: url.path) && !overwrite { throw StoreError.exists(path: url.path) }
        let run = try configuration.makeRun()
        guard let backed = run as? any SchedulerBackedRun else { preconditionFailure("built-in runs expose their scheduler") }
        let file = try create(for: backed, configuration: configuration, at: url, overwrite: overwrite)
        return SavedRun(file: file, run: run)
    }

    private static func create<R: SchedulerBackedRun>(for run: R, configuration: RunConfiguration, at url: URL,
                                                      overwrite: Bool) throws -> ArchiveFile {
        let archive = run.scheduler.archive
        let cvt = archive as? CVTArchive<[Double]>
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try ArchiveFile.create(at: url, header: ArchiveHeader(describing: archive, tesseraVersion: TesseraInfo.version),
                                      configuration: configuration.fields, configurationJSON: try encoder.encode(configuration),
                                      centroids: cvt?.centroids, construction: cvt?.construction, overwrite: overwrite)
    }

    /// The configuration and progress of a saved run, read without writing anything.
    ///
    /// - Throws: ``StoreError`` for a missing, damaged, foreign or newer file.
    public static func inspect(_ url: URL) throws -> (configuration: RunConfiguration, evaluations: Int) {
        let file = try ArchiveFile.open(url, mode: .readOnly)
        return (try configuration(of: file), try file.schedulerState()?.evaluations ?? 0)
    }

    private static func configuration(of file: ArchiveFile) throws -> RunConfiguration {
        do {
            return try JSONDecoder().decode(RunConfiguration.self, from: try file.configurationJSON())
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.mismatch(path: file.path, detail: "not a run of a built-in task (written by a program's own "
                                      + "scheduler?); resume it from that program with ArchiveFile.restore(into:)")
        }
    }

    /// Opens a run's file and restores its last checkpoint. The file is not written until
    /// the first checkpoint.
    ///
    /// - Throws: ``StoreError`` for a missing, damaged, foreign or newer file.
    public static func resume(_ url: URL) throws -> SavedRun {
        let file = try ArchiveFile.open(url, mode: .readWrite)
        let configuration = try configuration(of: file)
        let run = try configuration.makeRun(centroids: try file.centroids(), construction: try file.cvtConstruction())
        guard var backed = run as? any SchedulerBackedRun else { preconditionFailure("built-in runs expose their scheduler") }
        try restore(&backed, from: file)
        return SavedRun(file: file, run: backed)
    }

    private static func restore<R: SchedulerBackedRun>(_ run: inout R, from file: ArchiveFile) throws {
        try file.restore(into: &run.scheduler)
    }

    /// Runs to `totalEvaluations` evaluations in all, writing a checkpoint by `policy`
    /// and at the end (or when `shouldStop` turns true, at the next iteration boundary).
    ///
    /// - Parameters:
    ///   - progress: Called after every iteration.
    /// - Returns: Whether the budget was reached (`false` when stopped).
    /// - Throws: ``StoreError`` when a checkpoint cannot be written; the file keeps the
    ///   previous checkpoint.
    public func run(totalEvaluations: Int, evaluator: ParallelEvaluator, policy: CheckpointPolicy,
                    shouldStop: @escaping () -> Bool,
                    progress: @escaping (RunProgress, () -> ArchiveStats) -> Void) async throws -> Bool {
        let start = Date()
        var lastCheckpoint = start
        var nextEvaluations: Int? = nil
        if case .everyEvaluations(let n) = policy { nextEvaluations = (run.evaluations / n + 1) * n }
        while true {
            var due = false
            var history: [HistoryPoint] = []
            let completed = await run.run(totalEvaluations: totalEvaluations, evaluator: evaluator) { status, stats in
                let figures = stats()
                history.append(HistoryPoint(iteration: status.iteration, evaluations: status.evaluations, stats: figures,
                                            failed: status.failedEvaluations))
                progress(status) { figures }
                switch policy {
                case .interval(let seconds): due = Date().timeIntervalSince(lastCheckpoint) >= seconds
                case .everyEvaluations(let n):
                    if status.evaluations >= nextEvaluations! {
                        due = true
                        nextEvaluations = (status.evaluations / n + 1) * n
                    }
                case .endOnly: due = false
                }
                return !due && !shouldStop()
            }
            pendingHistory += history
            try checkpoint(wallSeconds: Date().timeIntervalSince(start))
            lastCheckpoint = Date()
            if completed { return true }
            if shouldStop() { return false }
        }
    }

    /// Writes a checkpoint now.
    public func checkpoint(wallSeconds: Double) throws {
        guard let backed = run as? any SchedulerBackedRun else { return }
        try write(backed, wallSeconds: wallSeconds)
        pendingHistory.removeAll()
    }

    private func write<R: SchedulerBackedRun>(_ run: R, wallSeconds: Double) throws {
        try file.writeCheckpoint(run.scheduler, history: pendingHistory, wallSeconds: wallSeconds)
    }

    /// Leaves the file self-contained (write-ahead log folded, rollback-journal mode).
    public func finish() throws { try file.finish() }
}

import Foundation
import Tessera

/// A scheduler tied to its archive file: the run loop that checkpoints as it goes and
/// stops cleanly on request, for any scheduler (any genome, any archive, your own
/// emitters). The built-in runs of `tessera` are built on it.
///
/// ```swift
/// let saved = try CheckpointedRun.create(scheduler, at: url, configuration: [("domain", "mine")])
/// StopSignal.install()
/// let completed = try await saved.run(domain: domain, totalEvaluations: 1_000_000, evaluator: evaluator,
///                                     policy: .interval(seconds: 30), shouldStop: { StopSignal.number != 0 })
/// try saved.finish()
///
/// // Later, or in another process: rebuild the same scheduler, then go on.
/// let again = try CheckpointedRun.resume(sameScheduler, from: url)
/// ```
///
/// The file is locked for writing while this object lives (``ArchiveLock``).
public final class CheckpointedRun<A: Archive> {
    /// The run's file.
    public let file: ArchiveFile
    /// The scheduler: archive, emitters, counters.
    public private(set) var scheduler: Scheduler<A>
    /// History points not yet written.
    private var pendingHistory: [HistoryPoint] = []

    /// Ties `scheduler` to an open, writable `file` whose archive has its shape.
    public init(file: ArchiveFile, scheduler: Scheduler<A>) {
        self.file = file
        self.scheduler = scheduler
    }

    /// Creates the file of a new run (atomically, with the empty archive) and ties the
    /// scheduler to it.
    ///
    /// - Parameters:
    ///   - configuration: Free key/value pairs kept in the `run_config` table.
    ///   - configurationJSON: Anything your code needs to rebuild the run (kept verbatim).
    ///   - settings: The budget and other settings to keep with the run, if any.
    /// - Throws: ``StoreError``.
    public static func create(_ scheduler: Scheduler<A>, at url: URL, configuration: [(String, String)] = [],
                              configurationJSON: Data = Data("{}".utf8), settings: RunSettings? = nil,
                              overwrite: Bool = false, lock: ArchiveLock? = nil) throws -> CheckpointedRun {
        let file = try ArchiveFile.create(for: scheduler, at: url, configuration: configuration,
                                          configurationJSON: configurationJSON, settings: settings,
                                          overwrite: overwrite, lock: lock)
        return CheckpointedRun(file: file, scheduler: scheduler)
    }

    /// Opens a run's file for writing and restores its last checkpoint into `scheduler`,
    /// which must be built as the saved one was (same archive shape, emitters, seed).
    ///
    /// - Throws: ``StoreError`` for a missing, damaged, busy or mismatched file.
    public static func resume(_ scheduler: Scheduler<A>, from url: URL) throws -> CheckpointedRun {
        let file = try ArchiveFile.open(url, mode: .readWrite)
        var restored = scheduler
        try file.restore(into: &restored)
        return CheckpointedRun(file: file, scheduler: restored)
    }

    /// Runs to `totalEvaluations` evaluations in all, writing a checkpoint by `policy`
    /// and at the end, or when `shouldStop` turns true (at the next iteration boundary).
    ///
    /// - Parameters:
    ///   - domain: The domain evaluating offspring.
    ///   - evaluator: Makes and evaluates each batch (`ParallelEvaluator` for CPU-bound
    ///     domains).
    ///   - policy: When to write checkpoints besides the last one.
    ///   - shouldStop: Polled after every iteration (for example `{ StopSignal.number != 0 }`).
    ///   - progress: Called after every iteration with the progress and the figures.
    /// - Returns: Whether the budget was reached (`false` when stopped).
    /// - Throws: ``StoreError`` when a checkpoint cannot be written; the file keeps the
    ///   previous checkpoint.
    public func run<D: Domain>(domain: D, totalEvaluations: Int, evaluator: some Evaluator,
                               policy: CheckpointPolicy = .interval(seconds: 30),
                               shouldStop: @escaping () -> Bool = { false },
                               progress: @escaping (RunProgress, () -> ArchiveStats) -> Void = { _, _ in }) async throws -> Bool
    where D.Genome == A.Genome {
        try await loop(totalEvaluations: totalEvaluations, policy: policy, shouldStop: shouldStop, progress: progress) {
            scheduler, observer in
            await scheduler.run(domain: domain, totalEvaluations: totalEvaluations, evaluator: evaluator, observer: observer)
        }
    }

    /// Runs an asynchronous domain (one that awaits: worker processes, services, models)
    /// the same way, on an asynchronous evaluator such as `ConcurrentEvaluator`.
    public func run<D: AsyncDomain>(domain: D, totalEvaluations: Int, evaluator: some AsyncEvaluator,
                                    policy: CheckpointPolicy = .interval(seconds: 30),
                                    shouldStop: @escaping () -> Bool = { false },
                                    progress: @escaping (RunProgress, () -> ArchiveStats) -> Void = { _, _ in }) async throws -> Bool
    where D.Genome == A.Genome {
        try await loop(totalEvaluations: totalEvaluations, policy: policy, shouldStop: shouldStop, progress: progress) {
            scheduler, observer in
            await scheduler.run(domain: domain, totalEvaluations: totalEvaluations, evaluator: evaluator, observer: observer)
        }
    }

    /// The loop: `advance` runs the scheduler until its observer says stop; a checkpoint
    /// follows whenever it does.
    private func loop(totalEvaluations: Int, policy: CheckpointPolicy, shouldStop: @escaping () -> Bool,
                      progress: @escaping (RunProgress, () -> ArchiveStats) -> Void,
                      advance: (inout Scheduler<A>, (Scheduler<A>) -> Bool) async -> Bool) async throws -> Bool {
        let start = Date()
        var lastCheckpoint = start
        var nextEvaluations: Int? = nil
        if case .everyEvaluations(let n) = policy { nextEvaluations = (scheduler.evaluations / n + 1) * n }
        while true {
            var due = false
            var history: [HistoryPoint] = []
            let completed = await advance(&scheduler) { scheduler in
                let status = RunProgress(evaluations: scheduler.evaluations, iteration: scheduler.iteration,
                                         failedEvaluations: scheduler.failures.count, totalEvaluations: totalEvaluations)
                let figures = scheduler.results.stats
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

    /// Writes a checkpoint now (the scheduler's state, changed elites, pending history).
    public func checkpoint(wallSeconds: Double) throws {
        try file.writeCheckpoint(scheduler, history: pendingHistory, wallSeconds: wallSeconds)
        pendingHistory.removeAll()
    }

    /// Leaves the file self-contained (write-ahead log folded, rollback-journal mode).
    public func finish() throws { try file.finish() }
}

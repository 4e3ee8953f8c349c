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
    /// The run's budget, time-out, report and checkpoint settings, as saved in the file.
    public private(set) var settings: RunSettings

    /// Changes the settings; they are saved with the next checkpoint.
    public func update(_ settings: RunSettings) {
        guard settings != self.settings else { return }
        self.settings = settings
        file.saveSettingsWithNextCheckpoint(settings)
    }

    private init(file: ArchiveFile, run: any TaskRun, settings: RunSettings? = nil) {
        self.file = file
        self.run = run
        self.settings = settings ?? RunSettings(evaluations: run.configuration.evaluations)
    }

    /// The run's configuration.
    public var configuration: RunConfiguration { run.configuration }

    /// Builds the run (CVT centroids included), then creates its file atomically, holding
    /// the configuration, the settings and the empty archive, before any evaluation.
    ///
    /// A file being replaced (`overwrite`) is locked first, so a run never replaces a
    /// file that another process is writing, and nothing is built when it is.
    ///
    /// - Parameters:
    ///   - shouldStop: Polled while the CVT centroids are made; when it turns true the
    ///     set-up stops and nothing is written.
    /// - Throws: ``StoreError`` and configuration errors.
    public static func start(_ configuration: RunConfiguration, settings: RunSettings? = nil, at url: URL, overwrite: Bool,
                             shouldStop: @escaping @Sendable () -> Bool = { false }) throws -> SavedRun {
        if FileManager.default.fileExists(atPath: url.path) && !overwrite { throw StoreError.exists(path: url.path) }
        let lock = try ArchiveLock.acquire(url.path)
        let run = try configuration.makeRun(shouldStop: shouldStop)
        guard let backed = run as? any SchedulerBackedRun else { preconditionFailure("built-in runs expose their scheduler") }
        let file = try create(for: backed, configuration: configuration,
                              settings: settings ?? RunSettings(evaluations: configuration.evaluations),
                              at: url, overwrite: overwrite, lock: lock)
        return SavedRun(file: file, run: run, settings: settings)
    }

    private static func create<R: SchedulerBackedRun>(for run: R, configuration: RunConfiguration, settings: RunSettings,
                                                      at url: URL, overwrite: Bool, lock: ArchiveLock?) throws -> ArchiveFile {
        let archive = run.scheduler.archive
        let cvt = archive as? CVTArchive<[Double]>
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try ArchiveFile.create(at: url, header: ArchiveHeader(describing: archive, tesseraVersion: TesseraInfo.version),
                                      configuration: configuration.fields, configurationJSON: try encoder.encode(configuration),
                                      centroids: cvt?.centroids, construction: cvt?.construction, settings: settings,
                                      overwrite: overwrite, lock: lock)
    }

    /// What a saved run holds, read without writing anything.
    public struct Inspection: Sendable {
        /// The run's configuration.
        public var configuration: RunConfiguration
        /// The run's settings (for files written before settings were saved: the
        /// configuration's budget, no time-out, a report, checkpoints every 30 s).
        public var settings: RunSettings
        /// Evaluations done so far.
        public var evaluations: Int
    }

    /// The configuration, settings and progress of a saved run, read without writing
    /// anything, every value checked.
    ///
    /// - Throws: ``StoreError`` for a missing, damaged, foreign or newer file.
    public static func inspect(_ url: URL) throws -> Inspection {
        let file = try ArchiveFile.open(url, mode: .readOnly)
        let configuration = try configuration(of: file)
        return Inspection(configuration: configuration, settings: try settings(of: file, configuration: configuration),
                          evaluations: try file.schedulerState()?.evaluations ?? 0)
    }

    /// The file's configuration, checked value by value and against the file's header.
    private static func configuration(of file: ArchiveFile) throws -> RunConfiguration {
        let configuration: RunConfiguration
        do {
            configuration = try JSONDecoder().decode(RunConfiguration.self, from: try file.configurationJSON())
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.mismatch(path: file.path, detail: "not a run of a built-in task (written by a program's own "
                                      + "scheduler?); resume it from that program with ArchiveFile.restore(into:)")
        }
        do {
            try configuration.validate()
        } catch let error as ConfigurationError {
            throw StoreError.corrupt(path: file.path, detail: "in its run configuration, \(error.storedMessage)")
        }
        let header = file.header
        func damaged(_ detail: String) -> StoreError { .corrupt(path: file.path, detail: "the run configuration " + detail) }
        guard header.genomeKind == .vector, header.genomeDimension == configuration.dimension else {
            throw damaged("has dims \(configuration.dimension) but the elites table holds \(header.genomeDimension)-D genomes")
        }
        guard (header.archiveKind == .cvt) == configuration.algorithm.usesCVT else {
            throw damaged("names \(configuration.algorithm.rawValue) but the file holds a \(header.archiveKind.rawValue) archive")
        }
        guard header.cells == configuration.cellCount else {
            throw damaged("implies \(configuration.cellCount) cells but the archive has \(header.cells)")
        }
        if let shape = header.gridShape, shape != configuration.grid {
            throw damaged("has grid \(configuration.grid) but the archive \(shape)")
        }
        return configuration
    }

    private static func settings(of file: ArchiveFile, configuration: RunConfiguration) throws -> RunSettings {
        let settings = try file.settings() ?? RunSettings(evaluations: configuration.evaluations)
        if settings.evaluations > RunConfiguration.maximumEvaluations {
            throw StoreError.corrupt(path: file.path, detail: "in its run settings, the budget \(settings.evaluations) is above "
                                     + "the maximum \(RunConfiguration.maximumEvaluations)")
        }
        return settings
    }

    /// Opens a run's file and restores its last checkpoint. The file is not written until
    /// the first checkpoint.
    ///
    /// - Throws: ``StoreError`` for a missing, damaged, foreign or newer file.
    public static func resume(_ url: URL) throws -> SavedRun {
        let file = try ArchiveFile.open(url, mode: .readWrite)
        let configuration = try configuration(of: file)
        let settings = try settings(of: file, configuration: configuration)
        let run: any TaskRun
        do {
            run = try configuration.makeRun(centroids: try file.centroids(), construction: try file.cvtConstruction())
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.corrupt(path: file.path, detail: "its archive cannot be rebuilt (\(error))")
        }
        guard var backed = run as? any SchedulerBackedRun else { preconditionFailure("built-in runs expose their scheduler") }
        try restore(&backed, from: file)
        guard batchSize(of: backed) == configuration.batchSize else {
            throw StoreError.corrupt(path: file.path, detail: "its saved emitters make batches of \(batchSize(of: backed)), "
                                     + "its configuration \(configuration.batchSize)")
        }
        guard backed.evaluations == backed.iteration * configuration.batchSize else {
            throw StoreError.corrupt(path: file.path, detail: "\(backed.evaluations) evaluations saved after \(backed.iteration) "
                                     + "iterations of \(configuration.batchSize)")
        }
        let saved = SavedRun(file: file, run: backed)
        saved.settings = settings
        return saved
    }

    private static func batchSize<R: SchedulerBackedRun>(of run: R) -> Int { run.scheduler.batchSize }

    private static func restore<R: SchedulerBackedRun>(_ run: inout R, from file: ArchiveFile) throws {
        try file.restore(into: &run.scheduler)
    }

    /// Runs to `totalEvaluations` evaluations in all, writing a checkpoint by `policy`
    /// and at the end (or when `shouldStop` turns true, at the next iteration boundary).
    ///
    /// - Parameters:
    ///   - evaluator: Makes and evaluates each batch (any ``Evaluator``).
    ///   - progress: Called after every iteration.
    /// - Returns: Whether the budget was reached (`false` when stopped).
    /// - Throws: ``StoreError`` when a checkpoint cannot be written; the file keeps the
    ///   previous checkpoint.
    public func run(totalEvaluations: Int, evaluator: some Evaluator, policy: CheckpointPolicy,
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

import Foundation
import Tessera
import TesseraStore

/// A built-in task run tied to its archive file: it checkpoints as it goes and can be
/// resumed exactly from the file. The loop is ``CheckpointedRun``'s, which serves any
/// scheduler; this type adds the built-in configuration, its checks and the settings.
public final class SavedRun {
    /// The run's file.
    public let file: ArchiveFile
    /// The run (scheduler and domain).
    public private(set) var run: any TaskRun
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
    /// - Throws: `StoreError` and configuration errors.
    public static func start(_ configuration: RunConfiguration, settings: RunSettings? = nil, at url: URL, overwrite: Bool,
                             shouldStop: @escaping @Sendable () -> Bool = { false }) throws -> SavedRun {
        if FileManager.default.fileExists(atPath: url.path) && !overwrite { throw StoreError.exists(path: url.path) }
        let lock = try ArchiveLock.acquire(url.path)
        let run = try configuration.makeRun(RunResources(shouldStop: shouldStop))
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
        return try ArchiveFile.create(at: url, header: ArchiveHeader(describing: run.scheduler, tesseraVersion: TesseraInfo.version),
                                      configuration: configuration.fields, configurationJSON: try encoder.encode(configuration),
                                      centroids: cvt?.centroids, construction: cvt?.construction, settings: settings,
                                      emitters: try run.scheduler.emitterConfigurations(),
                                      reportOverlay: configuration.task.reportOverlay(for: configuration), overwrite: overwrite, lock: lock)
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
    /// - Throws: `StoreError` for a missing, damaged, foreign or newer file.
    public static func inspect(_ url: URL) throws -> Inspection {
        let file = try ArchiveFile.open(url, mode: .readOnly)
        let configuration = try configuration(of: file)
        return Inspection(configuration: configuration, settings: try settings(of: file, configuration: configuration),
                          evaluations: try file.schedulerState()?.evaluations ?? 0)
    }

    /// The file's configuration, checked value by value and against the file's header.
    private static func configuration(of file: ArchiveFile) throws -> RunConfiguration {
        let configuration: RunConfiguration
        let json = try file.configurationJSON()
        do {
            configuration = try JSONDecoder().decode(RunConfiguration.self, from: json)
        } catch let error as DecodingError {
            let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any]
            guard object?["task"] != nil, object?["algorithm"] != nil else {
                throw StoreError.mismatch(path: file.path, detail: "not a run of a built-in task (written by a program's own "
                                          + "scheduler?); resume it from that program with ArchiveFile.restore(into:)")
            }
            throw StoreError.corrupt(path: file.path, detail: "in its run configuration, " + Self.describe(error))
        }
        do {
            try configuration.validate()
        } catch {
            throw StoreError.corrupt(path: file.path, detail: "in its run configuration, \(error.storedMessage)")
        }
        let header = file.header
        func damaged(_ detail: String) -> StoreError { .corrupt(path: file.path, detail: "the run configuration " + detail) }
        guard header.genomeKind == .vector || header.genomeKind == .vectorBlob, header.genomeDimension == configuration.dimension else {
            throw damaged("has dims \(configuration.dimension) but the elites table holds \(header.genomeDimension)-D genomes")
        }
        guard header.archiveKind == configuration.algorithm.archive.kind else {
            throw damaged("names \(configuration.algorithm.name) but the file holds a \(header.archiveKind.rawValue) archive")
        }
        // An unstructured archive grows: its cells are its slots, not the configuration's.
        guard header.archiveKind == .unstructured || header.cells == configuration.cellCount else {
            throw damaged("implies \(configuration.cellCount) cells but the archive has \(header.cells)")
        }
        if let shape = header.gridShape, let grid = configuration.shape(.grid), shape != grid {
            throw damaged("has grid \(grid) but the archive \(shape)")
        }
        return configuration
    }

    /// One line on what a run configuration's JSON got wrong.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context): return context.debugDescription
        case .keyNotFound(let key, _): return "\(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context)) holds a value of the wrong kind"
        @unknown default: return "unreadable"
        }
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
    /// - Parameter remote: The restarted evaluator of a run outside the process
    ///   (``ExternalEvaluator/restart(workers:timeout:log:)``); without it such a run
    ///   opens but cannot evaluate.
    /// - Throws: `StoreError` for a missing, damaged, foreign or newer file.
    public static func resume(_ url: URL, remote: RemoteEvaluator? = nil) throws -> SavedRun {
        let file = try ArchiveFile.open(url, mode: .readWrite)
        var configuration = try configuration(of: file)
        if let external = configuration.task.external { configuration.task = .external(external, remote: remote) }
        let settings = try settings(of: file, configuration: configuration)
        let run: any TaskRun
        do {
            run = try configuration.makeRun(RunResources(centroids: try file.centroids(), construction: try file.cvtConstruction()))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.corrupt(path: file.path, detail: "its archive cannot be rebuilt (\(error))")
        }
        guard var backed = run as? any SchedulerBackedRun else { preconditionFailure("built-in runs expose their scheduler") }
        try restore(&backed, from: file)
        guard batchSize(of: backed) == configuration.iterationBatchSize else {
            throw StoreError.corrupt(path: file.path, detail: "its saved emitters make batches of \(batchSize(of: backed)), "
                                     + "its configuration \(configuration.iterationBatchSize)")
        }
        guard backed.evaluations == backed.iteration * configuration.iterationBatchSize else {
            throw StoreError.corrupt(path: file.path, detail: "\(backed.evaluations) evaluations saved after \(backed.iteration) "
                                     + "iterations of \(configuration.iterationBatchSize)")
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
    /// and at the end (or when `shouldStop` turns true, at the next iteration boundary);
    /// see ``CheckpointedRun/run(domain:totalEvaluations:evaluator:policy:shouldStop:progress:)``.
    ///
    /// - Parameters:
    ///   - evaluator: Makes and evaluates each batch (any ``Evaluator``); a run on an
    ///     evaluator outside the process (``ExternalTaskDomain``) uses a
    ///     ``ConcurrentEvaluator`` on its ``RemoteEvaluator`` instead.
    ///   - progress: Called after every iteration.
    /// - Returns: Whether the budget was reached (`false` when stopped).
    /// - Throws: `StoreError` when a checkpoint cannot be written; the file keeps the
    ///   previous checkpoint.
    public func run(totalEvaluations: Int, evaluator: some Evaluator, policy: CheckpointPolicy,
                    shouldStop: @escaping () -> Bool,
                    progress: @escaping (RunProgress, () -> ArchiveStats) -> Void) async throws -> Bool {
        guard let backed = run as? any SchedulerBackedRun else { preconditionFailure("built-in runs expose their scheduler") }
        return try await Self.drive(backed, on: file, totalEvaluations: totalEvaluations, evaluator: evaluator,
                                    policy: policy, shouldStop: shouldStop, progress: progress) { [self] in run = $0 }
    }

    /// Writes a checkpoint now.
    public func checkpoint(wallSeconds: Double) throws {
        guard let backed = run as? any SchedulerBackedRun else { return }
        try Self.checkpoint(backed, on: file, wallSeconds: wallSeconds)
    }

    /// Hands the run's scheduler to a ``CheckpointedRun`` on the file, and hands `update`
    /// the run with what the loop made of its scheduler, whether the loop ends or throws.
    private static func drive<R: SchedulerBackedRun>(_ run: R, on file: ArchiveFile, totalEvaluations: Int,
                                                     evaluator: some Evaluator, policy: CheckpointPolicy,
                                                     shouldStop: @escaping () -> Bool,
                                                     progress: @escaping (RunProgress, () -> ArchiveStats) -> Void,
                                                     update: (R) -> Void) async throws -> Bool {
        var run = run
        let loop = CheckpointedRun(file: file, scheduler: run.scheduler)
        defer {
            run.scheduler = loop.scheduler
            update(run)
        }
        if let external = run.domain as? ExternalTaskDomain {
            guard let remote = external.remote else {
                throw RemoteEvaluatorError("the run's evaluator outside the process is not running")
            }
            let concurrent = try ConcurrentEvaluator(maximumInFlight: ExternalTaskDomain.inFlight(batchSize: run.scheduler.batchSize))
            return try await loop.run(domain: remote, totalEvaluations: totalEvaluations, evaluator: concurrent,
                                      policy: policy, shouldStop: shouldStop, progress: progress)
        }
        return try await loop.run(domain: run.domain, totalEvaluations: totalEvaluations, evaluator: evaluator,
                                  policy: policy, shouldStop: shouldStop, progress: progress)
    }

    private static func checkpoint<R: SchedulerBackedRun>(_ run: R, on file: ArchiveFile, wallSeconds: Double) throws {
        try CheckpointedRun(file: file, scheduler: run.scheduler).checkpoint(wallSeconds: wallSeconds)
    }

    /// Leaves the file self-contained (write-ahead log folded, rollback-journal mode).
    public func finish() throws { try file.finish() }
}

import Foundation
import Tessera
import TesseraStore

/// An EvoSearch run (`evosearch`, `best-of-n` or `evosearch-qd`) tied to its archive file.
///
/// Every scored output goes into the run's grid archive over the reward's descriptors (on
/// the built-in model, the mode: 8 cells), whatever the algorithm, so the file keeps the
/// best output of every cell reached; `evosearch-qd` also selects from those cells. The
/// search's state (``EvoSearchState``: pools, parents, best output, final population) is
/// saved with a checkpoint after every batch of rollouts, so a resumed run continues
/// exactly as the uninterrupted one. The file's evaluations count NFE.
public final class DiffusionRun<Generator: DenoisingGenerator, Reward: DenoisingReward>
where Reward.Scalar == Generator.Scalar, Generator.Scalar: DiffusionOutput {
    public typealias Scalar = Generator.Scalar
    /// The run's configuration.
    public let configuration: DiffusionRunConfiguration
    /// The search.
    public let search: EvoSearch<Generator, Reward>
    /// Where the search stands.
    public private(set) var state: EvoSearchState<Scalar>
    /// The best output of every cell reached.
    public private(set) var archive: GridArchive<Scalar.Genome>
    /// The run's file.
    public let file: ArchiveFile
    /// The failed rollouts, by kind, with the first few messages.
    public private(set) var failures: FailureLog
    /// Batches of rollouts done (the file's iterations).
    public private(set) var batches: Int
    /// The run's settings as saved (its budget is the search's planned NFE).
    public let settings: RunSettings
    /// NFE spent when this session began.
    public let sessionStart: Int

    private init(configuration: DiffusionRunConfiguration, search: EvoSearch<Generator, Reward>, state: EvoSearchState<Scalar>,
                 archive: GridArchive<Scalar.Genome>, file: ArchiveFile, failures: FailureLog, batches: Int, settings: RunSettings) {
        self.configuration = configuration
        self.search = search
        self.state = state
        self.archive = archive
        self.file = file
        self.failures = failures
        self.batches = batches
        self.settings = settings
        sessionStart = state.nfe
    }

    /// The QD score's offset: subtracted from every reward (rare-target's rewards are
    /// negative; −1 is below the reward of any output near a mode).
    static func qdScoreOffset(_ configuration: DiffusionRunConfiguration) -> Double {
        configuration.reward == MixtureReward.rareTarget.rawValue && configuration.task == DiffusionRunConfiguration.mixtureTask ? -1 : 0
    }

    /// The run's empty archive: a grid over the reward's descriptors, or one cell without any.
    ///
    /// - Throws: ``DiffusionRunError`` for a grid shape that does not fit the descriptors.
    static func emptyArchive(_ configuration: DiffusionRunConfiguration, reward: Reward, latentShape: [Int]) throws -> GridArchive<Scalar.Genome> {
        let names = reward.descriptorNames
        let shape: [Int], box: Box
        if let space = reward.descriptorSpace, !names.isEmpty {
            shape = configuration.gridShape ?? Array(repeating: configuration.task == DiffusionRunConfiguration.mixtureTask ? 8 : 10, count: names.count)
            guard shape.count == names.count else {
                throw DiffusionRunError("--grid gives \(shape.count) dimensions; the reward has \(names.count) descriptors (\(names.joined(separator: ", ")))")
            }
            box = space
        } else {
            shape = [1]
            box = Box(lower: [0], upper: [1])
        }
        do {
            return try GridArchive(shape: shape, descriptorSpace: box, genomeLayout: Scalar.layout(shape: latentShape),
                                   qdScoreOffset: qdScoreOffset(configuration))
        } catch {
            throw DiffusionRunError("the run's archive cannot be made: \(error)")
        }
    }

    /// The search `configuration` describes on `generator` and `reward`; `evosearch-qd`
    /// selects within the cells of the run's archive.
    ///
    /// - Throws: ``DiffusionRunError`` for a schedule or grid that does not fit them.
    public static func search(_ configuration: DiffusionRunConfiguration, generator: Generator, reward: Reward) throws -> EvoSearch<Generator, Reward> {
        let template = try emptyArchive(configuration, reward: reward, latentShape: generator.latentShape)
        do {
            return try EvoSearch(generator: generator, reward: reward, algorithm: configuration.algorithm, schedule: configuration.schedule,
                                 sampleCount: configuration.sampleCount, cell: { (try? template.cellIndex(of: $0)) ?? 0 })
        } catch {
            throw DiffusionRunError("the search does not fit the generator: \(error.problem)")
        }
    }

    /// The descriptor an archive files an output under (a constant without descriptors).
    func archived(_ descriptor: [Double]) -> [Double] { search.reward.descriptorNames.isEmpty ? [0.5] : descriptor }

    /// Creates the run's file, holding the configuration, the settings and the empty archive.
    ///
    /// - Parameter fields: Extra configuration fields (a server's model, the picture's place).
    /// - Throws: ``DiffusionRunError``, `StoreError`.
    public static func start(_ configuration: DiffusionRunConfiguration, search: EvoSearch<Generator, Reward>, settings: RunSettings,
                             at url: URL, overwrite: Bool, fields extra: [(String, String)] = []) throws -> DiffusionRun {
        if FileManager.default.fileExists(atPath: url.path) && !overwrite { throw StoreError.exists(path: url.path) }
        let archive = try emptyArchive(configuration, reward: search.reward, latentShape: search.generator.latentShape)
        let lock = try ArchiveLock.acquire(url.path)
        var fields = configuration.fields
        let names = search.reward.descriptorNames
        fields.append(("descriptor_names", names.isEmpty ? "none" : names.joined(separator: ", ")))
        fields.append(("planned_nfe", String(search.plannedNFE)))
        fields += extra
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let file = try ArchiveFile.create(at: url, header: ArchiveHeader(describing: archive, tesseraVersion: TesseraInfo.version),
                                          configuration: fields, configurationJSON: try encoder.encode(configuration), centroids: nil,
                                          settings: settings, overwrite: overwrite, lock: lock)
        return DiffusionRun(configuration: configuration, search: search, state: EvoSearchState(seed: configuration.seed), archive: archive,
                            file: file, failures: FailureLog(), batches: 0, settings: settings)
    }

    /// What a saved EvoSearch run holds, read without writing anything.
    public static func inspect(_ url: URL) throws -> (configuration: DiffusionRunConfiguration, settings: RunSettings, nfe: Int) {
        let file = try ArchiveFile.open(url, mode: .readOnly)
        let configuration = try DiffusionRunInspection.configuration(in: file)
        let settings = try file.settings() ?? RunSettings(evaluations: 1)
        return (configuration, settings, try file.schedulerState()?.evaluations ?? 0)
    }

    /// Opens a saved run for writing and restores its last checkpoint into `search`, which
    /// must be built from the file's configuration.
    ///
    /// - Throws: `StoreError` for a missing, damaged, busy or mismatched file.
    /// - Parameter report: Whether this session writes a report (the saved setting by default).
    public static func resume(_ url: URL, configuration: DiffusionRunConfiguration, search: EvoSearch<Generator, Reward>,
                              report: Bool? = nil) throws -> DiffusionRun {
        let file = try ArchiveFile.open(url, mode: .readWrite)
        let template = try emptyArchive(configuration, reward: search.reward, latentShape: search.generator.latentShape)
        var settings = try file.settings() ?? RunSettings(evaluations: search.plannedNFE)
        if let report { settings.report = report }
        guard let saved = try file.schedulerState() else {
            return DiffusionRun(configuration: configuration, search: search, state: EvoSearchState(seed: configuration.seed),
                                archive: template, file: file, failures: FailureLog(), batches: 0, settings: settings)
        }
        let archive = try file.restoredArchive(template)
        guard saved.seed == configuration.seed, saved.components.count == 1, saved.iteration >= 0 else {
            throw StoreError.corrupt(path: file.path, detail: "its saved search does not match its configuration")
        }
        let state: EvoSearchState<Scalar>
        do {
            state = try EvoSearchState(restoring: saved.components[0], for: search)
        } catch let error as RestoreError {
            throw StoreError.corrupt(path: file.path, detail: error.message)
        }
        guard state.nfe == saved.evaluations, state.seed == configuration.seed else {
            throw StoreError.corrupt(path: file.path, detail: "its saved search spent \(state.nfe) NFE, its counters say \(saved.evaluations)")
        }
        return DiffusionRun(configuration: configuration, search: search, state: state, archive: archive, file: file,
                            failures: saved.failures, batches: saved.iteration, settings: settings)
    }

    /// Runs the search to its end, a batch of rollouts at a time, writing a checkpoint after
    /// every batch.
    ///
    /// - Parameters:
    ///   - shouldStop: Polled before every batch; the run then stops with a checkpoint.
    ///   - progress: Called after every batch.
    ///   - failed: Called with one line per failed rollout.
    /// - Returns: Whether the search finished (`false` when stopped).
    /// - Throws: What the generator or reward throws (the file keeps the last batch's
    ///   checkpoint: resume continues from there), `StoreError`.
    public func run(shouldStop: () -> Bool = { false }, progress: (DiffusionRunProgress) -> Void = { _ in },
                    failed: (String) -> Void = { _ in }) async throws -> Bool {
        let start = Date()
        while !search.isFinished(state) {
            if shouldStop() {
                try checkpoint(history: [], since: start)
                return false
            }
            let rollouts = try await search.step(&state, maximumRows: configuration.batchSize)
            batches += 1
            for rollout in rollouts { file(rollout) { failed($0) } }
            let point = HistoryPoint(iteration: batches, evaluations: state.nfe, stats: archive.stats, failed: state.failures)
            try checkpoint(history: [point], since: start)
            progress(DiffusionRunProgress(nfe: state.nfe, plannedNFE: search.plannedNFE, generation: state.generation,
                                          generations: search.generations.count, bestReward: state.bestReward,
                                          elites: archive.stats.numElites, failures: state.failures))
        }
        return true
    }

    /// Files one rollout: its output in the archive, or its failure in the log.
    private func file(_ rollout: EvoSearchRollout<Scalar>, failed: (String) -> Void) {
        if let reward = rollout.reward {
            archive.add([Scalar.genome(rollout.output, shape: search.generator.latentShape)], [Evaluation(objective: reward, descriptor: archived(rollout.descriptor))],
                        firstEvaluation: rollout.nfe)
        } else {
            let message = rollout.failure ?? "no reward"
            var batch = EvaluationBatch(count: 1, descriptorDimension: archive.descriptorSpace.dimension)
            batch.failures[0] = .rejected(message)
            failures.record(batch, iteration: batches, firstEvaluation: rollout.nfe)
            failed("rollout \(rollout.row) of generation \(rollout.generation) failed: \(message)")
        }
    }

    /// Writes the archive and the search's state.
    private func checkpoint(history: [HistoryPoint], since start: Date) throws {
        let saved = SchedulerState(seed: state.seed, iteration: batches, evaluations: state.nfe, failures: failures,
                                   components: [try state.componentState()])
        try file.writeCheckpoint(archive: archive, state: saved, history: history,
                                 wallSeconds: Date().timeIntervalSince(start))
    }

    /// Leaves the file self-contained.
    public func finish() throws { try file.finish() }
}

/// A run's progress after a batch.
public struct DiffusionRunProgress: Sendable {
    /// NFE spent, and the whole search's.
    public var nfe: Int
    public var plannedNFE: Int
    /// The generation under way and the count.
    public var generation: Int
    public var generations: Int
    /// The best reward so far.
    public var bestReward: Double
    /// Cells filled.
    public var elites: Int
    /// Failed rollouts.
    public var failures: Int
}

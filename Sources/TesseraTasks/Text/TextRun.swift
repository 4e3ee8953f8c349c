import Foundation
import Tessera
import TesseraLanguageModels
import TesseraStore

/// A text run (QDAIF, `fixed-prompt` or `quality-only`) tied to its archive file: texts on
/// the domain's grid, every language-model call recorded in the file as the run goes.
///
/// All three algorithms keep their texts in the same grid (for the baselines it only
/// records: their selection does not look at it), so `num_elites`, `qd_score` and coverage
/// compare on one scale. The recording answers any call it holds instead of sending it, so
/// a resumed run never pays twice for a recorded call, and a replay
/// (``start(_:settings:at:overwrite:replaying:)``) sends nothing at all.
public final class TextRun {
    /// The run's configuration.
    public let configuration: TextRunConfiguration
    /// The scheduler tied to the file.
    public let saved: CheckpointedRun<GridArchive<String>>
    /// The client every call goes through.
    public let client: LanguageModelClient
    /// Every successful call of the run, the file's and this session's.
    public let recording: LanguageModelRecording
    /// The run's budget, time-out, report and checkpoint settings, as saved in the file.
    public private(set) var settings: RunSettings
    /// Whether this session only replays a recording.
    public let isReplay: Bool

    private let judge: TextJudge
    /// A failed write of recorded calls, kept until the loop stops.
    private var recordingError: (any Error)?

    /// The time-out of one request when the settings give none.
    public static let defaultRequestTimeout = 120.0

    private init(configuration: TextRunConfiguration, saved: CheckpointedRun<GridArchive<String>>, client: LanguageModelClient,
                 recording: LanguageModelRecording, settings: RunSettings, isReplay: Bool) {
        self.configuration = configuration
        self.saved = saved
        self.client = client
        self.recording = recording
        self.settings = settings
        self.isReplay = isReplay
        judge = TextJudge(domain: configuration.domain, client: client, references: configuration.references)
    }

    /// The run's file.
    public var file: ArchiveFile { saved.file }
    /// The scheduler (archive, emitter, counters).
    public var scheduler: Scheduler<GridArchive<String>> { saved.scheduler }
    /// The run's language-model figures, earlier sessions included.
    public var statistics: LanguageModelStatistics {
        (scheduler.emitters.first as? LMXEmitter)?.runStatistics ?? client.statistics
    }

    /// A new scheduler of `configuration` on `client`.
    static func scheduler(_ configuration: TextRunConfiguration, client: LanguageModelClient) throws -> Scheduler<GridArchive<String>> {
        let judge = TextJudge(domain: configuration.domain, client: client, references: configuration.references)
        let archive = try GridArchive<String>(shape: judge.gridShape, descriptorSpace: judge.descriptorSpace, genomeLayout: .init())
        let emitter = try LMXEmitter(domain: configuration.domain, client: client, batchSize: configuration.batchSize,
                                     selection: configuration.algorithm)
        return try Scheduler(archive: archive, emitters: [emitter], seed: configuration.seed)
    }

    /// The coders of recorded exchanges (log-probabilities may be −∞).
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }()
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }()

    /// The exchanges recorded in `file`, checked.
    ///
    /// - Throws: `StoreError.corrupt` naming the first call that does not read.
    public static func recording(in file: ArchiveFile, model: String?) throws -> LanguageModelRecording {
        var exchanges = [LanguageModelExchange]()
        for (index, call) in try file.recordedCalls().enumerated() {
            guard let exchange = try? decoder.decode(LanguageModelExchange.self, from: call.body), exchange.answer != nil,
                  LanguageModelRecording.key(exchange.request, model: model) == call.key
            else {
                throw StoreError.corrupt(path: file.path, detail: "recorded call \(index + 1) is not a language-model exchange of this run")
            }
            exchanges.append(exchange)
        }
        return LanguageModelRecording(exchanges, model: model)
    }

    /// Starts a run: checks the servers (unless replaying), then creates its file, holding
    /// the configuration, the settings and the empty archive, before any call is paid for.
    ///
    /// - Parameters:
    ///   - replaying: A recorded run's file: every call is answered from its recording and
    ///     none is sent; the new file gets a copy of the recording.
    /// - Throws: ``TextRunError`` (a server that cannot be reached or refuses the key, a
    ///   recording of another run), `StoreError`.
    public static func start(_ configuration: TextRunConfiguration, settings: RunSettings, at url: URL, overwrite: Bool,
                             replaying source: URL? = nil) async throws -> TextRun {
        if FileManager.default.fileExists(atPath: url.path) && !overwrite { throw StoreError.exists(path: url.path) }
        let client: LanguageModelClient
        let recording: LanguageModelRecording
        if let source {
            recording = try replayRecording(source, for: configuration, budget: settings.evaluations)
            client = LanguageModelClient(replaying: recording, model: configuration.server.model)
        } else {
            recording = LanguageModelRecording()
            do {
                client = try configuration.server.client(timeout: .seconds(settings.timeout ?? defaultRequestTimeout), recording: recording)
            } catch {
                throw TextRunError(error.message)
            }
            do {
                try await client.probe()
            } catch {
                throw TextRunError(error.message)
            }
        }
        let lock = try ArchiveLock.acquire(url.path)
        let scheduler = try scheduler(configuration, client: client)
        let saved = try CheckpointedRun.create(scheduler, at: url, configuration: configuration.fields,
                                               configurationJSON: try encoder.encode(configuration), settings: settings,
                                               overwrite: overwrite, lock: lock)
        let run = TextRun(configuration: configuration, saved: saved, client: client, recording: recording, settings: settings,
                          isReplay: source != nil)
        if source != nil { try run.file.recordCalls(try calls(recording.exchanges, model: configuration.server.model)) }
        return run
    }

    /// The recording of the run in `source`, after checking that it is the same experiment.
    private static func replayRecording(_ source: URL, for configuration: TextRunConfiguration, budget: Int) throws -> LanguageModelRecording {
        let file = try ArchiveFile.open(source, mode: .readOnly)
        let stored = try inspect(file)
        let recorded = stored.configuration
        func differs(_ what: String, _ mine: String, _ theirs: String) -> TextRunError {
            TextRunError("--replay \(source.path) recorded \(what) \(theirs), not \(mine): replay the same task, algorithm, seed and batch size")
        }
        if recorded.domain != configuration.domain { throw differs("the domain", configuration.domain.name, recorded.domain.name + " (as its file was then)") }
        if recorded.algorithm != configuration.algorithm { throw differs("--algorithm", configuration.algorithm.rawValue, recorded.algorithm.rawValue) }
        if recorded.seed != configuration.seed { throw differs("--seed", String(configuration.seed), String(recorded.seed)) }
        if recorded.batchSize != configuration.batchSize { throw differs("--batch-size", String(configuration.batchSize), String(recorded.batchSize)) }
        if recorded.calibrate != configuration.calibrate {
            throw differs("a judge", configuration.calibrate ? "calibrated" : "not calibrated", recorded.calibrate ? "calibrated" : "not calibrated")
        }
        if recorded.server.model != configuration.server.model {
            throw differs("--llm-model", configuration.server.model ?? "(none)", recorded.server.model ?? "(none)")
        }
        let done = stored.evaluations
        let batch = configuration.batchSize
        guard (budget + batch - 1) / batch * batch <= done else {
            throw TextRunError("--replay \(source.path) recorded \(done) evaluations; a replay of \(budget) would need calls it lacks")
        }
        return try recording(in: file, model: recorded.server.model)
    }

    /// The file's records of `exchanges`.
    static func calls(_ exchanges: [LanguageModelExchange], model: String?) throws -> [RecordedCall] {
        try exchanges.map { RecordedCall(key: LanguageModelRecording.key($0.request, model: model), body: try encoder.encode($0)) }
    }

    /// Opens a saved text run and restores its last checkpoint; calls it recorded are
    /// answered from the file, the others go to `server` (the saved servers by default).
    ///
    /// - Throws: `StoreError` for a missing, damaged, busy or foreign file; ``TextRunError``
    ///   for a server that cannot be reached or refuses the key.
    public static func resume(_ url: URL, settings: (RunSettings) -> RunSettings = { $0 },
                              server: (LanguageModelServer) -> LanguageModelServer = { $0 }) async throws -> TextRun {
        let stored = try ArchiveFile.open(url, mode: .readOnly)
        let inspection = try inspect(stored)
        let runSettings = settings(inspection.settings)
        var configuration = inspection.configuration
        configuration.server = server(configuration.server)
        if let problem = configuration.server.problem { throw TextRunError("the language-model server: \(problem)") }
        let recording = try recording(in: stored, model: configuration.server.model)
        let client: LanguageModelClient
        do {
            client = try configuration.server.client(timeout: .seconds(runSettings.timeout ?? defaultRequestTimeout), recording: recording)
            try await client.probe()
        } catch {
            throw TextRunError(error.message)
        }
        let saved = try CheckpointedRun.resume(try scheduler(configuration, client: client), from: url)
        let run = TextRun(configuration: configuration, saved: saved, client: client, recording: recording,
                          settings: inspection.settings, isReplay: false)
        run.update(runSettings)
        return run
    }

    /// What a saved text run holds, read without writing anything.
    public struct Inspection: Sendable {
        /// The run's configuration.
        public var configuration: TextRunConfiguration
        /// Its settings.
        public var settings: RunSettings
        /// Evaluations done so far.
        public var evaluations: Int
        /// The language-model figures of its sessions so far.
        public var statistics: LanguageModelStatistics
        /// Calls recorded in the file.
        public var recordedCalls: Int
    }

    /// The configuration, settings and progress of a saved text run, every value checked.
    ///
    /// - Throws: `StoreError` for a missing, damaged or foreign file.
    public static func inspect(_ url: URL) throws -> Inspection { try inspect(try ArchiveFile.open(url, mode: .readOnly)) }

    /// What an open text run's file holds, every value checked.
    static func inspect(_ file: ArchiveFile) throws -> Inspection {
        let json = try file.configurationJSON()
        guard TextRunConfiguration.isTextRun(json) else {
            throw StoreError.mismatch(path: file.path, detail: "not a text run")
        }
        let configuration: TextRunConfiguration
        do {
            configuration = try decoder.decode(TextRunConfiguration.self, from: json)
        } catch let error as DecodingError {
            throw StoreError.corrupt(path: file.path, detail: "in its run configuration, \(SavedRun.describe(error))")
        }
        guard file.header.genomeKind == .json, file.header.gridShape == configuration.gridShape else {
            throw StoreError.corrupt(path: file.path, detail: "the text run's configuration does not match its archive")
        }
        let settings = try file.settings() ?? RunSettings(evaluations: configuration.evaluations)
        if let problem = settings.problem { throw StoreError.corrupt(path: file.path, detail: "in its settings, \(problem)") }
        let state = try file.schedulerState()
        return Inspection(configuration: configuration, settings: settings, evaluations: state?.evaluations ?? 0,
                          statistics: try statistics(in: state, path: file.path), recordedCalls: try file.recordedCallCount())
    }

    /// The language-model figures a checkpoint holds (zero before the first).
    public static func statistics(in state: SchedulerState?, path: String) throws -> LanguageModelStatistics {
        guard let component = state?.components.first(where: { $0.identifier == LMXEmitter.stateIdentifier }),
              component.parts[LMXEmitter.statisticsKey] != nil
        else { return LanguageModelStatistics() }
        do {
            return try component.decode(LanguageModelStatistics.self, key: LMXEmitter.statisticsKey)
        } catch {
            throw StoreError.corrupt(path: path, detail: "its language-model figures do not read")
        }
    }

    /// Changes the settings; they are saved with the next checkpoint.
    public func update(_ settings: RunSettings) {
        guard settings != self.settings else { return }
        self.settings = settings
        file.saveSettingsWithNextCheckpoint(settings)
    }

    /// Runs to the settings' budget, writing new recorded calls after every iteration and
    /// checkpoints by the settings' policy.
    ///
    /// - Returns: Whether the budget was reached (`false` when `shouldStop` stopped it).
    /// - Throws: ``TextRunError`` when a replay needs a call its recording lacks (the run
    ///   stops after that iteration); `StoreError` when the file cannot be written.
    public func run(shouldStop: @escaping () -> Bool, progress: @escaping (RunProgress, () -> ArchiveStats) -> Void) async throws -> Bool {
        let evaluator = try ConcurrentEvaluator(maximumInFlight: configuration.batchSize, retry: .never)
        let completed = try await saved.run(domain: judge, totalEvaluations: settings.evaluations, evaluator: evaluator,
                                            policy: settings.checkpointPolicy,
                                            shouldStop: { [unowned self] in
                                                shouldStop() || self.recordingError != nil || self.client.statistics.missing > 0
                                            },
                                            progress: { [unowned self] status, stats in
                                                self.saveRecording()
                                                progress(status, stats)
                                            })
        saveRecording()
        if let recordingError { throw recordingError }
        let missing = client.statistics.missing
        if missing > 0 {
            throw TextRunError("the recording lacks \(missing) call\(missing == 1 ? "" : "s") this replay needs (by iteration "
                               + "\(scheduler.iteration)): replay with the recorded run's task, algorithm, seed, batch size and budget")
        }
        return completed
    }

    /// Writes the calls recorded since the last write; a failure is kept and stops the run.
    private func saveRecording() {
        guard recordingError == nil else { return }
        let unsaved = recording.takeUnsaved()
        guard !unsaved.isEmpty else { return }
        do {
            try file.recordCalls(unsaved.map { RecordedCall(key: $0.key, body: try Self.encoder.encode($0.exchange)) })
        } catch {
            recording.markUnsaved(unsaved.count)
            recordingError = error
        }
    }

    /// Leaves the file self-contained and releases the connections.
    public func finish() throws {
        client.close()
        try saved.finish()
    }
}

import ArgumentParser
import Foundation
import Tessera
import TesseraLanguageModels
import TesseraStore
import TesseraTasks

/// `tessera run TASK`: run a built-in task with one algorithm and print a summary.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a built-in task.",
        discussion: """
            TASK is one of: \(Catalogue.builtIn.tasks.map(\.name).joined(separator: ", ")); ALGORITHM one of: \
            \(Catalogue.builtIn.algorithms.map(\.name).joined(separator: ", ")). See `tessera tasks` and `tessera algorithms`. \
            Text domains run QDAIF (--llm-url); mixture-diffusion, or a denoising server (--generator URL), runs \
            evosearch, best-of-n or evosearch-qd.

            Algorithm options (each applies to the algorithms in brackets):
            \(AlgorithmOptions.help())
            """
    )

    @Option(name: .customLong("algorithm"), help: "The search algorithm. Default: map-elites, or qdaif for a text domain.")
    var algorithmFlag: String?

    @Option(name: .customLong("evaluations"), parsing: .unconditional,
            help: "Evaluation budget (at most 10^12; candidate texts for a text run); the run performs ceil(N / batch) whole iterations. Default: 100,000, or 100 for a text run.")
    var evaluationsFlag: Int?

    @Option(parsing: .unconditional, help: "Evaluations per iteration. Default: 540, or 250 (a generation) for novelty, nslc and ga.")
    var batchSize: Int?

    @Option(parsing: .unconditional, help: "Run seed; the same seed gives the same archive whatever the number of workers.")
    var seed: UInt64 = 0

    @Option(parsing: .unconditional, help: "Genome dimension (joints for arm); genomes above 1,000 genes are stored as one BLOB each. Default: 100 for sphere and rastrigin, 12 for arm.")
    var dims: Int?

    @Option(help: "Archive file to write (its folder must exist). Default: Archives/<task>-<algorithm>.sqlite (-2, -3, ... when taken).")
    var output: String?

    @Flag(help: "Replace an existing --output file (and its report).")
    var overwrite = false

    @OptionGroup
    var session: SessionOptions

    @Option(help: ArgumentHelp("""
        Run the --evaluator command's function on a Dask cluster through the Python helper: local (a LocalCluster \
        on this machine) or the scheduler's address (tcp://HOST:PORT). One helper process submits every row.
        """, valueName: "local|ADDRESS"))
    var dask: String?

    @Option(help: ArgumentHelp("The environment variable holding the evaluation service's bearer token (the token itself is never printed or saved).",
                               valueName: "NAME"))
    var tokenEnv: String?

    @OptionGroup(title: "Text runs (QDAIF and its baselines)")
    var llm: LanguageModelOptions

    @OptionGroup(title: "EvoSearch runs (mixture-diffusion, or a denoising server)")
    var diffusion: DiffusionOptions

    @Argument(parsing: .allUnrecognized,
              help: ArgumentHelp("The task to run, and the algorithm's options (listed below).", valueName: "task"))
    var arguments: [String] = []

    /// The task's name: the one positional word among ``arguments``, or `external` for a
    /// run on an evaluator outside the process (which takes no task).
    ///
    /// - Throws: `ValidationError` when there is none, or more than one.
    func taskName() throws -> String {
        let positionals = try AlgorithmOptions(arguments, for: nil).positionals
        if session.evaluator.isExternal {
            if let name = positionals.first {
                throw ValidationError("--evaluator \(session.evaluator.label == "http" ? "URL" : "COMMAND") declares its own domain; "
                                      + "give no task (got '\(name)')")
            }
            return TaskDeclaration.externalName
        }
        guard let name = positionals.first else {
            throw ValidationError("missing the task: one of \(Catalogue.builtIn.tasks.map(\.name).joined(separator: ", "))")
        }
        if positionals.count > 1 { throw ValidationError("unexpected argument '\(positionals[1])'") }
        return name
    }

    /// The configuration the flags describe; for a run outside the process, on `task`
    /// (the evaluator's, or a stand-in to check the flags before it starts).
    ///
    /// - Throws: `ValidationError` for an unknown task or algorithm, or an option the
    ///   algorithm does not take.
    /// The algorithm's name: `--algorithm`, or its default.
    var algorithm: String {
        algorithmFlag ?? (isTextRun ? LMXEmitter.Selection.qdaif.rawValue
                          : isDiffusionRun ? EvoSearchAlgorithm.evoSearch.rawValue : AlgorithmDeclaration.mapElites.name)
    }

    /// The evaluation budget: `--evaluations`, or its default.
    var evaluations: Int { evaluationsFlag ?? (isTextRun ? Self.defaultTextEvaluations : 100_000) }

    /// Candidate texts a text run evaluates by default.
    static let defaultTextEvaluations = 100

    func runConfiguration(task external: TaskDeclaration? = nil) throws -> RunConfiguration {
        let catalogue = Catalogue.builtIn
        let name = try taskName()
        guard let task = external ?? catalogue.tasks.first(where: { $0.name == name }) else {
            throw ValidationError("'\(name)' is not a task; the tasks are \(catalogue.tasks.map(\.name).joined(separator: ", "))")
        }
        guard let algorithm = catalogue.algorithms.first(where: { $0.name == algorithm }) else {
            throw ValidationError("--algorithm '\(algorithm)' is not an algorithm; the algorithms are "
                                  + catalogue.algorithms.map(\.name).joined(separator: ", "))
        }
        let options = try AlgorithmOptions(arguments, for: (algorithm, task), catalogue: catalogue)
        return RunConfiguration(task: task, algorithm: algorithm, dimension: dims, seed: seed, batchSize: batchSize,
                                evaluations: evaluations, options: options.dictionary)
    }

    /// A declared domain to check the flags of a run outside the process against before its
    /// evaluator starts (the algorithm and its options do not depend on the domain).
    static let standIn = ExternalEvaluator(transport: .process(command: "", folder: "/"),
                                           domain: WorkerDomain(genomeDimension: 2, descriptorNames: ["a", "b"],
                                                                descriptorSpace: Box(dimension: 2, range: 0...1)))

    /// How to reach the evaluator outside the process, or `nil` for an in-process run.
    func transport() -> ExternalEvaluator.Transport? {
        switch session.evaluator {
        case .cpu, .concurrent: return nil
        case .command(let command):
            return .process(command: command, folder: FileManager.default.currentDirectoryPath)
        case .http(let url):
            return .http(url: url, tokenVariable: tokenEnv)
        }
    }

    /// The settings the run starts with.
    var settings: RunSettings {
        RunSettings(evaluations: evaluations, timeout: session.timeout?.seconds, report: session.report ?? true,
                    checkpointEvery: session.checkpointEvery)
    }

    func validate() throws {
        if isDiffusionRun { return try validateDiffusionRun() }
        if diffusion.anyGiven {
            throw ValidationError("--reward, --evolution-schedule, --population-schedule, --elites, --mutation-rate, --nfe and --generator "
                                  + "apply to EvoSearch runs (mixture-diffusion, or --generator URL)")
        }
        if isTextRun { return try validateTextRun() }
        if llm.anyGiven {
            throw ValidationError("--llm-url, --llm-model, --llm-key-env, --concurrency, --domain and --replay apply to text runs "
                                  + "(--algorithm \(TextRunConfiguration.algorithmNames.joined(separator: ", ")) on a text domain)")
        }
        if let dask {
            guard case .command = session.evaluator else {
                throw ValidationError("--dask runs an --evaluator command's function on Dask; give --evaluator COMMAND")
            }
            guard dask == "local" || dask.contains("://") || dask.contains(":"), !dask.contains(where: \.isWhitespace) else {
                throw ValidationError("--dask must be local or a scheduler address such as tcp://HOST:PORT (got '\(dask)')")
            }
            if let workers = session.workers, workers != 1 {
                throw ValidationError("--workers does not apply with --dask: one helper process submits to the cluster's workers")
            }
        }
        if let tokenEnv {
            guard case .http = session.evaluator else { throw ValidationError("--token-env applies only to an evaluation service's URL") }
            guard !tokenEnv.isEmpty, tokenEnv.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !tokenEnv.first!.isNumber else {
                throw ValidationError("--token-env must name an environment variable (letters, digits and _), got '\(tokenEnv)'")
            }
        }
        if case .http(let url) = session.evaluator {
            guard let parsed = URL(string: url), parsed.host != nil else { throw ValidationError("--evaluator \(url) is not a URL") }
        }
        if session.evaluator.isExternal {
            // The domain is the evaluator's; check the flags against a stand-in of the
            // same kind now, and the whole configuration once the evaluator has declared it.
            _ = try taskName()
            if let dims { throw ValidationError("--dims does not apply to an evaluator outside the process: its worker declares the genome (got \(dims))") }
            _ = try runConfiguration(task: .external(Self.standIn))
        } else {
            let configuration = try runConfiguration()
            do {
                try configuration.validate()
            } catch {
                throw ValidationError(error.message)
            }
        }
        if let output, output.isEmpty { throw ValidationError("--output is empty: name a file") }
    }

    /// The archive path: `--output`, or the first `Archives/<task>-<algorithm>[-n].sqlite`
    /// whose archive and report are both free. Checked before anything is built.
    func outputURL(report: Bool, task: String? = nil) throws -> URL {
        if let output {
            let url = try OutputPath.check(output, flag: "--output", overwrite: overwrite)
            if report { try RunFlags.checkReport(OutputPath.report(for: url.path), overwrite: overwrite) }
            return url
        }
        let folder = URL(fileURLWithPath: "Archives")
        let stem = "\(try task ?? taskName())-\(algorithm)"
        var candidate = folder.appendingPathComponent("\(stem).sqlite")
        var n = 2
        let manager = FileManager.default
        while manager.fileExists(atPath: candidate.path)
                || (report && manager.fileExists(atPath: OutputPath.report(for: candidate.path).path)) {
            candidate = folder.appendingPathComponent("\(stem)-\(n).sqlite")
            n += 1
        }
        return try OutputPath.check(candidate.path, flag: "--output", overwrite: false, createFolder: true)
    }

    func run() async throws {
        if isDiffusionRun { return try await runDiffusion() }
        if isTextRun { return try await runText() }
        let setupStart = Date()
        StopSignal.install()
        let settings = settings
        let archivesFolder = URL(fileURLWithPath: "Archives")
        let hadArchivesFolder = FileManager.default.fileExists(atPath: archivesFolder.path)
        let url = try outputURL(report: settings.report)
        var configuration: RunConfiguration
        var remote: RemoteEvaluator?
        let log = WorkerLog()
        if let transport = transport() {
            do {
                (configuration, remote) = try await startEvaluator(transport, timeout: settings.timeout, log: log)
            } catch {
                // Nothing is written when the evaluator cannot start: not even the default folder.
                if !hadArchivesFolder, output == nil, (try? FileManager.default.contentsOfDirectory(atPath: archivesFolder.path))?.isEmpty == true {
                    try? FileManager.default.removeItem(at: archivesFolder)
                }
                throw error
            }
        } else {
            configuration = try runConfiguration()
        }
        let saved: SavedRun
        do {
            saved = try SavedRun.start(configuration, settings: settings, at: url, overwrite: overwrite,
                                       shouldStop: { StopSignal.number != 0 })
            if let remote, remote.workers.first is WorkerProcess { try log.open(OutputPath.workerLog(for: url.path)) }
        } catch {
            await remote?.shutdown()
            let signal = StopSignal.number
            if signal != 0 {
                FileHandle.standardError.write(Data("stopped by signal \(signal) during set-up; nothing was written\n".utf8))
                throw ExitCode(128 + signal)
            }
            if let error = error as? RemoteEvaluatorError { throw CommandFailure(error.message) }
            throw error
        }
        try await session.session(for: saved, setupSeconds: Date().timeIntervalSince(setupStart),
                                  reportURL: OutputPath.report(for: url.path), remote: remote,
                                  workers: dask != nil ? 1 : nil)
            .run()
    }

    /// Starts the evaluator outside the process (its processes' stderr kept in `log`,
    /// which the caller opens next to the archive once that exists), and builds the run's
    /// configuration on the domain it declares.
    ///
    /// - Throws: ``CommandFailure`` when it cannot start or its domain does not suit the
    ///   flags; the evaluator is shut down.
    func startEvaluator(_ transport: ExternalEvaluator.Transport, timeout: Double?, log: WorkerLog) async throws
        -> (RunConfiguration, RemoteEvaluator) {
        let remote: RemoteEvaluator
        do {
            remote = try await ExternalEvaluator.start(transport, dask: dask, workers: dask != nil ? 1 : session.workerCount,
                                                       timeout: .seconds(timeout ?? ExternalEvaluator.defaultTimeout), log: log)
        } catch {
            throw CommandFailure("the evaluator cannot start: \(error.message)")
        }
        let external = ExternalEvaluator(transport: transport, dask: dask, domain: remote.domain)
        do {
            let configuration = try runConfiguration(task: .external(external, remote: remote))
            try configuration.validate()
            return (configuration, remote)
        } catch {
            await remote.shutdown()
            throw CommandFailure("the evaluator's domain does not suit this run: \((error as? ConfigurationError)?.message ?? "\(error)")")
        }
    }
}

/// Rules about flags shared by `run` and `resume`.
enum RunFlags {
    /// Refuses a report path that is a folder, or an existing file without `overwrite`.
    static func checkReport(_ url: URL, overwrite: Bool) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return }
        if isFolder.boolValue { throw CommandFailure("the report path \(url.path) is a folder; pass --no-report or choose another --output") }
        if !overwrite {
            throw CommandFailure("the report \(url.path) already exists; pass --overwrite to replace it, --no-report, or choose another --output")
        }
    }
}

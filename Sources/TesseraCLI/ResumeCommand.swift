import ArgumentParser
import Foundation
import Tessera
import TesseraLanguageModels
import TesseraStore
import TesseraTasks

/// `tessera resume PATH`: continue a saved run from its last checkpoint.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a saved run from its last checkpoint.",
        discussion: """
            For a given seed, running to N evaluations equals running to K, then resuming to N. \
            Options of `run` that define the search (--seed, --dims, --batch-size, ...) may be repeated \
            but must match the file. A new --evaluations, --timeout, --checkpoint-every or --[no-]report \
            is saved in the file and kept by later resumes.
            """
    )

    @Argument(parsing: .allUnrecognized,
              help: ArgumentHelp("The archive file, and the run's algorithm options, which must match it.", valueName: "path"))
    var arguments: [String] = []

    /// The archive path: the one positional word among ``arguments``.
    var path: String {
        get throws {
            let positionals = try AlgorithmOptions(arguments, for: nil).positionals
            guard let path = positionals.first else { throw ValidationError("missing the archive file to resume") }
            if positionals.count > 1 { throw ValidationError("unexpected argument '\(positionals[1])'") }
            return path
        }
    }

    @Option(parsing: .unconditional, help: "Evaluation budget of the whole run (at most 10^12). Default: the budget saved in the file.")
    var evaluations: Int?

    @OptionGroup
    var session: SessionOptions

    @OptionGroup(title: "Must match the file when given")
    var fixed: FixedRunOptions

    @OptionGroup(title: "Text runs: the language-model servers (default: as saved)")
    var llm: ResumeServerOptions

    func validate() throws {
        if let evaluations, evaluations <= 0 { throw ValidationError("--evaluations must be positive") }
        if let evaluations, evaluations > RunConfiguration.maximumEvaluations {
            throw ValidationError("--evaluations must be at most \(Format.count(RunConfiguration.maximumEvaluations))")
        }
        if try path.isEmpty { throw ValidationError("the archive path is empty") }
    }

    func run() async throws {
        let setupStart = Date()
        StopSignal.install()
        let path = try path
        let url = URL(fileURLWithPath: path)
        if let json = try? ArchiveFile.open(url, mode: .readOnly).configurationJSON(), TextRunConfiguration.isTextRun(json) {
            return try await resumeText(url, setupStart: setupStart)
        }
        if let json = try? ArchiveFile.open(url, mode: .readOnly).configurationJSON(), DiffusionRunConfiguration.isDiffusionRun(json) {
            return try await resumeDiffusion(url, setupStart: setupStart)
        }
        if llm.anyGiven {
            throw ValidationError("--llm-url, --llm-key-env and --concurrency apply to text runs; \(path) is not one")
        }
        let stored = try SavedRun.inspect(url)
        try fixed.check(against: stored.configuration, arguments: arguments, path: path)
        var settings = session.applied(to: stored.settings)
        if let evaluations { settings.evaluations = evaluations }
        let batch = stored.configuration.iterationBatchSize
        let target = settings.evaluations / batch + (settings.evaluations % batch == 0 ? 0 : 1)
        if let evaluations, target * batch < stored.evaluations {
            throw StoreError.mismatch(path: path, detail: "the run already has \(stored.evaluations) evaluations, more than --evaluations \(evaluations)")
        }
        if stored.evaluations >= target * batch {
            // Nothing to do: say so and write nothing (the settings are not saved either).
            let message = "\(path): the run is complete (\(Format.count(stored.evaluations)) evaluations for a budget of "
                + "\(Format.count(settings.evaluations))); nothing to do. Pass a larger --evaluations to extend it."
            if session.json {
                print(#"{"archive_path":\#(RunSummary.jsonString(path)),"completed":true,"evaluations":\#(stored.evaluations),"session_evaluations":0}"#)
            } else {
                print(message)
            }
            return
        }
        let reportURL = OutputPath.report(for: path)
        if settings.report { try RunFlags.checkReport(reportURL, overwrite: true) }
        var remote: RemoteEvaluator?
        var workers: Int?
        let log = WorkerLog()
        if stored.configuration.task.external == nil && session.evaluator.isExternal {
            throw ValidationError("--evaluator COMMAND or URL starts a new run (tessera run --evaluator …); \(path) holds a "
                                  + "\(stored.configuration.task.name) run, evaluated in the process")
        }
        if let external = stored.configuration.task.external {
            if session.evaluator != .cpu {
                throw CommandFailure("\(path) runs on the evaluator \(external.description); resume restarts that one "
                                     + "(--evaluator does not apply)")
            }
            workers = external.dask != nil ? 1 : session.workers ?? (external.isService ? 4 : ProcessInfo.processInfo.activeProcessorCount)
            do {
                remote = try await external.restart(workers: workers!, timeout: .seconds(settings.timeout ?? ExternalEvaluator.defaultTimeout),
                                                    log: log)
            } catch {
                throw CommandFailure("the run's evaluator cannot start: \(error.message)")
            }
        }
        let saved: SavedRun
        do {
            saved = try SavedRun.resume(url, remote: remote)
            if let remote, remote.workers.first is WorkerProcess { try log.open(OutputPath.workerLog(for: path)) }
        } catch {
            await remote?.shutdown()
            if let error = error as? RemoteEvaluatorError { throw CommandFailure(error.message) }
            throw error
        }
        saved.update(settings)
        try await session.session(for: saved, setupSeconds: Date().timeIntervalSince(setupStart), reportURL: reportURL,
                                  remote: remote, workers: workers)
            .run()
    }
}

/// Options of `run` that `resume` accepts only when they agree with the file.
struct FixedRunOptions: ParsableArguments {
    @Option(help: "The run's task.") var task: String?
    @Option(help: "The run's algorithm.") var algorithm: String?
    @Option(parsing: .unconditional, help: "The run's seed.") var seed: UInt64?
    @Option(parsing: .unconditional, help: "The run's genome dimension.") var dims: Int?
    @Option(parsing: .unconditional, help: "The run's batch size.") var batchSize: Int?

    /// Throws when a given option (here, or an algorithm option among `arguments`) does
    /// not apply to the stored run or contradicts it.
    func check(against stored: RunConfiguration, arguments: [String], path: String) throws {
        let given = try AlgorithmOptions(arguments, for: (stored.algorithm, stored.task),
                                         context: "\(path) holds a \(stored.algorithm.name) run: ")
        var conflicts: [String] = []
        func compare<T: Equatable>(_ setting: RunSetting, _ given: T?, _ saved: T, _ show: (T) -> String) {
            if let given, given != saved { conflicts.append("\(setting.flag) \(show(given)) (the file has \(show(saved)))") }
        }
        compare(.task, task, stored.task.name) { $0 }
        compare(.algorithm, algorithm, stored.algorithm.name) { $0 }
        compare(.seed, seed, stored.seed) { String($0) }
        compare(.dims, dims, stored.dimension) { String($0) }
        compare(.batchSize, batchSize, stored.batchSize) { String($0) }
        for (setting, value) in given.values {
            compare(setting, value, stored.value(setting) ?? value) { $0.description }
        }
        if !conflicts.isEmpty {
            throw StoreError.mismatch(path: path, detail: "resume cannot change the run's configuration: " + conflicts.joined(separator: "; "))
        }
    }
}

import ArgumentParser
import Foundation
import Tessera
import TesseraStore
import TesseraTasks

/// `tessera run TASK`: run a built-in task with one algorithm and print a summary.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a built-in task.",
        discussion: """
            TASK is one of: \(Catalogue.builtIn.tasks.map(\.name).joined(separator: ", ")); ALGORITHM one of: \
            \(Catalogue.builtIn.algorithms.map(\.name).joined(separator: ", ")). See `tessera tasks` and `tessera algorithms`.

            Algorithm options (each applies to the algorithms in brackets):
            \(AlgorithmOptions.help())
            """
    )

    @Option(help: "The search algorithm.")
    var algorithm: String = AlgorithmDeclaration.mapElites.name

    @Option(parsing: .unconditional,
            help: "Evaluation budget (at most 10^12); the run performs ceil(N / batch) whole iterations.")
    var evaluations: Int = 100_000

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

    @Argument(parsing: .allUnrecognized,
              help: ArgumentHelp("The task to run, and the algorithm's options (listed below).", valueName: "task"))
    var arguments: [String] = []

    /// The task's name: the one positional word among ``arguments``.
    ///
    /// - Throws: `ValidationError` when there is none, or more than one.
    func taskName() throws -> String {
        let positionals = try AlgorithmOptions(arguments, for: nil).positionals
        guard let name = positionals.first else {
            throw ValidationError("missing the task: one of \(Catalogue.builtIn.tasks.map(\.name).joined(separator: ", "))")
        }
        if positionals.count > 1 { throw ValidationError("unexpected argument '\(positionals[1])'") }
        return name
    }

    /// The configuration the flags describe.
    ///
    /// - Throws: `ValidationError` for an unknown task or algorithm, or an option the
    ///   algorithm does not take.
    func runConfiguration() throws -> RunConfiguration {
        let catalogue = Catalogue.builtIn
        let name = try taskName()
        guard let task = catalogue.tasks.first(where: { $0.name == name }) else {
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

    /// The settings the run starts with.
    var settings: RunSettings {
        RunSettings(evaluations: evaluations, timeout: session.timeout?.seconds, report: session.report ?? true,
                    checkpointEvery: session.checkpointEvery)
    }

    func validate() throws {
        let configuration = try runConfiguration()
        do {
            try configuration.validate()
        } catch {
            throw ValidationError(error.message)
        }
        if let output, output.isEmpty { throw ValidationError("--output is empty: name a file") }
    }

    /// The archive path: `--output`, or the first `Archives/<task>-<algorithm>[-n].sqlite`
    /// whose archive and report are both free. Checked before anything is built.
    func outputURL(report: Bool) throws -> URL {
        if let output {
            let url = try OutputPath.check(output, flag: "--output", overwrite: overwrite)
            if report { try RunFlags.checkReport(OutputPath.report(for: url.path), overwrite: overwrite) }
            return url
        }
        let folder = URL(fileURLWithPath: "Archives")
        let stem = "\(try taskName())-\(algorithm)"
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
        let setupStart = Date()
        StopSignal.install()
        let settings = settings
        let url = try outputURL(report: settings.report)
        let saved: SavedRun
        do {
            saved = try SavedRun.start(try runConfiguration(), settings: settings, at: url, overwrite: overwrite,
                                       shouldStop: { StopSignal.number != 0 })
        } catch {
            let signal = StopSignal.number
            if signal != 0 {
                FileHandle.standardError.write(Data("stopped by signal \(signal) during set-up; nothing was written\n".utf8))
                throw ExitCode(128 + signal)
            }
            throw error
        }
        try await session.session(for: saved, setupSeconds: Date().timeIntervalSince(setupStart),
                                  reportURL: OutputPath.report(for: url.path))
            .run()
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

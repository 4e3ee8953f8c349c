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
        discussion: "TASK is one of: \(BuiltInTask.allCases.map(\.rawValue).joined(separator: ", ")). See `tessera tasks` and `tessera algorithms`."
    )

    @Argument(help: "The task to run.")
    var task: BuiltInTask

    @Option(help: "The search algorithm.")
    var algorithm: BuiltInAlgorithm = .mapElites

    @Option(parsing: .unconditional,
            help: "Evaluation budget (at most 10^12); the run performs ceil(N / batch) whole iterations.")
    var evaluations: Int = 100_000

    @Option(parsing: .unconditional, help: "Evaluations per iteration.")
    var batchSize: Int = 540

    @Option(parsing: .unconditional, help: "Run seed; the same seed gives the same archive whatever the number of workers.")
    var seed: UInt64 = 0

    @Option(parsing: .unconditional, help: "Genome dimension (joints for arm); genomes above 1,000 genes are stored as one BLOB each. Default: 100 for sphere and rastrigin, 12 for arm.")
    var dims: Int?

    @Option(parsing: .unconditional, help: "Grid archive shape, bins per descriptor dimension (grid algorithms). Default: 100x100.")
    var grid: GridShape?

    @Option(parsing: .unconditional, help: "CVT archive centroid count (cvt-map-elites). Default: 10000.")
    var cells: Int?

    @Option(parsing: .unconditional, help: "Uniform samples for CVT k-means (cvt-map-elites). Default: 100000.")
    var cvtSamples: Int?

    @Option(parsing: .unconditional, help: "Gaussian mutation sigma (map-elites, cvt-map-elites). Default: 0.5, or 0.1 for arm.")
    var sigma: Double?

    @Option(parsing: .unconditional, help: "Iso sigma of Iso+LineDD (line-map-elites). Default: 0.5, or 0.1 for arm.")
    var isoSigma: Double?

    @Option(parsing: .unconditional, help: "Line sigma of Iso+LineDD (line-map-elites). Default: 0.2.")
    var lineSigma: Double?

    @Option(help: "Archive file to write (its folder must exist). Default: Archives/<task>-<algorithm>.sqlite (-2, -3, ... when taken).")
    var output: String?

    @Flag(help: "Replace an existing --output file (and its report).")
    var overwrite = false

    @OptionGroup
    var session: SessionOptions

    var runConfiguration: RunConfiguration {
        RunConfiguration(task: task, algorithm: algorithm, dimension: dims, seed: seed, batchSize: batchSize,
                         grid: grid?.bins ?? [100, 100], cells: cells ?? 10_000, cvtSamples: cvtSamples ?? 100_000,
                         sigma: sigma, isoSigma: isoSigma, lineSigma: lineSigma, evaluations: evaluations)
    }

    /// The settings the run starts with.
    var settings: RunSettings {
        RunSettings(evaluations: evaluations, timeout: session.timeout?.seconds, report: session.report ?? true,
                    checkpointEvery: session.checkpointEvery)
    }

    func validate() throws {
        let given: [(RunSetting, Bool)] = [(.grid, grid != nil), (.cells, cells != nil), (.cvtSamples, cvtSamples != nil),
                                           (.sigma, sigma != nil), (.isoSigma, isoSigma != nil), (.lineSigma, lineSigma != nil)]
        for (setting, isGiven) in given where isGiven && !algorithm.uses(setting) {
            throw ValidationError(RunFlags.notApplicable(setting, to: algorithm))
        }
        do {
            try runConfiguration.validate()
        } catch let error as ConfigurationError {
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
        let stem = "\(task.rawValue)-\(algorithm.rawValue)"
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
            saved = try SavedRun.start(runConfiguration, settings: settings, at: url, overwrite: overwrite,
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
    /// The message for a flag that means nothing to `algorithm`.
    static func notApplicable(_ setting: RunSetting, to algorithm: BuiltInAlgorithm) -> String {
        let users = BuiltInAlgorithm.using(setting).map(\.rawValue).joined(separator: ", ")
        return "\(setting.flag) does not apply to \(algorithm.rawValue); it is used by \(users)"
    }

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

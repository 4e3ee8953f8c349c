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

    @Option(help: "Evaluation budget; the run performs ceil(N / batch) whole iterations.")
    var evaluations: Int = 100_000

    @Option(help: "Evaluations per iteration.")
    var batchSize: Int = 540

    @Option(help: "Run seed; the same seed gives the same archive whatever the number of workers.")
    var seed: UInt64 = 0

    @Option(help: "Genome dimension (joints for arm). Default: 100 for sphere and rastrigin, 12 for arm.")
    var dims: Int?

    @Option(help: "Grid archive shape, bins per descriptor dimension.")
    var grid: GridShape = GridShape([100, 100])

    @Option(help: "CVT archive centroid count.")
    var cells: Int = 10_000

    @Option(help: "Uniform samples for CVT k-means.")
    var cvtSamples: Int = 100_000

    @Option(help: "Gaussian mutation sigma. Default: 0.5, or 0.1 for arm.")
    var sigma: Double?

    @Option(help: "Iso sigma of Iso+LineDD. Default: 0.5, or 0.1 for arm.")
    var isoSigma: Double?

    @Option(help: "Line sigma of Iso+LineDD.")
    var lineSigma: Double = 0.2

    @Option(help: "Per-evaluation timeout in seconds (runs that hit it are not deterministic).")
    var timeout: Double?

    @Option(help: "Archive file to write. Default: Archives/<task>-<algorithm>.sqlite (-2, -3, ... when taken).")
    var output: String?

    @Flag(help: "Replace an existing --output file.")
    var overwrite = false

    @OptionGroup
    var session: SessionOptions

    var runConfiguration: RunConfiguration {
        RunConfiguration(task: task, algorithm: algorithm, dimension: dims, seed: seed, batchSize: batchSize,
                         grid: grid.bins, cells: cells, cvtSamples: cvtSamples, sigma: sigma, isoSigma: isoSigma,
                         lineSigma: lineSigma, evaluations: evaluations)
    }

    func validate() throws {
        do {
            try runConfiguration.validate()
        } catch let error as ConfigurationError {
            throw ValidationError(error.message)
        }
        if let timeout, !(timeout > 0 && timeout.isFinite) { throw ValidationError("--timeout must be a positive number of seconds") }
        if let output, output.isEmpty { throw ValidationError("--output must name a file") }
    }

    /// The archive path: `--output`, or the first free `Archives/<task>-<algorithm>[-n].sqlite`.
    func outputURL() -> URL {
        if let output { return URL(fileURLWithPath: output) }
        let folder = URL(fileURLWithPath: "Archives")
        let stem = "\(task.rawValue)-\(algorithm.rawValue)"
        var candidate = folder.appendingPathComponent("\(stem).sqlite")
        var n = 2
        while FileManager.default.fileExists(atPath: candidate.path) {
            candidate = folder.appendingPathComponent("\(stem)-\(n).sqlite")
            n += 1
        }
        return candidate
    }

    func run() async throws {
        let setupStart = Date()
        let saved = try SavedRun.start(runConfiguration, at: outputURL(), overwrite: overwrite)
        try await session.session(for: saved, timeout: timeout, setupSeconds: Date().timeIntervalSince(setupStart))
            .run(totalEvaluations: evaluations)
    }
}

import ArgumentParser
import Foundation
import Tessera
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

    @Option(help: "Concurrent workers. Default: the number of cores.")
    var workers: Int?

    @Option(help: "Per-evaluation timeout in seconds (runs that hit it are not deterministic).")
    var timeout: Double?

    @Flag(help: "Print one JSON object with the run's figures on the last line of stdout.")
    var json = false

    @Flag(help: "No progress line.")
    var quiet = false

    var runConfiguration: RunConfiguration {
        RunConfiguration(task: task, algorithm: algorithm, dimension: dims, seed: seed, batchSize: batchSize,
                         grid: grid.bins, cells: cells, cvtSamples: cvtSamples, sigma: sigma, isoSigma: isoSigma,
                         lineSigma: lineSigma, evaluations: evaluations)
    }

    var workerCount: Int { workers ?? ProcessInfo.processInfo.activeProcessorCount }

    func validate() throws {
        do {
            try runConfiguration.validate()
        } catch let error as ConfigurationError {
            throw ValidationError(error.message)
        }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        if let timeout, !(timeout > 0 && timeout.isFinite) { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func run() async throws {
        let setupStart = Date()
        var search = try runConfiguration.makeRun()
        let setupSeconds = Date().timeIntervalSince(setupStart)
        let evaluator = ParallelEvaluator(workers: workerCount, timeout: timeout)
        var progress = ProgressLine(enabled: !quiet)
        let loopStart = Date()
        let completed = await search.run(totalEvaluations: evaluations, evaluator: evaluator) { status, stats in
            progress.update(status, stats: stats)
            return true
        }
        let wallSeconds = Date().timeIntervalSince(loopStart)
        progress.finish()
        let summary = RunSummary(run: search, workers: workerCount, setupSeconds: setupSeconds,
                                 wallSeconds: wallSeconds, completed: completed)
        if json {
            print(summary.json())
        } else {
            print(summary.text(failures: search.failures))
        }
    }
}

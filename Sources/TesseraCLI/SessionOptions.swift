import ArgumentParser
import Foundation
import TesseraStore

/// The options `run` and `resume` share: workers, checkpoints, report and output style.
struct SessionOptions: ParsableArguments {
    @Option(help: "Concurrent workers. Default: the number of cores.")
    var workers: Int?

    @Option(help: "Checkpoint every N evaluations (rounded to whole iterations); 0: only at the end. Default: every 30 s.")
    var checkpointEvery: Int?

    @Flag(help: "Do not write the HTML report next to the archive.")
    var noReport = false

    @Flag(help: "Print one JSON object with the run's figures on the last line of stdout.")
    var json = false

    @Flag(help: "No progress line.")
    var quiet = false

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        if let checkpointEvery, checkpointEvery < 0 { throw ValidationError("--checkpoint-every must be 0 or positive") }
    }

    /// The number of workers to use.
    var workerCount: Int { workers ?? ProcessInfo.processInfo.activeProcessorCount }

    /// A session running `saved` with these options.
    func session(for saved: SavedRun, timeout: Double?, setupSeconds: Double) -> RunSession {
        RunSession(saved: saved, workers: workerCount, timeout: timeout, policy: CheckpointPolicy(checkpointEvery: checkpointEvery),
                   json: json, quiet: quiet, writeReport: !noReport, setupSeconds: setupSeconds)
    }
}

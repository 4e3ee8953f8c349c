import ArgumentParser
import Foundation
import Tessera
import TesseraStore
import TesseraTasks

/// A `--timeout` value: seconds, or `none`.
struct TimeoutSetting: ExpressibleByArgument {
    /// The limit in seconds, or `nil` for none.
    let seconds: Double?

    init?(argument: String) {
        if argument.lowercased() == "none" {
            seconds = nil
        } else if let value = Double(argument) {
            seconds = value
        } else {
            return nil
        }
    }
}

/// How a session dispatches evaluations: the CPU pool, or one task per row.
enum EvaluatorChoice: String, ExpressibleByArgument, CaseIterable {
    /// ``ParallelEvaluator``: `--workers` threads, each making and evaluating a chunk of rows.
    case cpu
    /// ``ConcurrentEvaluator``: one task per row, at most `--in-flight` at once, time-outs
    /// that cancel and transient failures retried.
    case concurrent
}

/// The options `run` and `resume` share: workers, time-out, checkpoints, report and
/// output style. The time-out, checkpoint interval and report are saved in the file, so a
/// later `resume` keeps them unless it is given new ones.
struct SessionOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Concurrent workers of the in-process pool (at most 8 per core). Default: the number of cores.")
    var workers: Int?

    @Option(help: "How evaluations are dispatched: cpu (a pool of --workers threads) or concurrent (one task per row, at most --in-flight at once; for domains that wait on I/O). The archive is the same either way.")
    var evaluator: EvaluatorChoice = .cpu

    @Option(parsing: .unconditional, help: "Calls in flight with --evaluator concurrent (1 to 100,000). Default: 64.")
    var inFlight: Int?

    @Option(parsing: .unconditional,
            help: "Checkpoint every N evaluations (rounded to whole iterations); 0: only at the end. Default: every 30 s; resume: as saved.")
    var checkpointEvery: Int?

    @Option(parsing: .unconditional,
            help: "Per-evaluation time-out in seconds, or none (runs that hit it are not deterministic). Default: none; resume: as saved.")
    var timeout: TimeoutSetting?

    @Flag(inversion: .prefixedNo, help: "Write the HTML report next to the archive. Default: yes; resume: as saved.")
    var report: Bool?

    @Flag(help: "Print one JSON object with the run's figures on the last line of stdout.")
    var json = false

    @Flag(help: "No progress line.")
    var quiet = false

    /// The most workers the in-process pool accepts: 8 per core.
    static var maximumWorkers: Int { ParallelEvaluator.maximumWorkers }

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        if let workers, workers > Self.maximumWorkers {
            throw ValidationError("--workers \(workers) is too many: at most \(Self.maximumWorkers) (8 per core on this "
                                  + "\(ProcessInfo.processInfo.activeProcessorCount)-core machine)")
        }
        if evaluator == .concurrent, workers != nil {
            throw ValidationError("--workers does not apply to --evaluator concurrent; use --in-flight")
        }
        if evaluator == .cpu, inFlight != nil { throw ValidationError("--in-flight applies only to --evaluator concurrent") }
        if let inFlight, !(1...ConcurrentEvaluator.maximumInFlightLimit).contains(inFlight) {
            throw ValidationError("--in-flight must be in 1...\(Format.count(ConcurrentEvaluator.maximumInFlightLimit)) (got \(inFlight))")
        }
        if let checkpointEvery, checkpointEvery < 0 { throw ValidationError("--checkpoint-every must be 0 or positive") }
        if let seconds = timeout?.seconds, !(seconds > 0 && seconds.isFinite) {
            throw ValidationError("--timeout must be a positive number of seconds, or none")
        }
    }

    /// The number of workers to use.
    var workerCount: Int { workers ?? ProcessInfo.processInfo.activeProcessorCount }

    /// `saved` with the options given here in place of the saved ones.
    func applied(to saved: RunSettings) -> RunSettings {
        var settings = saved
        if let timeout { settings.timeout = timeout.seconds }
        if let report { settings.report = report }
        if let checkpointEvery { settings.checkpointEvery = checkpointEvery }
        return settings
    }

    /// A session running `saved` with these options.
    func session(for saved: SavedRun, setupSeconds: Double, reportURL: URL) -> RunSession {
        RunSession(saved: saved, evaluator: evaluator, workers: evaluator == .cpu ? workerCount : inFlight ?? 64, json: json, quiet: quiet,
                   reportURL: reportURL, setupSeconds: setupSeconds)
    }
}

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

/// How a session makes its evaluations: the CPU pool, one task per row, or an evaluator
/// outside the process (worker processes of a command, or an HTTP service).
enum EvaluatorChoice: ExpressibleByArgument, Equatable {
    /// ``ParallelEvaluator``: `--workers` threads, each making and evaluating a chunk of rows.
    case cpu
    /// ``ConcurrentEvaluator``: one task per row, at most `--in-flight` at once, time-outs
    /// that cancel and transient failures retried.
    case concurrent
    /// `--workers` processes of a shell command speaking the evaluator protocol.
    case command(String)
    /// An HTTP evaluation service at this base URL, `--in-flight` requests at once.
    case http(String)

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespacesAndNewlines)
        switch text.lowercased() {
        case "": return nil
        case "cpu": self = .cpu
        case "concurrent": self = .concurrent
        case let lower where lower.hasPrefix("http://") || lower.hasPrefix("https://"): self = .http(text)
        default: self = .command(text)
        }
    }

    /// Whether the evaluations are made outside the process.
    var isExternal: Bool {
        switch self {
        case .cpu, .concurrent: false
        case .command, .http: true
        }
    }

    /// `cpu`, `concurrent`, `process` or `http`, for summaries.
    var label: String {
        switch self {
        case .cpu: "cpu"
        case .concurrent: "concurrent"
        case .command: "process"
        case .http: "http"
        }
    }
}

/// The options `run` and `resume` share: workers, time-out, checkpoints, report and
/// output style. The time-out, checkpoint interval and report are saved in the file, so a
/// later `resume` keeps them unless it is given new ones.
struct SessionOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Concurrent workers of the in-process pool (at most 8 per core). Default: the number of cores.")
    var workers: Int?

    @Option(help: ArgumentHelp("""
        How evaluations are made: cpu (a pool of --workers threads), concurrent (one task per row, at most --in-flight at \
        once; for domains that wait on I/O), a shell command that starts an evaluator worker ("python3 my_worker.py": \
        --workers processes, the domain is the worker's; run only), or an evaluation service's URL (http://HOST:PORT: \
        --in-flight requests at once; run only). The archive is the same either way.
        """, valueName: "cpu|concurrent|COMMAND|URL"))
    var evaluator: EvaluatorChoice = .cpu

    @Option(parsing: .unconditional,
            help: "Calls in flight with --evaluator concurrent (1 to 100,000; default 64), or requests in flight to an evaluation service (1 to 1,024; default 4).")
    var inFlight: Int?

    @Option(parsing: .unconditional,
            help: "Checkpoint every N evaluations (rounded to whole iterations); 0: only at the end. Default: every 30 s; resume: as saved.")
    var checkpointEvery: Int?

    @Option(parsing: .unconditional,
            help: "Per-evaluation time-out in seconds, or none (runs that hit it are not deterministic). An evaluator command's process that waits longer for an answer is ended and its rows resent once; for a service, the time-out of one request. Default: none (300 s outside the process); resume: as saved.")
    var timeout: TimeoutSetting?

    @Flag(inversion: .prefixedNo, help: "Write the HTML report next to the archive. Default: yes; resume: as saved.")
    var report: Bool?

    @Flag(help: "Print one JSON object with the run's figures on the last line of stdout.")
    var json = false

    @Flag(help: "No progress line.")
    var quiet = false

    /// The most workers the in-process pool accepts: 8 per core.
    static var maximumWorkers: Int { ParallelEvaluator.maximumWorkers }
    /// The most worker processes of an evaluator command.
    static let maximumProcesses = 256
    /// The most requests in flight to an evaluation service.
    static let maximumRequests = 1024

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        switch evaluator {
        case .cpu:
            if let workers, workers > Self.maximumWorkers {
                throw ValidationError("--workers \(workers) is too many: at most \(Self.maximumWorkers) (8 per core on this "
                                      + "\(ProcessInfo.processInfo.activeProcessorCount)-core machine)")
            }
            if inFlight != nil { throw ValidationError("--in-flight applies only to --evaluator concurrent or an evaluation service's URL") }
        case .concurrent:
            if workers != nil { throw ValidationError("--workers does not apply to --evaluator concurrent; use --in-flight") }
        case .command:
            if let workers, workers > Self.maximumProcesses {
                throw ValidationError("--workers \(workers) is too many worker processes: at most \(Self.maximumProcesses)")
            }
            if inFlight != nil { throw ValidationError("--in-flight does not apply to an evaluator command; use --workers for its processes") }
        case .http:
            if workers != nil { throw ValidationError("--workers does not apply to an evaluation service; use --in-flight for its requests") }
            if let inFlight, !(1...Self.maximumRequests).contains(inFlight) {
                throw ValidationError("--in-flight must be in 1...\(Format.count(Self.maximumRequests)) for an evaluation service (got \(inFlight))")
            }
        }
        if evaluator == .concurrent, let inFlight, !(1...ConcurrentEvaluator.maximumInFlightLimit).contains(inFlight) {
            throw ValidationError("--in-flight must be in 1...\(Format.count(ConcurrentEvaluator.maximumInFlightLimit)) (got \(inFlight))")
        }
        if let checkpointEvery, checkpointEvery < 0 { throw ValidationError("--checkpoint-every must be 0 or positive") }
        if let seconds = timeout?.seconds, !(seconds > 0 && seconds.isFinite) {
            throw ValidationError("--timeout must be a positive number of seconds, or none")
        }
    }

    /// The number of workers to use: pool threads or worker processes (the number of cores
    /// by default), calls in flight (64) or requests in flight (4).
    var workerCount: Int {
        switch evaluator {
        case .cpu, .command: workers ?? ProcessInfo.processInfo.activeProcessorCount
        case .concurrent: inFlight ?? 64
        case .http: inFlight ?? 4
        }
    }

    /// `saved` with the options given here in place of the saved ones.
    func applied(to saved: RunSettings) -> RunSettings {
        var settings = saved
        if let timeout { settings.timeout = timeout.seconds }
        if let report { settings.report = report }
        if let checkpointEvery { settings.checkpointEvery = checkpointEvery }
        return settings
    }

    /// A session running `saved` with these options, on `remote` when its evaluations are
    /// made outside the process (`workers` then counts its processes or requests).
    func session(for saved: SavedRun, setupSeconds: Double, reportURL: URL, remote: RemoteEvaluator? = nil,
                 workers: Int? = nil) -> RunSession {
        RunSession(saved: saved, evaluator: evaluator, workers: workers ?? workerCount, remote: remote, json: json, quiet: quiet,
                   reportURL: reportURL, setupSeconds: setupSeconds)
    }
}

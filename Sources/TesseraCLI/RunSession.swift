import ArgumentParser
import Foundation
import Tessera
import TesseraStore
import TesseraTasks

/// The part of `run` and `resume` that runs a saved run to its budget, with progress,
/// checkpoints, signals, the report and the summary. The budget, time-out, checkpoint
/// interval and report come from the run's saved settings.
struct RunSession {
    let saved: SavedRun
    let evaluator: EvaluatorChoice
    /// Pool workers (`cpu`), calls in flight (`concurrent`), worker processes or requests in
    /// flight (outside the process).
    let workers: Int
    /// The evaluator outside the process, when the run has one; shut down at the end.
    let remote: RemoteEvaluator?
    let json: Bool
    let quiet: Bool
    /// Where the report goes when the settings ask for one.
    let reportURL: URL
    let setupSeconds: Double

    func run() async throws {
        if let remote {
            // The run's loop drives `remote` with a concurrent evaluator of its own.
            do {
                try await run(with: ConcurrentEvaluator())
            } catch {
                await remote.shutdown()
                throw error
            }
            return
        }
        switch evaluator {
        case .cpu: try await run(with: ParallelEvaluator(workers: workers, timeout: saved.settings.timeout))
        case .concurrent, .command, .http:
            try await run(with: ConcurrentEvaluator(maximumInFlight: workers, timeout: saved.settings.timeout.map { .seconds($0) }))
        }
    }

    private func run(with evaluator: some Evaluator) async throws {
        let settings = saved.settings
        var progress = ProgressLine(enabled: !quiet, startEvaluations: saved.run.evaluations)
        let startEvaluations = saved.run.evaluations
        let loopStart = Date()
        let completed = try await saved.run(totalEvaluations: settings.evaluations, evaluator: evaluator,
                                            policy: settings.checkpointPolicy,
                                            shouldStop: { StopSignal.number != 0 },
                                            progress: { status, stats in progress.update(status, stats: stats) })
        let loopSeconds = Date().timeIntervalSince(loopStart)
        progress.finish()
        await remote?.shutdown()
        try saved.finish()
        let path = saved.file.path
        if !completed { throw Self.stopped(at: saved.run.evaluations, path: path) }
        let reportPath = try Self.report(saved.file, to: reportURL, if: settings.report)
        var choice = self.evaluator
        if remote != nil, let external = saved.configuration.task.external {
            switch external.transport {
            case .process(let command, _): choice = .command(command)
            case .http(let url, _): choice = .http(url)
            }
        }
        var summary = RunSummary(run: saved.run, evaluator: choice, workers: workers, sessionEvaluations: saved.run.evaluations - startEvaluations,
                                 setupSeconds: setupSeconds, loopSeconds: loopSeconds,
                                 wallSeconds: Date().timeIntervalSince(TesseraCommand.startTime), completed: completed)
        summary.archivePath = path
        if let remote, let external = saved.configuration.task.external {
            summary.remote = RunSummary.RemoteFacts(external, remote: remote, workers: workers,
                                                    log: remote.workers.first is WorkerProcess ? OutputPath.workerLog(for: path).path : nil)
        }
        summary.reportPath = reportPath
        print(json ? summary.json() : summary.text(failures: saved.run.failures))
    }

    /// Says on standard error that a signal stopped the run after its checkpoint, and gives
    /// the exit status (128 + the signal).
    static func stopped(at evaluations: Int, path: String) -> ExitCode {
        let signal = StopSignal.number
        FileHandle.standardError.write(Data(("stopped by signal \(signal) at \(evaluations) evaluations; "
            + "checkpoint saved in \(path); resume with: tessera resume \(path)\n").utf8))
        return ExitCode(128 + signal)
    }

    /// Writes the report of `file` to `url` when `wanted`, and gives its path.
    static func report(_ file: ArchiveFile, to url: URL, if wanted: Bool) throws -> String? {
        guard wanted else { return nil }
        try ReportWriter.write(from: file, to: url)
        return url.path
    }
}

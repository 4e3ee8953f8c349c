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
    /// Pool workers (`cpu`), or calls in flight (`concurrent`).
    let workers: Int
    let json: Bool
    let quiet: Bool
    /// Where the report goes when the settings ask for one.
    let reportURL: URL
    let setupSeconds: Double

    func run() async throws {
        switch evaluator {
        case .cpu: try await run(with: ParallelEvaluator(workers: workers, timeout: saved.settings.timeout))
        case .concurrent:
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
        try saved.finish()
        let path = saved.file.path
        if !completed {
            let signal = StopSignal.number
            FileHandle.standardError.write(Data(("stopped by signal \(signal) at \(saved.run.evaluations) evaluations; "
                + "checkpoint saved in \(path); resume with: tessera resume \(path)\n").utf8))
            throw ExitCode(128 + signal)
        }
        var reportPath: String?
        if settings.report {
            try ReportWriter.write(from: saved.file, to: reportURL)
            reportPath = reportURL.path
        }
        var summary = RunSummary(run: saved.run, evaluator: self.evaluator, workers: workers, sessionEvaluations: saved.run.evaluations - startEvaluations,
                                 setupSeconds: setupSeconds, loopSeconds: loopSeconds,
                                 wallSeconds: Date().timeIntervalSince(TesseraCommand.startTime), completed: completed)
        summary.archivePath = path
        summary.reportPath = reportPath
        print(json ? summary.json() : summary.text(failures: saved.run.failures))
    }
}

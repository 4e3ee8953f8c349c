import ArgumentParser
import Foundation
import Tessera
import TesseraStore
import TesseraTasks

/// The part of `run` and `resume` that runs a saved run to its budget, with progress,
/// checkpoints, signals, the report and the summary.
struct RunSession {
    let saved: SavedRun
    let workers: Int
    let timeout: Double?
    let policy: CheckpointPolicy
    let json: Bool
    let quiet: Bool
    let writeReport: Bool
    let setupSeconds: Double

    func run(totalEvaluations: Int) async throws {
        StopSignal.install()
        let evaluator = try ParallelEvaluator(workers: workers, timeout: timeout)
        var progress = ProgressLine(enabled: !quiet)
        let loopStart = Date()
        let completed = try await saved.run(totalEvaluations: totalEvaluations, evaluator: evaluator, policy: policy,
                                            shouldStop: { StopSignal.number != 0 },
                                            progress: { status, stats in progress.update(status, stats: stats) })
        let wallSeconds = Date().timeIntervalSince(loopStart)
        progress.finish()
        try saved.finish()
        let path = saved.file.path
        if !completed {
            let signal = StopSignal.number
            FileHandle.standardError.write(Data("""
                stopped by signal \(signal) at \(saved.run.evaluations) evaluations; checkpoint saved in \(path)
                resume with: tessera resume \(path)\n
                """.utf8))
            throw ExitCode(128 + signal)
        }
        var reportPath: String?
        if writeReport {
            let url = URL(fileURLWithPath: path).deletingPathExtension().appendingPathExtension("html")
            try ReportWriter.write(from: saved.file, to: url)
            reportPath = url.path
        }
        var summary = RunSummary(run: saved.run, workers: workers, setupSeconds: setupSeconds,
                                 wallSeconds: wallSeconds, completed: completed)
        summary.archivePath = path
        summary.reportPath = reportPath
        print(json ? summary.json() : summary.text(failures: saved.run.failures))
    }
}

import ArgumentParser
import Foundation
import Tessera
import TesseraLanguageModels
import TesseraStore
import TesseraTasks

/// The part of `run` and `resume` that runs a text run to its budget, with progress,
/// checkpoints, signals, the report and the summary.
struct TextRunSession {
    let run: TextRun
    let json: Bool
    let quiet: Bool
    /// Where the report goes when the settings ask for one.
    let reportURL: URL
    let setupSeconds: Double

    func run() async throws {
        let startEvaluations = run.scheduler.evaluations
        let startStatistics = run.statistics
        var progress = ProgressLine(enabled: !quiet, startEvaluations: startEvaluations)
        let loopStart = Date()
        let completed: Bool
        do {
            completed = try await run.run(shouldStop: { StopSignal.number != 0 },
                                          progress: { status, stats in progress.update(status, stats: stats) })
        } catch {
            progress.finish()
            try? run.finish()
            throw error
        }
        let loopSeconds = Date().timeIntervalSince(loopStart)
        progress.finish()
        try run.finish()
        let path = run.file.path
        if !completed { throw RunSession.stopped(at: run.scheduler.evaluations, path: path) }
        let reportPath = try RunSession.report(run.file, to: reportURL, if: run.settings.report)
        var summary = TextRunSummary(run, startEvaluations: startEvaluations, startStatistics: startStatistics,
                                     setupSeconds: setupSeconds, loopSeconds: loopSeconds,
                                     wallSeconds: Date().timeIntervalSince(TesseraCommand.startTime), completed: completed)
        summary.archivePath = path
        summary.reportPath = reportPath
        print(json ? summary.json() : summary.text(failures: run.scheduler.failures))
    }
}

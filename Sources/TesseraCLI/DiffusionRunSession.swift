import ArgumentParser
import Foundation
import Tessera
import TesseraStore
import TesseraTasks

/// The part of `run` and `resume` that runs an EvoSearch run to its end, with the plan,
/// progress, one line per failed rollout, checkpoints, signals, the report and the summary.
struct DiffusionRunSession<Generator: DenoisingGenerator, Reward: DenoisingReward>
where Reward.Scalar == Generator.Scalar, Generator.Scalar: DiffusionOutput {
    let run: DiffusionRun<Generator, Reward>
    let json: Bool
    let quiet: Bool
    /// Where the report goes when the settings ask for one.
    let reportURL: URL
    let setupSeconds: Double

    func run() async throws {
        let search = run.search
        let path = run.file.path
        if !quiet {
            let done = run.state.nfe > 0 ? " (\(Format.count(run.state.nfe)) done)" : ""
            let shape = search.generations.map { "\($0.population)@\($0.step)" }.joined(separator: ", ")
            FileHandle.standardError.write(Data(("\(run.configuration.algorithm.rawValue) on \(run.configuration.task): "
                + "\(Format.count(search.plannedNFE)) NFE planned\(done); populations@steps \(shape)\n").utf8))
        }
        let line = DiffusionProgressLine(enabled: !quiet, startNFE: run.state.nfe)
        let loopStart = Date()
        let completed: Bool
        do {
            completed = try await run.run(shouldStop: { StopSignal.number != 0 }, progress: { line.update($0) }, failed: { message in
                line.clear()
                FileHandle.standardError.write(Data((message + "\n").utf8))
            })
        } catch {
            line.clear()
            try? run.finish()
            if error is StoreError { throw error }
            throw CommandFailure("the run stopped: \(error); the last batch's checkpoint is in \(path); resume with: tessera resume \(path)")
        }
        let loopSeconds = Date().timeIntervalSince(loopStart)
        line.clear()
        try run.finish()
        if !completed {
            let signal = StopSignal.number
            FileHandle.standardError.write(Data(("stopped by signal \(signal) at \(Format.count(run.state.nfe)) NFE; "
                + "checkpoint saved in \(path); resume with: tessera resume \(path)\n").utf8))
            throw ExitCode(128 + signal)
        }
        let reportPath = try RunSession.report(run.file, to: reportURL, if: run.settings.report)
        var summary = try DiffusionRunSummary(run, setupSeconds: setupSeconds, loopSeconds: loopSeconds)
        summary.archivePath = path
        summary.reportPath = reportPath
        print(json ? summary.json() : summary.text())
    }
}

/// The time-out of one request to a denoising server when the settings give none.
enum DiffusionRunDefaults {
    static let timeout = 600.0
}

/// A live one-line progress display of an EvoSearch run on standard error, only on a terminal.
struct DiffusionProgressLine {
    let enabled: Bool
    private let start = Date()
    private let startNFE: Int

    init(enabled: Bool, startNFE: Int) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
        self.startNFE = startNFE
    }

    func update(_ progress: DiffusionRunProgress) {
        guard enabled else { return }
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(progress.nfe - startNFE) / elapsed : 0
        var text = "\(Format.count(progress.nfe))/\(Format.count(progress.plannedNFE)) NFE  generation \(min(progress.generation + 1, progress.generations))/\(progress.generations)"
        text += "  best reward \(Format.number(progress.bestReward))  cells \(progress.elites)  \(Format.number(rate)) NFE/s"
        if progress.failures > 0 { text += "  failed \(progress.failures)" }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

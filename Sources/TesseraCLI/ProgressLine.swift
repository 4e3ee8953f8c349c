import Foundation
import Tessera
import TesseraTasks

/// A live one-line progress display on standard error, redrawn at most every 0.25 s,
/// shown only on a terminal.
struct ProgressLine {
    let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    /// Evaluations done before this command, left out of the rate.
    private let startEvaluations: Int

    init(enabled: Bool, startEvaluations: Int = 0) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
        self.startEvaluations = startEvaluations
    }

    mutating func update(_ progress: RunProgress, stats: () -> ArchiveStats, force: Bool = false) {
        guard enabled else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= 0.25 else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let s = stats()
        let rate = elapsed > 0 ? Double(progress.evaluations - startEvaluations) / elapsed : 0
        let remaining = max(0, progress.totalEvaluations - progress.evaluations)
        let eta = rate > 0 ? Double(remaining) / rate : 0
        var line = "\(Format.count(progress.evaluations))/\(Format.count(progress.totalEvaluations)) evals"
        line += "  QD \(Format.number(s.qdScore))  coverage \(Format.percent(s.coverage))"
        line += "  \(Format.number(rate)) evals/s  ETA \(Format.duration(eta))"
        if progress.failedEvaluations > 0 { line += "  failed \(progress.failedEvaluations)" }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

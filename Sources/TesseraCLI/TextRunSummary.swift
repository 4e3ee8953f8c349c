import Foundation
import Tessera
import TesseraLanguageModels
import TesseraTasks

/// The figures of a finished text run: the `--json` object and the text summary, with the
/// keys of ``RunSummary`` that apply and the language-model figures (`llm_*`). The keys are
/// documented in `Docs/CommandLine.md`.
struct TextRunSummary: Encodable {
    var task: String
    var algorithm: String
    var seed: UInt64
    var batchSize: Int
    var cells: Int
    var grid: [Int]
    var evaluations: Int
    var sessionEvaluations: Int
    var iterations: Int
    var evaluator = "llm"
    var replay: Bool
    var setupSeconds: Double
    var loopSeconds: Double
    var wallSeconds: Double
    var evalsPerSecond: Double
    /// The archive's figures (the objective is the quality) and the failures.
    var figures: ArchiveFigures
    /// The whole run's language-model figures, earlier sessions included.
    var llm: LanguageModelStatistics
    /// This session's requests (sent, not replayed).
    var sessionRequests: Int
    var recordedCalls: Int
    var best: Best?
    var completed: Bool
    var tesseraVersion: String
    var archivePath: String?
    var reportPath: String?

    /// The best text: its quality, its axes' measures and the text.
    struct Best: Encodable {
        var quality: Double
        var evaluation: Int
        var measures: [String: Double]
        var text: String
    }

    enum CodingKeys: String, CodingKey {
        case task, algorithm, seed, cells, grid, evaluations, iterations, evaluator, replay, completed, best
        case batchSize = "batch_size", sessionEvaluations = "session_evaluations"
        case setupSeconds = "setup_seconds", loopSeconds = "loop_seconds", wallSeconds = "wall_seconds"
        case evalsPerSecond = "evals_per_second"
        case llmRequests = "llm_requests", llmFailures = "llm_failures", llmRetries = "llm_retries", llmSeconds = "llm_seconds"
        case llmPromptTokens = "llm_prompt_tokens", llmCompletionTokens = "llm_completion_tokens", llmReplayed = "llm_replayed"
        case sessionRequests = "session_llm_requests", recordedCalls = "recorded_calls"
        case tesseraVersion = "tessera_version", archivePath = "archive_path", reportPath = "report_path"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(task, forKey: .task)
        try c.encode(algorithm, forKey: .algorithm)
        try c.encode(seed, forKey: .seed)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(cells, forKey: .cells)
        try c.encode(grid, forKey: .grid)
        try c.encode(evaluations, forKey: .evaluations)
        try c.encode(sessionEvaluations, forKey: .sessionEvaluations)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(evaluator, forKey: .evaluator)
        try c.encode(replay, forKey: .replay)
        try c.encode(setupSeconds, forKey: .setupSeconds)
        try c.encode(loopSeconds, forKey: .loopSeconds)
        try c.encode(wallSeconds, forKey: .wallSeconds)
        try c.encode(evalsPerSecond, forKey: .evalsPerSecond)
        try figures.encode(to: encoder)
        try c.encode(llm.requests, forKey: .llmRequests)
        try c.encode(llm.failures, forKey: .llmFailures)
        try c.encode(llm.retries, forKey: .llmRetries)
        try c.encode(llm.seconds, forKey: .llmSeconds)
        try c.encode(llm.promptTokens, forKey: .llmPromptTokens)
        try c.encode(llm.completionTokens, forKey: .llmCompletionTokens)
        try c.encode(llm.replayed, forKey: .llmReplayed)
        try c.encode(sessionRequests, forKey: .sessionRequests)
        try c.encode(recordedCalls, forKey: .recordedCalls)
        try c.encodeIfPresent(best, forKey: .best)
        try c.encode(completed, forKey: .completed)
        try c.encode(tesseraVersion, forKey: .tesseraVersion)
        try c.encodeIfPresent(archivePath, forKey: .archivePath)
        try c.encodeIfPresent(reportPath, forKey: .reportPath)
    }

    init(_ run: TextRun, startEvaluations: Int, startStatistics: LanguageModelStatistics, setupSeconds: Double, loopSeconds: Double,
         wallSeconds: Double, completed: Bool) {
        let configuration = run.configuration
        let scheduler = run.scheduler
        let stats = scheduler.results.stats
        task = configuration.domain.name
        algorithm = configuration.algorithm.rawValue
        seed = configuration.seed
        batchSize = configuration.batchSize
        cells = configuration.cellCount
        grid = configuration.gridShape
        evaluations = scheduler.evaluations
        sessionEvaluations = scheduler.evaluations - startEvaluations
        iterations = scheduler.iteration
        replay = run.isReplay
        self.setupSeconds = setupSeconds
        self.loopSeconds = loopSeconds
        self.wallSeconds = wallSeconds
        evalsPerSecond = loopSeconds > 0 ? Double(sessionEvaluations) / loopSeconds : 0
        figures = ArchiveFigures(stats, failures: scheduler.failures)
        llm = run.statistics
        sessionRequests = llm.requests - startStatistics.requests
        recordedCalls = run.recording.count
        if let elite = scheduler.results.elites.max(by: { $0.objective < $1.objective || ($0.objective == $1.objective && $0.evaluation > $1.evaluation) }) {
            var measures = [String: Double]()
            for (key, value) in elite.metadata ?? [:] { if case .number(let number) = value { measures[key] = number } }
            best = Best(quality: elite.objective, evaluation: elite.evaluation, measures: measures, text: elite.genome)
        }
        self.completed = completed
        tesseraVersion = TesseraInfo.version
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    func text(failures: FailureLog) -> String {
        var lines = [
            "\(task) with \(algorithm), seed \(seed): \(Format.count(evaluations)) texts judged in \(iterations) iterations"
                + (replay ? " (replayed from its recording)" : ""),
            "  archive     \(Format.count(figures.numElites)) elites of \(Format.count(cells)) cells "
                + "(\(grid.map(String.init).joined(separator: " x "))), coverage \(Format.percent(figures.coverage))",
            figures.qdLine,
            "  quality     max \(figures.objMax.map { String(format: "%.4f", $0) } ?? "-"), mean \(figures.objMean.map { String(format: "%.4f", $0) } ?? "-")",
            ArchiveFigures.timeLine(setup: setupSeconds, loop: loopSeconds, wall: wallSeconds),
            "  model       \(Format.count(llm.requests)) requests (\(Format.count(sessionRequests)) in this session), \(llm.failures) failed, "
                + "\(llm.retries) retried, \(Format.count(llm.replayed)) answered from the recording; "
                + "\(Format.count(llm.promptTokens)) prompt and \(Format.count(llm.completionTokens)) generated tokens, "
                + "\(String(format: "%.1f", llm.seconds)) s of requests",
            "  recorded    \(Format.count(recordedCalls)) calls in the archive file",
        ] + figures.failureLines(failures)
        if let best {
            let measures = best.measures.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.3f", $0.value))" }.joined(separator: ", ")
            let oneLine = best.text.split(whereSeparator: \.isNewline).joined(separator: " / ")
            lines.append("  best text   quality \(String(format: "%.4f", best.quality))\(measures.isEmpty ? "" : ", \(measures)"): "
                         + "\(oneLine.prefix(160))\(oneLine.count > 160 ? "…" : "")")
        }
        if let archivePath { lines.append("  saved in    \(archivePath)") }
        if let reportPath { lines.append("  report      \(reportPath)") }
        return lines.joined(separator: "\n")
    }
}

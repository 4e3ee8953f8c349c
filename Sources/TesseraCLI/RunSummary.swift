import Foundation
import Tessera
import TesseraTasks

/// The figures of a finished run: the `--json` object and the text summary. The keys are
/// documented in `Docs/CommandLine.md`.
struct RunSummary: Encodable {
    var task: String
    var algorithm: String
    var dims: Int
    var batchSize: Int
    var cells: Int
    /// Evaluations of the whole run, earlier sessions included.
    var evaluations: Int
    /// Evaluations done by this command.
    var sessionEvaluations: Int
    var iterations: Int
    var seed: UInt64
    /// `cpu`, `concurrent`, `process` or `http`.
    var evaluator: String
    /// Pool workers, calls in flight for the concurrent evaluator, worker processes, or
    /// requests in flight to a service.
    var workers: Int
    /// The evaluator outside the process and what its workers did, when the run has one.
    var remote: RemoteFacts?
    /// Building the run or opening the file, k-means included.
    var setupSeconds: Double
    /// The evaluation loop alone (the figure the benchmarks compare).
    var loopSeconds: Double
    /// The whole command, from start to the summary.
    var wallSeconds: Double
    /// This command's evaluations over ``loopSeconds``.
    var evalsPerSecond: Double
    /// The archive's figures and the failures.
    var figures: ArchiveFigures
    /// For tasks that can be solved (the maze): whether the run has, and after how many
    /// evaluations it first did; `nil` for other tasks.
    var target: ObjectiveTarget?
    /// The coverage of the passive grid over the task's own descriptor (maze, arm).
    var groundTruthCoverage: Double?
    /// The learned descriptor's figures, for runs that learn one.
    var learning: LearningFacts?
    /// The best solution (objective, evaluation, descriptor, genome), when there is one.
    var best: BestSolution?
    /// The restarts of the emitters that restart (the CMA family), over the whole run.
    var restarts: Int?
    var completed: Bool
    var archive: ArchiveFacts
    var tesseraVersion: String
    var archivePath: String?
    var reportPath: String?

    /// An evaluator outside the process: where it is, and what its workers did besides
    /// answering (``RemoteStatistics``).
    struct RemoteFacts: Encodable {
        var transport: String
        var command: String?
        var url: String?
        var dask: String?
        var workers: Int
        var statistics: RemoteStatistics
        var log: String?

        init(_ external: ExternalEvaluator, remote: RemoteEvaluator, workers: Int, log: String?) {
            switch external.transport {
            case .process(let command, _):
                transport = "process"
                self.command = command
            case .http(let url, _):
                transport = "http"
                self.url = url
            }
            dask = external.dask
            self.workers = workers
            statistics = remote.statistics
            self.log = log
        }
    }

    /// What the archive is: kind, cells, grid shape, and how CVT centroids were made.
    struct ArchiveFacts: Encodable {
        var kind: String
        var cells: Int
        var grid: [Int]?
        var cvtSamples: Int?
        var cvtInertia: Double?
        var cvtIterations: Int?

        enum CodingKeys: String, CodingKey {
            case kind, cells, grid, cvtSamples = "cvt_samples", cvtInertia = "cvt_inertia", cvtIterations = "cvt_iterations"
        }
    }

    enum CodingKeys: String, CodingKey {
        case task, algorithm, dims, cells, evaluations, iterations, seed, evaluator, workers, completed, archive
        case sessionEvaluations = "session_evaluations"
        case batchSize = "batch_size", setupSeconds = "setup_seconds", loopSeconds = "loop_seconds", wallSeconds = "wall_seconds"
        case evalsPerSecond = "evals_per_second"
        case tesseraVersion = "tessera_version"
        case solved, firstSolvedEvaluation = "first_solved_evaluation"
        case archivePath = "archive_path", reportPath = "report_path"
        case groundTruthCoverage = "ground_truth_coverage", learning, best, restarts, remote = "remote_evaluator"
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(task, forKey: .task)
        try c.encode(algorithm, forKey: .algorithm)
        try c.encode(dims, forKey: .dims)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(cells, forKey: .cells)
        try c.encode(evaluations, forKey: .evaluations)
        try c.encode(sessionEvaluations, forKey: .sessionEvaluations)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(seed, forKey: .seed)
        try c.encode(evaluator, forKey: .evaluator)
        try c.encode(workers, forKey: .workers)
        try c.encodeIfPresent(remote, forKey: .remote)
        try c.encode(setupSeconds, forKey: .setupSeconds)
        try c.encode(loopSeconds, forKey: .loopSeconds)
        try c.encode(wallSeconds, forKey: .wallSeconds)
        try c.encode(evalsPerSecond, forKey: .evalsPerSecond)
        try figures.encode(to: encoder)
        if let target {
            try c.encode(target.isReached, forKey: .solved)
            try c.encode(target.reachedAfter, forKey: .firstSolvedEvaluation)  // null while unsolved
        }
        try c.encodeIfPresent(groundTruthCoverage, forKey: .groundTruthCoverage)
        try c.encodeIfPresent(learning, forKey: .learning)
        try c.encodeIfPresent(best, forKey: .best)
        try c.encodeIfPresent(restarts, forKey: .restarts)
        try c.encode(completed, forKey: .completed)
        try c.encode(archive, forKey: .archive)
        try c.encode(tesseraVersion, forKey: .tesseraVersion)
        try c.encodeIfPresent(archivePath, forKey: .archivePath)
        try c.encodeIfPresent(reportPath, forKey: .reportPath)
    }

    init(run: any TaskRun, evaluator: EvaluatorChoice, workers: Int, sessionEvaluations: Int, setupSeconds: Double, loopSeconds: Double,
         wallSeconds: Double, completed: Bool) {
        let configuration = run.configuration
        let stats = run.stats
        task = configuration.task.name
        algorithm = configuration.algorithm.name
        dims = configuration.dimension
        batchSize = configuration.batchSize
        cells = configuration.cellCount
        evaluations = run.evaluations
        self.sessionEvaluations = sessionEvaluations
        iterations = run.iteration
        seed = configuration.seed
        self.evaluator = evaluator.label
        self.workers = workers
        self.setupSeconds = setupSeconds
        self.loopSeconds = loopSeconds
        self.wallSeconds = wallSeconds
        evalsPerSecond = loopSeconds > 0 ? Double(sessionEvaluations) / loopSeconds : 0
        figures = ArchiveFigures(stats, failures: run.failures)
        target = run.target
        groundTruthCoverage = run.groundTruthCoverage
        learning = run.learningFacts
        best = run.bestSolution
        restarts = run.restarts
        self.completed = completed
        let notes = run.archiveNotes
        archive = ArchiveFacts(kind: configuration.algorithm.archive.kind.rawValue, cells: configuration.cellCount,
                               grid: configuration.shape(.grid),
                               cvtSamples: notes["cvt_samples"].map { Int($0) }, cvtInertia: notes["cvt_inertia"],
                               cvtIterations: notes["cvt_iterations"].map { Int($0) })
        tesseraVersion = TesseraInfo.version
    }

    /// "on 2 workers", "with 64 calls in flight", "on 4 worker processes", "with 4 requests in flight".
    static func dispatch(_ evaluator: String, _ workers: Int) -> String {
        let s = workers == 1 ? "" : "s"
        switch evaluator {
        case "cpu": return "on \(workers) worker\(s)"
        case "process": return "on \(workers) worker process\(workers == 1 ? "" : "es")"
        case "http": return "with \(workers) request\(s) in flight"
        default: return "with \(workers) call\(s) in flight"
        }
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    /// `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(text), as: UTF8.self)
    }

    func text(failures: FailureLog) -> String {
        var lines = [
            "\(task) (D=\(dims)) with \(algorithm), seed \(seed): \(Format.count(evaluations)) evaluations in \(iterations) iterations",
            "  archive     \(Format.count(figures.numElites)) elites of \(Format.count(cells)) cells, coverage \(Format.percent(figures.coverage))",
            figures.qdLine,
            "  objective   max \(figures.objMax.map { String(format: "%.6g", $0) } ?? "-"), mean \(figures.objMean.map { String(format: "%.6g", $0) } ?? "-")",
            ArchiveFigures.timeLine(setup: setupSeconds, loop: loopSeconds, wall: wallSeconds),
            "  rate        \(Format.number(evalsPerSecond)) evals/s "
                + Self.dispatch(evaluator, workers)
                + (sessionEvaluations == evaluations ? "" : " (\(Format.count(sessionEvaluations)) evaluations in this session)"),
        ] + figures.failureLines(failures)
        if let remote {
            let figures = remote.statistics
            lines.append("  evaluator   \(remote.command ?? remote.url ?? "")\(remote.dask.map { " on Dask \($0)" } ?? ""): "
                         + "\(figures.restarts) restarts, \(figures.resent) rows resent, \(figures.retries) requests retried, "
                         + "\(figures.dropped) answers dropped, \(figures.malformed) unreadable")
            if let log = remote.log { lines.append("  worker log  \(log)") }
        }
        if let best {
            let genes = best.genome.prefix(6).map { String(format: "%.6g", $0) }.joined(separator: ", ")
            lines.append("  best solution objective \(String(format: "%.10g", best.objective)) from evaluation \(Format.count(best.evaluation)),"
                         + " genome [\(genes)\(best.genome.count > 6 ? ", … \(best.genome.count) genes" : "")]")
        }
        if let restarts {
            lines.append("  restarts    \(Format.count(restarts)) (the emitters' strategies, restarted at elites)")
        }
        if let target {
            lines.append("  solved      " + (target.reachedAfter.map { "yes, first after \(Format.count($0)) evaluations" } ?? "no"))
        }
        if let groundTruthCoverage {
            lines.append("  true grid   coverage \(Format.percent(groundTruthCoverage)) of the task's own 100 x 100 descriptor grid")
        }
        if let learning {
            lines.append("  learning    \(learning.trainings) training\(learning.trainings == 1 ? "" : "s") in \(String(format: "%.3f", learning.fitSeconds)) s"
                + " (re-indexing \(String(format: "%.3f", learning.reindexSeconds)) s), \(Format.count(learning.observationsKept)) observations kept"
                + " (\(Format.count(learning.observationBytes / 1024)) KiB)"
                + (learning.failedTrainings > 0 ? ", \(learning.failedTrainings) failed" : ""))
        }
        if let inertia = archive.cvtInertia {
            lines.append("  CVT         inertia \(String(format: "%.6g", inertia)) after \(archive.cvtIterations ?? 0) k-means iterations")
        }
        if let archivePath { lines.append("  saved in    \(archivePath)") }
        if let reportPath { lines.append("  report      \(reportPath)") }
        return lines.joined(separator: "\n")
    }
}

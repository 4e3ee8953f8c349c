import ArgumentParser
import Foundation
import Tessera
import TesseraStore
import TesseraTasks

/// `tessera resume PATH`: continue a saved run from its last checkpoint.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a saved run from its last checkpoint.",
        discussion: """
            For a given seed, running to N evaluations equals running to K, then resuming to N. \
            Options of `run` that define the search (--seed, --dims, --batch-size, ...) may be repeated \
            but must match the file.
            """
    )

    @Argument(help: "The archive file.")
    var path: String

    @Option(help: "Evaluation budget of the whole run. Default: the budget the run was started with.")
    var evaluations: Int?

    @OptionGroup
    var session: SessionOptions

    @OptionGroup(title: "Must match the file when given")
    var fixed: FixedRunOptions

    func validate() throws {
        if let evaluations, evaluations <= 0 { throw ValidationError("--evaluations must be positive") }
    }

    func run() async throws {
        let setupStart = Date()
        let url = URL(fileURLWithPath: path)
        let (stored, done) = try SavedRun.inspect(url)
        try fixed.check(against: stored, path: path)
        let total = evaluations ?? stored.evaluations
        if total < done {
            throw StoreError.mismatch(path: path, detail: "the run already has \(done) evaluations, more than --evaluations \(total)")
        }
        let saved = try SavedRun.resume(url)
        try await session.session(for: saved, timeout: nil, setupSeconds: Date().timeIntervalSince(setupStart))
            .run(totalEvaluations: total)
    }
}

/// Options of `run` that `resume` accepts only when they agree with the file.
struct FixedRunOptions: ParsableArguments {
    @Option(help: "The run's task.") var task: BuiltInTask?
    @Option(help: "The run's algorithm.") var algorithm: BuiltInAlgorithm?
    @Option(help: "The run's seed.") var seed: UInt64?
    @Option(help: "The run's genome dimension.") var dims: Int?
    @Option(help: "The run's batch size.") var batchSize: Int?
    @Option(help: "The run's grid shape.") var grid: GridShape?
    @Option(help: "The run's CVT centroid count.") var cells: Int?
    @Option(help: "The run's Gaussian sigma.") var sigma: Double?
    @Option(help: "The run's iso sigma.") var isoSigma: Double?
    @Option(help: "The run's line sigma.") var lineSigma: Double?

    /// Throws when a given option contradicts the stored configuration.
    func check(against stored: RunConfiguration, path: String) throws {
        var conflicts: [String] = []
        func compare<T: Equatable>(_ flag: String, _ given: T?, _ saved: T, _ show: (T) -> String) {
            if let given, given != saved { conflicts.append("\(flag) \(show(given)) (the file has \(show(saved)))") }
        }
        compare("--task", task, stored.task) { $0.rawValue }
        compare("--algorithm", algorithm, stored.algorithm) { $0.rawValue }
        compare("--seed", seed, stored.seed) { String($0) }
        compare("--dims", dims, stored.dimension) { String($0) }
        compare("--batch-size", batchSize, stored.batchSize) { String($0) }
        compare("--grid", grid?.bins, stored.grid) { $0.map(String.init).joined(separator: "x") }
        compare("--cells", cells, stored.cells) { String($0) }
        compare("--sigma", sigma, stored.sigma) { String($0) }
        compare("--iso-sigma", isoSigma, stored.isoSigma) { String($0) }
        compare("--line-sigma", lineSigma, stored.lineSigma) { String($0) }
        if !conflicts.isEmpty {
            throw StoreError.mismatch(path: path, detail: "resume cannot change the run's configuration: " + conflicts.joined(separator: "; "))
        }
    }
}

import ArgumentParser
import Foundation
import Tessera
import TesseraStore
import TesseraTasks

/// Times checkpoints of a Novelty Search run whose novelty archive holds `--rows`
/// behaviours: the checkpoint after one more generation (which appends that generation's
/// rows to the archive's `rows` part) against the first checkpoint of a session (which
/// writes every row, as a re-encoded state would at every checkpoint).
struct NoveltyCheckpointBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "novelty-checkpoint",
        abstract: "Time checkpoints of a novelty archive of --rows behaviours: appending a generation against writing it whole; one JSON line per variant.")

    @Option(parsing: .unconditional, help: "Behaviours in the novelty archive before timing (250 to 2,000,000).") var rows: Int = 100_000
    @Option(parsing: .unconditional, help: "Checkpoints timed per variant (the median is reported; 1 to 1000).") var checkpoints: Int = 10
    @Option(parsing: .unconditional, help: "Seed.") var seed: UInt64 = 0

    /// Offspring per generation (and rows added to the archive per generation: every one joins).
    static let generation = 250

    func validate() throws {
        if rows < Self.generation || rows > 2_000_000 { throw ValidationError("--rows must be in 250...2,000,000 (got \(rows))") }
        if checkpoints < 1 || checkpoints > 1_000 { throw ValidationError("--checkpoints must be in 1...1000 (got \(checkpoints))") }
    }

    func run() async throws {
        let domain = try SphereDomain(dimension: 10)
        let box = Box(dimension: 10, range: -5.12...5.12)
        // Every offspring joins the archive (probability 1), so it grows by a generation per iteration.
        let emitter = try PopulationEmitter(score: .novelty, mutation: GaussianMutation(sigma: 0.5),
                                            initialPopulation: PopulationEmitter<GaussianMutation>.uniformPopulation(in: box, count: Self.generation, seed: seed),
                                            populationSize: Self.generation, batchSize: Self.generation,
                                            archive: try NoveltyArchive.Settings(rule: .probability(1)))
        let grid = try GridArchive<[Double]>(shape: [100, 100], descriptorSpace: domain.descriptorSpace, genomeLayout: 10)
        var scheduler = try Scheduler(archive: grid, emitters: [emitter], seed: seed)
        await scheduler.run(domain: domain, totalEvaluations: rows, evaluator: .serial)

        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tessera-bench-novelty-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var appended: [Double] = [], whole: [Double] = [], appendedBytes: [Int] = [], wholeBytes: [Int] = []
        for round in 0..<checkpoints {
            // A fresh file: its first checkpoint writes every row.
            let file = try ArchiveFile.create(for: scheduler, at: folder.appendingPathComponent("run-\(round).sqlite"))
            var start = Date()
            try file.writeCheckpoint(scheduler)
            whole.append(Date().timeIntervalSince(start) * 1000)
            wholeBytes.append(file.lastCheckpoint?.stateBytes ?? 0)
            // One more generation, then the checkpoint that appends its rows.
            await scheduler.run(domain: domain, totalEvaluations: scheduler.evaluations + Self.generation, evaluator: .serial)
            start = Date()
            try file.writeCheckpoint(scheduler)
            appended.append(Date().timeIntervalSince(start) * 1000)
            appendedBytes.append(file.lastCheckpoint?.stateBytes ?? 0)
            try file.finish()
        }
        let stored = (scheduler.emitters[0] as? PopulationEmitter<GaussianMutation>)?.noveltyArchive?.stats.count ?? 0
        func median<T: Comparable>(_ values: [T]) -> T { values.sorted()[values.count / 2] }
        for (variant, ms, bytes) in [("append-one-generation", appended, appendedBytes), ("write-whole-archive", whole, wholeBytes)] {
            print(#"{"variant":"\#(variant)","archive_rows":\#(stored),"checkpoints":\#(checkpoints),"#
                  + #""median_ms":\#((median(ms) * 1000).rounded() / 1000),"median_state_bytes":\#(median(bytes))}"#)
        }
    }
}

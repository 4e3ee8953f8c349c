import Foundation
import Testing
import TesseraTestSupport
@testable import TesseraStore
@testable import Tessera

/// Novelty search through a checkpointed file: the novelty archive's behaviours are
/// appended as rows, and a resumed run equals an uninterrupted one bit for bit.
@Suite struct PopulationRunFileTests {
    func makeScheduler(_ score: PopulationScore) throws -> Scheduler<GridArchive<[Double]>> {
        let archive = try GridArchive<[Double]>(shape: [16, 16], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4)
        let initial = PopulationEmitter<GaussianMutation>.uniformPopulation(in: Box(dimension: 4, range: -1...1), count: 30, seed: 2)
        let emitter = try PopulationEmitter(score: score, mutation: GaussianMutation(sigma: 0.3), initialPopulation: initial,
                                            populationSize: 30, batchSize: 30,
                                            archive: .init(rule: .threshold(try AdaptiveThreshold(initial: 0.05, window: 30))))
        return try Scheduler(archive: archive, emitters: [emitter], seed: 7)
    }

    @Test(arguments: [PopulationScore.novelty, .noveltyWithLocalCompetition])
    func aResumedFileRunEqualsAnUninterruptedOne(score: PopulationScore) async throws {
        var full = try makeScheduler(score)
        await full.run(domain: QuadraticTestDomain(), totalEvaluations: 900, evaluator: .serial)

        let url = temporaryFolder("population-\(score.rawValue)").appendingPathComponent("novelty.sqlite")
        var iterations = 0
        let first = try CheckpointedRun.create(try makeScheduler(score), at: url)
        let completed = try await first.run(domain: QuadraticTestDomain(), totalEvaluations: 900, evaluator: .serial,
                                            policy: .everyEvaluations(90), shouldStop: { iterations >= 14 },
                                            progress: { _, _ in iterations += 1 })
        #expect(!completed)
        try first.finish()
        let chunks = try first.file.database.scalarInt("SELECT count(*) FROM state_parts WHERE key = 'archive.behaviours'") ?? 0
        #expect(chunks > 1, "the novelty archive was appended in \(chunks) chunks")

        let second = try CheckpointedRun.resume(try makeScheduler(score), from: url)
        #expect(try second.scheduler.state() == first.scheduler.state(), "the state read back is the state written")
        #expect(try await second.run(domain: QuadraticTestDomain(), totalEvaluations: 900, evaluator: .serial, policy: .endOnly))
        try second.finish()
        #expect(second.scheduler.archive.elites == full.archive.elites)
        #expect(try second.scheduler.state() == full.state())
    }
}

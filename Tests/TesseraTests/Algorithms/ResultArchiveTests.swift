import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

/// A result archive beside an archive with CMA-MAE's soft thresholds (pyribs'
/// `result_archive`): it sees every row, keeps the best per cell, and the figures are its.
@Suite struct ResultArchiveTests {
    func makeScheduler(learningRate: Double = 0.05, withResults: Bool = true) throws -> Scheduler<GridArchive<[Double]>> {
        let box = Box(dimension: 2, range: 0...1)
        let soft = try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: box, genomeLayout: 4,
                                             acceptance: try Acceptance(learningRate: learningRate, thresholdMin: -10))
        let results = withResults ? try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: box, genomeLayout: 4) : nil
        let emitter = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(try GaussianMutation(sigma: 0.3)),
                                        initialGenome: [0, 0, 0, 0], batchSize: 50)
        return try Scheduler(archive: soft, resultArchive: results, emitters: [emitter], seed: 9)
    }

    @Test func theResultArchiveKeepsTheBestOfEveryRowSeen() async throws {
        var scheduler = try makeScheduler()
        var everything = try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4)
        var evaluations = 0
        for _ in 0..<40 {
            let ticket = await scheduler.ask()
            let batch = await ParallelEvaluator.serial.evaluate(ticket.children.joined(), on: QuadraticTestDomain())
            everything.add(ticket.children, batch, firstEvaluation: evaluations)
            scheduler.tell(ticket, batch)
            evaluations += batch.count
        }
        let results = try #require(scheduler.resultArchive)
        #expect(results.elites == everything.elites, "an elitist archive offered the same rows")
        #expect(scheduler.results.stats == results.stats, "figures come from the result archive")
        var worse = 0
        for soft in scheduler.archive.elites {
            let kept = try #require(results.elite(at: soft.cell), "cell \(soft.cell) is in the result archive too")
            #expect(kept.objective >= soft.objective, "cell \(soft.cell)")
            if kept.objective > soft.objective { worse += 1 }
        }
        #expect(worse > 0, "soft thresholds replaced some elites with worse ones, which the result archive kept")
    }

    @Test func theArchiveItselfIsUnchangedByHavingAResultArchive() async throws {
        var with = try makeScheduler(), without = try makeScheduler(withResults: false)
        await with.run(domain: QuadraticTestDomain(), totalEvaluations: 2_000, evaluator: .serial)
        await without.run(domain: QuadraticTestDomain(), totalEvaluations: 2_000, evaluator: .serial)
        #expect(with.archive.elites == without.archive.elites)
        #expect(without.results.stats == without.archive.stats)
    }

    @Test func aResultArchiveMustMatchAndBeElitist() throws {
        let box = Box(dimension: 2, range: 0...1)
        let archive = try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: box, genomeLayout: 4)
        let emitter = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(try GaussianMutation(sigma: 0.3)),
                                        initialGenome: [0, 0, 0, 0], batchSize: 50)
        let smaller = try GridArchive<[Double]>(shape: [5, 10], descriptorSpace: box, genomeLayout: 4)
        #expect(throws: ParameterError.self) { try Scheduler(archive: archive, resultArchive: smaller, emitters: [emitter], seed: 1) }
        let soft = try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: box, genomeLayout: 4,
                                             acceptance: try Acceptance(learningRate: 0.5, thresholdMin: 0))
        #expect(throws: ParameterError.self) { try Scheduler(archive: archive, resultArchive: soft, emitters: [emitter], seed: 1) }
        #expect(throws: Never.self) { try Scheduler(archive: soft, resultArchive: archive, emitters: [emitter], seed: 1) }
    }

    @Test func restoringChecksTheResultArchive() async throws {
        var saved = try makeScheduler()
        await saved.run(domain: QuadraticTestDomain(), totalEvaluations: 500, evaluator: .serial)
        let state = try saved.state()
        var same = try makeScheduler()
        try same.restore(state, archive: saved.archive, resultArchive: saved.resultArchive)
        #expect(same.results.elites == saved.results.elites)
        var missing = try makeScheduler()
        #expect(throws: RestoreError.self) { try missing.restore(state, archive: saved.archive) }
        var none = try makeScheduler(withResults: false)
        #expect(throws: RestoreError.self) { try none.restore(state, archive: saved.archive, resultArchive: saved.resultArchive) }
    }
}

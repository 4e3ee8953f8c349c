import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

/// The evaluation that first passes an objective level ("solved"), tracked exactly and
/// carried through save and restore.
@Suite struct ObjectiveTargetTests {
    func makeScheduler(target: ObjectiveTarget?) throws -> Scheduler<GridArchive<[Double]>> {
        let archive = try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4)
        let emitter = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(GaussianMutation(sigma: 0.3)),
                                        initialGenome: [2, 2, 2, 2], batchSize: 25)
        var scheduler = try Scheduler(archive: archive, emitters: [emitter], seed: 4)
        if let target { scheduler.track(target) }
        return scheduler
    }

    @Test func theFirstPassingEvaluationIsCountedExactly() async throws {
        // The objective is −Σx²; the initial genome scores −16, so −4 takes a few iterations.
        var scheduler = try makeScheduler(target: ObjectiveTarget(exceeding: -4))
        let evaluator = try ParallelEvaluator(workers: 2)
        var expected: Int?
        for _ in 0..<40 {
            let ticket = await scheduler.ask(evaluator: evaluator)
            let batch = await evaluator.evaluate(ticket.children.joined(), on: QuadraticTestDomain())
            if expected == nil, let row = (0..<batch.count).first(where: { batch.objectives[$0] > -4 }) {
                expected = scheduler.evaluations + row + 1
            }
            scheduler.tell(ticket, batch)
        }
        let first = try #require(expected, "the level is reached within 1,000 evaluations")
        #expect(first > 25, "not by the initial genome's neighbours alone")
        #expect(scheduler.target?.reachedAfter == first)
        #expect(try scheduler.state().target?.reachedAfter == first)
    }

    @Test func aResumedRunReportsTheSameEvaluation() async throws {
        var whole = try makeScheduler(target: ObjectiveTarget(exceeding: -4))
        try await whole.run(domain: QuadraticTestDomain(), totalEvaluations: 1_000, evaluator: ParallelEvaluator(workers: 1))
        var first = try makeScheduler(target: ObjectiveTarget(exceeding: -4))
        try await first.run(domain: QuadraticTestDomain(), totalEvaluations: 500, evaluator: ParallelEvaluator(workers: 2))
        let saved = try JSONDecoder().decode(SchedulerState.self, from: JSONEncoder().encode(try first.state()))
        var second = try makeScheduler(target: ObjectiveTarget(exceeding: -4))
        try second.restore(saved, archive: first.archive)
        try await second.run(domain: QuadraticTestDomain(), totalEvaluations: 1_000, evaluator: ParallelEvaluator(workers: 2))
        #expect(whole.target?.reachedAfter != nil && second.target == whole.target)
        #expect(saved.target?.reachedAfter != nil, "reached before the break, so the saved state carries it")
        var untracked = try makeScheduler(target: nil)
        #expect(throws: RestoreError.self) { try untracked.restore(saved, archive: first.archive) }
        var otherLevel = try makeScheduler(target: ObjectiveTarget(exceeding: -3))
        #expect(throws: RestoreError.self) { try otherLevel.restore(saved, archive: first.archive) }
    }

    @Test func failedRowsNeverReachTheTarget() {
        var target = ObjectiveTarget(exceeding: 0)
        var batch = EvaluationBatch(count: 3, descriptorDimension: 1)
        batch.objectives = [5, 6, -1]
        batch.failures[0] = .nonFiniteObjective(.nan)
        target.record(batch, firstEvaluation: 100)
        #expect(target.reachedAfter == 102)
        batch.failures[1] = .nonFiniteObjective(.nan)
        var again = ObjectiveTarget(exceeding: 0)
        again.record(batch, firstEvaluation: 0)
        #expect(!again.isReached)
    }
}

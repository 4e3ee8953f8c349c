import Foundation
import Testing
import TesseraTestSupport
@testable import TesseraStore
@testable import Tessera

/// The checkpoint loop driving a scheduler of the user's own (text genomes, a user
/// mutation): checkpoints by policy, a clean stop, a resume that equals an uninterrupted run.
@Suite struct CheckpointedRunTests {
    let tests = LibraryAPITests()

    @Test func aUserSchedulerStopsCheckpointsAndResumesExactly() async throws {
        let folder = temporaryFolder()
        let evaluator = try ParallelEvaluator(workers: 2)
        var full = try tests.makeScheduler()
        await full.run(domain: LibraryAPITests.Letters(), totalEvaluations: 1_600, evaluator: evaluator)

        let url = folder.appendingPathComponent("letters.sqlite")
        let first = try CheckpointedRun.create(try tests.makeScheduler(), at: url, configuration: [("domain", "letters")],
                                               settings: RunSettings(evaluations: 1_600))
        var iterations = 0
        var seen: [Int] = []
        let completed = try await first.run(domain: LibraryAPITests.Letters(), totalEvaluations: 1_600, evaluator: evaluator,
                                            policy: .everyEvaluations(160), shouldStop: { iterations >= 25 },
                                            progress: { status, _ in iterations += 1; seen.append(status.evaluations) })
        #expect(!completed, "stopped before the budget")
        #expect(first.scheduler.evaluations == 400, "stopped at the iteration boundary after the request")
        #expect(seen == Array(stride(from: 16, through: 400, by: 16)))
        try first.finish()
        #expect(try first.file.history().count == 25, "every iteration's figures were written")
        #expect(try ArchiveFile.open(url, mode: .readOnly).settings()?.evaluations == 1_600)
        let checkpoints = try first.file.database.scalarInt("SELECT count(*) FROM checkpoints")
        #expect(checkpoints == 3, "at 160, 320 and at the stop")

        let second = try CheckpointedRun.resume(try tests.makeScheduler(), from: url)
        #expect(second.scheduler.evaluations == 400)
        #expect(try await second.run(domain: LibraryAPITests.Letters(), totalEvaluations: 1_600, evaluator: evaluator, policy: .endOnly))
        try second.finish()
        #expect(second.scheduler.archive.elites.map(\.genome) == full.archive.elites.map(\.genome))
        #expect(try second.scheduler.state() == full.state())
        #expect(try second.file.history().map(\.evaluations) == Array(stride(from: 16, through: 1_600, by: 16)))
    }
}

/// Elites removed between checkpoints leave no stale row, and the positions of the others
/// (which sampling depends on) are rewritten.
@Suite struct RemovedElitesTests {
    @Test func aCheckpointAfterRemovalsHoldsExactlyTheArchive() async throws {
        let url = temporaryFolder().appendingPathComponent("removed.sqlite")
        let archive = try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4)
        let emitter = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(try GaussianMutation(sigma: 0.3)),
                                        initialGenome: [0, 0, 0, 0], batchSize: 50)
        var scheduler = try Scheduler(archive: archive, emitters: [emitter], seed: 2)
        let file = try ArchiveFile.create(for: scheduler, at: url)
        await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 500, evaluator: .serial)
        try file.writeCheckpoint(scheduler)
        let victims = [Int(scheduler.archive.store.occupiedCells[1]), Int(scheduler.archive.store.occupiedCells[4])]
        _ = scheduler.archive.store.remove(cells: victims)
        await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 550, evaluator: .serial)
        try file.writeCheckpoint(scheduler)
        let saved = try file.vectorElites(inInsertionOrder: true)
        #expect(saved.map(\.cell) == scheduler.archive.store.occupiedCells.map { Int($0) }, "cells in insertion order")
        #expect(saved.map(\.position) == Array(0..<saved.count))
        var restored = try Scheduler(archive: archive, emitters: [emitter], seed: 2)
        try ArchiveFile.open(url, mode: .readOnly).restore(into: &restored)
        #expect(restored.archive.elites == scheduler.archive.elites)
        #expect(restored.archive.store.occupiedCells == scheduler.archive.store.occupiedCells)
    }
}

/// The checkpoint loop on the asynchronous path: an awaiting domain on the concurrent
/// evaluator, stopped and resumed, gives the uninterrupted run's archive.
@Suite struct AsyncCheckpointedRunTests {
    /// Waits a little (its own stream picks how long), then scores the genome.
    struct Waiting: AsyncDomain {
        typealias Genome = [Double]
        let descriptorSpace = Box(dimension: 2, range: 0...1)
        var genomeLayout: Int { 4 }
        func evaluate(_ genome: [Double], context: EvaluationContext) async throws -> Evaluation {
            var stream = context.stream
            try await Task.sleep(for: .microseconds(Int(stream.nextUnitDouble() * 2_000)))
            let clamp = { (x: Double) in min(1, max(0, x)) }
            return Evaluation(objective: -genome.reduce(0) { $0 + $1 * $1 }, descriptor: [clamp(genome[0]), clamp(genome[1])])
        }
    }

    func makeScheduler() throws -> Scheduler<GridArchive<[Double]>> {
        let archive = try GridArchive<[Double]>(shape: [8, 8], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4)
        let emitter = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(try GaussianMutation(sigma: 0.3)),
                                        initialGenome: [0.5, 0.5, 0, 0], batchSize: 32)
        return try Scheduler(archive: archive, emitters: [emitter], seed: 12)
    }

    @Test func anAwaitingDomainStopsAndResumesExactly() async throws {
        let url = temporaryFolder().appendingPathComponent("async.sqlite")
        let evaluator = try ConcurrentEvaluator(maximumInFlight: 16)
        var full = try makeScheduler()
        await full.run(domain: Waiting(), totalEvaluations: 640, evaluator: evaluator)

        let first = try CheckpointedRun.create(try makeScheduler(), at: url)
        var iterations = 0
        let completed = try await first.run(domain: Waiting(), totalEvaluations: 640, evaluator: evaluator, policy: .endOnly,
                                            shouldStop: { iterations >= 8 }, progress: { _, _ in iterations += 1 })
        #expect(!completed && first.scheduler.evaluations == 256)
        let second = try CheckpointedRun.resume(try makeScheduler(), from: url)
        #expect(try await second.run(domain: Waiting(), totalEvaluations: 640, evaluator: try ConcurrentEvaluator(maximumInFlight: 3)))
        #expect(second.scheduler.archive.elites == full.archive.elites, "the same archive whatever the calls in flight and the stop")
        #expect(try second.file.history().count == 20)
    }
}

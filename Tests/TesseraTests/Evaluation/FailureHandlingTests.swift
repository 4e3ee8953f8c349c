import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

@Suite struct FailureHandlingTests {
    func run(_ domain: FaultyDomain, workers: Int = 2, timeout: Double? = nil, evaluations: Int = 600)
        async throws -> Scheduler<GridArchive<[Double]>> {
        let archive = try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4)
        let emitter = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(GaussianMutation(sigma: 0.5)),
                                    initialGenome: [0, 0, 0, 0], batchSize: 50)
        var scheduler = try Scheduler(archive: archive, emitters: [emitter], seed: 11)
        try await scheduler.run(domain: domain, totalEvaluations: evaluations, evaluator: ParallelEvaluator(workers: workers, timeout: timeout))
        return scheduler
    }

    /// The rows that a fault hits are the rows whose first gene exceeds the threshold;
    /// nothing from them may be in the archive, and every other row is evaluated.
    func expectOnlyBadRowsFailed(_ scheduler: Scheduler<GridArchive<[Double]>>, kind: String) {
        #expect(scheduler.failures.count > 0, "\(kind): some rows failed")
        #expect(scheduler.failures.byKind[kind] == scheduler.failures.count, "\(kind): \(scheduler.failures.byKind)")
        #expect(scheduler.failures.count < scheduler.evaluations)
        #expect(scheduler.archive.elites.allSatisfy { $0.genome[0] <= 0.5 }, "\(kind): a bad row entered the archive")
        #expect(scheduler.archive.count > 0, "\(kind): good rows still entered")
        #expect(scheduler.evaluations == 600, "\(kind): the run went on")
    }

    @Test func throwingRowsFailAloneAndTheRunGoesOn() async throws {
        expectOnlyBadRowsFailed(try await run(FaultyDomain(fault: .throwing)), kind: "threw")
    }

    @Test func nanObjectivesFail() async throws {
        expectOnlyBadRowsFailed(try await run(FaultyDomain(fault: .nan)), kind: "non-finite objective")
    }

    @Test func infiniteDescriptorsFail() async throws {
        expectOnlyBadRowsFailed(try await run(FaultyDomain(fault: .infiniteDescriptor)), kind: "non-finite descriptor")
    }

    @Test func wrongDescriptorDimensionsFail() async throws {
        expectOnlyBadRowsFailed(try await run(FaultyDomain(fault: .wrongDimension)), kind: "wrong descriptor dimension")
    }

    @Test func hangingRowsTimeOut() async throws {
        let scheduler = try await run(FaultyDomain(fault: .hang(seconds: 2), threshold: 0.9), timeout: 0.05, evaluations: 100)
        #expect(scheduler.failures.byKind["timed out"] ?? 0 > 0)
        #expect(scheduler.archive.elites.allSatisfy { $0.genome[0] <= 0.9 })
        #expect(scheduler.evaluations == 100)
    }

    @Test func failuresAreTheSameWhateverTheWorkers() async throws {
        let one = try await run(FaultyDomain(fault: .throwing), workers: 1)
        let two = try await run(FaultyDomain(fault: .throwing), workers: 2)
        #expect(one.failures == two.failures)
        #expect(one.archive.elites == two.archive.elites)
    }

    @Test func perGenomeDomainsIsolateThrowingGenomes() async throws {
        struct Picky: PerGenomeDomain {
            typealias Genome = [Double]
            let descriptorSpace = Box(dimension: 2, range: 0...1)
            var genomeLayout: Int { 2 }
            struct Bad: Error {}
            func evaluate(_ genome: [Double]) throws -> Evaluation {
                if genome[0] > 0 { throw Bad() }
                return Evaluation(objective: genome[1], descriptor: [0.5, genome[0] < -1 ? 0.2 : 0.8])
            }
        }
        let batch = try ParallelEvaluator(workers: 1).evaluateChunk(VectorColumn(rows: [[1, 1], [-2, 3], [-0.5, 2]]), on: Picky())
        #expect(batch.failures[0] != nil && batch.failures[1] == nil && batch.failures[2] == nil)
        #expect(batch.objectives[1] == 3 && batch.descriptor(2) == [0.5, 0.8])
    }
}

@Suite struct ParallelEvaluatorTests {
    @Test func oneEvaluatorServesConcurrentCallers() async throws {
        let evaluator = try ParallelEvaluator(workers: 2)
        let genomes = VectorColumn(rows: (0..<64).map { [Double($0) / 64, 0.1, 0.2, 0.3] })
        let expected = try ParallelEvaluator(workers: 1).evaluateChunk(genomes, on: QuadraticTestDomain())
        let results = await withTaskGroup(of: [Double].self) { group in
            for _ in 0..<8 { group.addTask { await evaluator.evaluate(genomes, on: QuadraticTestDomain()).objectives } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == expected.objectives })
    }

    @Test func chunksCoverTheBatchInOrder() throws {
        let evaluator = try ParallelEvaluator(workers: 3)
        #expect(evaluator.chunks(of: 10) == [0..<3, 3..<6, 6..<10])
        #expect(evaluator.chunks(of: 2) == [0..<1, 1..<2])
        #expect(try ParallelEvaluator(workers: 1).chunks(of: 5) == [0..<5])
    }

    @Test func badWorkerCountsAndTimeoutsAreRefused() throws {
        let cap = ParallelEvaluator.maximumWorkers
        #expect(cap == max(8, 8 * ProcessInfo.processInfo.activeProcessorCount))
        for workers in [0, -1, Int.min, cap + 1, Int.max] {
            #expect(throws: ParameterError.self, "workers \(workers)") { try ParallelEvaluator(workers: workers) }
        }
        for timeout in [0, -1, Double.nan, .infinity, -.infinity] {
            #expect(throws: ParameterError.self, "timeout \(timeout)") { try ParallelEvaluator(workers: 1, timeout: timeout) }
        }
        #expect(throws: ParameterError(type: "ParallelEvaluator", parameter: "workers", problem: "must be in 1...\(cap) (got 0)")) {
            try ParallelEvaluator(workers: 0)
        }
        #expect(try ParallelEvaluator(workers: cap, timeout: 1e-9).workers == cap)
        #expect(try ParallelEvaluator().workers == ProcessInfo.processInfo.activeProcessorCount)
        #expect(ParallelEvaluator.serial.workers == 1 && ParallelEvaluator.serial.timeout == nil)
    }

    @Test func rowsSlowerThanTheTimeoutFailEvenWhenTheyFinish() async throws {
        let genomes = VectorColumn(rows: (0..<540).map { [Double($0) / 540, 0.1, 0.2, 0.3] })
        let strict = try ParallelEvaluator(workers: 2, timeout: 1e-9)
        let batch = await strict.evaluate(genomes, on: QuadraticTestDomain())
        #expect(batch.failures.failedCount == 540, "no evaluation finishes within a nanosecond")
        #expect(batch.failures.sorted.allSatisfy { $0.failure == .timedOut(seconds: 1e-9) })

        let generous = try ParallelEvaluator(workers: 2, timeout: 60)
        let untimed = await generous.evaluate(genomes, on: QuadraticTestDomain())
        #expect(untimed.failures.isEmpty)
        #expect(untimed.objectives == ParallelEvaluator.serial.evaluateChunk(genomes, on: QuadraticTestDomain()).objectives)
    }
}

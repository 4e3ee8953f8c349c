import Testing
import Tessera
@testable import TesseraTasks

/// Expected values come from the reference definitions in `../shared/peers/pyribs_bench.py`
/// (numpy, float64) for the same inputs.
@Suite struct BuiltInTaskTests {
    let genomes: [[Double]] = [
        (0..<10).map { (Double($0) * 0.37).truncatingRemainder(dividingBy: 11) - 5.5 },
        [Double](repeating: 2.048, count: 10),
        [Double](repeating: -5.12, count: 10),
        [6.0, -7.0, 1.0, 0.5, 5.13, -5.13, 0, 0, 0, 1],
    ]

    func evaluate(_ domain: some Domain<[Double]>, _ rows: [[Double]]) throws -> EvaluationBatch {
        var batch = EvaluationBatch(count: rows.count, descriptorDimension: 2)
        try domain.evaluate(VectorColumn(rows: rows), into: &batch)
        return batch
    }

    func expectClose(_ a: [Double], _ b: [Double], _ what: String) {
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) { #expect(abs(x - y) <= 1e-12 * max(1, abs(y)), "\(what): \(x) vs \(y)") }
    }

    @Test func sphereMatchesTheReference() throws {
        let batch = try evaluate(SphereDomain(dimension: 10), genomes)
        expectClose(batch.objectives, [30.44188752466321, 100.0, 0.0, 65.80730360381459], "objective")
        expectClose(batch.descriptors, [-15.0989597731703, -14.549999999999999, 10.24, 10.24, -25.6, -25.6,
                                        2.6199554441659707, 0.0019493177387913674], "descriptors")
        let sphere100 = try SphereDomain(dimension: 100)
        #expect(sphere100.worst == 5138.0224000000005 || abs(sphere100.worst - 5138.0224) < 1e-9)
        #expect(sphere100.descriptorSpace == Box(dimension: 2, range: -256...256))
    }

    @Test func rastriginMatchesTheReference() throws {
        let batch = try evaluate(RastriginDomain(dimension: 10), genomes)
        expectClose(batch.objectives, [17.82011026953242, 100.0, 0.0, 63.63024961917441], "objective")
        #expect(abs(try RastriginDomain(dimension: 100).worst - 5645.295058451707) < 1e-9)
    }

    @Test func armMatchesTheReference() throws {
        let batch = try evaluate(ArmDomain(dimension: 5), [[0.1, -0.2, 0.3, 1.0, -3.0], [0, 0, 0, 0, 0]])
        expectClose(batch.objectives, [-1.8984, 0], "objective")
        expectClose(batch.descriptors, [3.10523056818088, 0.15686078588409225, 5.0, 0.0], "descriptors")
        #expect(try ArmDomain(dimension: 12).descriptorSpace == Box(dimension: 2, range: -12...12))
        #expect(TaskDeclaration.arm.qdScoreOffset == -Double.pi * Double.pi)
    }

    @Test func configurationsAreValidated() {
        #expect(throws: ConfigurationError.self) { try RunConfiguration(task: .sphere, evaluations: 0).validate() }
        #expect(throws: ConfigurationError.self) { try RunConfiguration(task: .sphere, batchSize: -1).validate() }
        #expect(throws: ConfigurationError.self) { try RunConfiguration(task: .sphere, options: [.grid: .shape([10])]).validate() }
        #expect(throws: ConfigurationError.self) { try RunConfiguration(task: .sphere, options: [.sigma: .number(-1)]).validate() }
        #expect(throws: ConfigurationError.self) {
            try RunConfiguration(task: .sphere, algorithm: .cvtMapElites, options: [.cells: .integer(100), .cvtSamples: .integer(50)]).validate()
        }
        #expect(throws: Never.self) { try RunConfiguration(task: .arm).validate() }
        let arm = RunConfiguration(task: .arm, algorithm: .lineMapElites)
        #expect(arm.dimension == 12 && arm.number(.isoSigma) == 0.1 && arm.number(.lineSigma) == 0.2)
        #expect(RunConfiguration(task: .arm).number(.sigma) == 0.1 && RunConfiguration(task: .sphere).number(.sigma) == 0.5)
    }

    @Test(arguments: Catalogue.builtIn.algorithms)
    func everyAlgorithmRunsAndIsReproducible(algorithm: AlgorithmDeclaration) async throws {
        // The CMA algorithms: one emitter of 50 (the batch is per emitter), as the others' 50 rows.
        let configuration = RunConfiguration(task: .arm, algorithm: algorithm, batchSize: 50, evaluations: 1_000,
                                             options: [.grid: .shape([20, 20]), .cells: .integer(100), .cvtSamples: .integer(2_000),
                                                       .emitters: .integer(1)])
            .removingInapplicableOptions()
        var one = try configuration.makeRun()
        var two = try configuration.makeRun()
        #expect(try await one.run(totalEvaluations: 1_000, evaluator: ParallelEvaluator(workers: 1)) { _, _ in true })
        #expect(try await two.run(totalEvaluations: 1_000, evaluator: ParallelEvaluator(workers: 2)) { _, _ in true })
        #expect(one.evaluations == 1_000 && one.iteration == 20)
        #expect(one.stats == two.stats, "\(algorithm): 1 and 2 workers agree")
        #expect(one.stats.numElites > 10)
        #expect(one.stats.qdScore > 0, "arm elites count positively with the -pi^2 offset")
    }

    @Test func armGenomesStayInTheirBounds() async throws {
        let configuration = RunConfiguration(task: .arm, algorithm: .lineMapElites, batchSize: 100, options: [.isoSigma: .number(2)])
        var run = try configuration.makeRun()
        _ = try await run.run(totalEvaluations: 2_000, evaluator: ParallelEvaluator(workers: 1)) { _, _ in true }
        let scheduler = try #require(run as? SchedulerRun<GridArchive<[Double]>>)
        for elite in scheduler.scheduler.archive.elites {
            #expect(elite.genome.allSatisfy { abs($0) <= Double.pi })
        }
    }

    @Test func observersCanStopARunAtAnIterationBoundary() async throws {
        var run = try RunConfiguration(task: .sphere, dimension: 10, batchSize: 10).makeRun()
        let done = try await run.run(totalEvaluations: 1_000, evaluator: ParallelEvaluator(workers: 1)) { progress, _ in
            progress.iteration < 3
        }
        #expect(!done)
        #expect(run.iteration == 3 && run.evaluations == 30)
    }
}

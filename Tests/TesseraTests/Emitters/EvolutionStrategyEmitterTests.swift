import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

/// The CMA emitters: rows independent of how they are split, bounds kept, the selection
/// rules, restarts at elites, exact state, and runs that do not depend on the workers.
@Suite struct EvolutionStrategyEmitterTests {
    typealias CMAEmitter = EvolutionStrategyEmitter<CMAEvolutionStrategy>

    func emitter(dimension: Int = 6, batch: Int = 12, ranker: Ranker = .twoStageImprovement, selection: SelectionRule = .mu,
                 restart: RestartRule = .basic, bounds: Box? = nil) throws -> CMAEmitter {
        try CMAEmitter(strategy: CMAEvolutionStrategy(mean: [Double](repeating: 0.5, count: dimension), sigma: 0.5,
                                                      populationSize: batch),
                       batchSize: batch, ranker: ranker, selection: selection, restartRule: restart, bounds: bounds)
    }

    func scheduler(emitters: [CMAEmitter], acceptance: Acceptance = .elitist, seed: UInt64 = 3) throws -> Scheduler<GridArchive<[Double]>> {
        let d = emitters[0].strategy.dimension
        func grid(_ rule: Acceptance) throws -> GridArchive<[Double]> {
            try GridArchive<[Double]>(shape: [12, 12], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: d,
                                      qdScoreOffset: -100, acceptance: rule)
        }
        return try Scheduler(archive: grid(acceptance), resultArchive: acceptance.isElitist ? nil : grid(.elitist),
                             emitters: emitters, seed: seed)
    }

    /// Every elite with its threshold, in insertion order.
    func snapshot(_ archive: GridArchive<[Double]>) -> [String] {
        archive.elitesInInsertionOrder.map {
            "\($0.cell) \($0.objective) \(archive.store.threshold(of: $0.cell)) \($0.evaluation) \($0.genome)"
        }
    }

    func generate(_ emitter: CMAEmitter, ranges: [Range<Int>], iteration: Int = 0) throws -> [Double] {
        let archive = try GridArchive<[Double]>(shape: [4, 4], descriptorSpace: Box(dimension: 2, range: 0...1),
                                                genomeLayout: emitter.strategy.dimension)
        let context = GenerationContext(streams: RandomStreams(seed: 9), iteration: iteration, emitter: 0)
        return ranges.flatMap { rows -> [Double] in
            var children = VectorColumn(layout: emitter.strategy.dimension, count: rows.count)
            var parents = [Int32](repeating: 0, count: rows.count)
            emitter.generate(rows: rows, into: &children, parents: &parents, archive: archive, context: context)
            #expect(parents.allSatisfy { $0 == -1 })
            return children.storage
        }
    }

    @Test func rowsDoNotDependOnHowTheBatchIsSplit() throws {
        let e = try emitter(dimension: 40, batch: 36)
        let whole = try generate(e, ranges: [0..<36])
        #expect(try generate(e, ranges: [0..<5, 5..<17, 17..<36]) == whole)
        #expect(try generate(e, ranges: (0..<36).map { $0..<($0 + 1) }) == whole)
        #expect(try generate(e, ranges: [0..<36], iteration: 1) != whole)
        // Redrawn rows (a box most rows miss) and a batch of two sampling blocks.
        let boxed = try emitter(dimension: 12, batch: 50, bounds: Box(dimension: 12, range: 0...1))
        let all = try generate(boxed, ranges: [0..<50])
        #expect(try generate(boxed, ranges: [0..<25, 25..<50]) == all)
        #expect(try generate(boxed, ranges: [0..<1, 1..<37, 37..<50]) == all)
        #expect(try generate(boxed, ranges: (0..<50).map { $0..<($0 + 1) }) == all)
    }

    @Test func childrenStayInsideTheBounds() async throws {
        // A box a row falls in one time in ten: redrawing finds it, nothing is clipped.
        let wide = try emitter(bounds: Box(dimension: 6, range: 0...1))
        let rows = try generate(wide, ranges: [0..<12])
        #expect(rows.allSatisfy { (0...1).contains($0) })
        #expect(Set(rows).count == rows.count, "children differ")
        #expect(wide.sample(rows: 0..<12, context: GenerationContext(streams: RandomStreams(seed: 9), iteration: 0, emitter: 0)).clipped == 0)
        // One time in 10⁵: a hundred redraws fail, the rows are clipped, and it ends.
        let narrow = try emitter(bounds: Box(dimension: 6, range: 0.4...0.6))
        #expect(try generate(narrow, ranges: [0..<12]).allSatisfy { (0.4...0.6).contains($0) })
        #expect(narrow.sample(rows: 0..<12, context: GenerationContext(streams: RandomStreams(seed: 9), iteration: 0, emitter: 0)).clipped > 6)
        // Told, the emitter counts the clipped children it made.
        var s = try scheduler(emitters: [narrow], seed: 9)
        await s.run(domain: QuadraticTestDomain(dimension: 6), totalEvaluations: 12, evaluator: .serial)
        let clipped = narrow.sample(rows: 0..<12, context: GenerationContext(streams: RandomStreams(seed: 9), iteration: 0, emitter: 0)).clipped
        #expect(try #require(s.emitters[0] as? CMAEmitter).clippedRows == clipped)
    }

    @Test func filterSelectionWithNothingAddedLeavesTheDistribution() async throws {
        // Every row lands in a cell held by an unbeatable elite.
        var s = try scheduler(emitters: [try emitter(selection: .filter)])
        var archive = s.archive
        var batch = EvaluationBatch(count: 144, descriptorDimension: 2)
        var column = VectorColumn(layout: 6, count: 144)
        for cell in 0..<144 {
            batch.objectives[cell] = 1_000
            batch.descriptors[2 * cell] = (Double(cell / 12) + 0.5) / 12
            batch.descriptors[2 * cell + 1] = (Double(cell % 12) + 0.5) / 12
            column.withMutableRow(cell) { $0.initialize(repeating: 0.5) }
        }
        archive.add(column, batch)
        try s.replaceArchive(archive)
        let before = try #require(s.emitters[0] as? CMAEmitter).strategy
        await s.run(domain: QuadraticTestDomain(dimension: 6), totalEvaluations: 12, evaluator: .serial)
        let after = try #require(s.emitters[0] as? CMAEmitter)
        #expect(after.strategy.mean == before.mean && after.strategy.sigma == before.sigma)
        #expect(after.iterations == 1 && after.restarts == 0)
    }

    @Test func muSelectionMovesTheMeanAndARestartReCentresOnAnElite() async throws {
        var s = try scheduler(emitters: [try emitter(restart: .every(2))])
        await s.run(domain: QuadraticTestDomain(dimension: 6), totalEvaluations: 12, evaluator: .serial)
        let first = try #require(s.emitters[0] as? CMAEmitter)
        #expect(first.strategy.mean != [Double](repeating: 0.5, count: 6) && first.restarts == 0)
        await s.run(domain: QuadraticTestDomain(dimension: 6), totalEvaluations: 24, evaluator: .serial)
        let second = try #require(s.emitters[0] as? CMAEmitter)
        #expect(second.restarts == 1 && second.strategy.generation == 0 && second.strategy.sigma == 0.5)
        #expect(s.archive.elites.contains { $0.genome == second.strategy.mean }, "restarted at an elite")
    }

    @Test func randomDirectionEmittersDrawTheirDirectionAndRenewItOnRestart() async throws {
        var s = try scheduler(emitters: [try emitter(ranker: .twoStageRandomDirection, restart: .every(1))])
        await s.run(domain: QuadraticTestDomain(dimension: 6), totalEvaluations: 12, evaluator: .serial)
        let first = try #require((s.emitters[0] as? CMAEmitter)?.direction)
        await s.run(domain: QuadraticTestDomain(dimension: 6), totalEvaluations: 24, evaluator: .serial)
        let second = try #require((s.emitters[0] as? CMAEmitter)?.direction)
        #expect(first.count == 2 && second.count == 2 && first != second)
    }

    @Test func cmaMAEIsTheSameOnOneThreadAndOnTwoAndResumesExactly() async throws {
        let alpha = try Acceptance(learningRate: 0.01, thresholdMin: -100)
        func make() throws -> Scheduler<GridArchive<[Double]>> {
            try scheduler(emitters: (0..<5).map { _ in try emitter(dimension: 8, ranker: .improvement) }, acceptance: alpha)
        }
        var one = try make()
        await one.run(domain: QuadraticTestDomain(dimension: 8), totalEvaluations: 1_200, evaluator: .serial)
        var two = try make()
        await two.run(domain: QuadraticTestDomain(dimension: 8), totalEvaluations: 1_200, evaluator: try ParallelEvaluator(workers: 2))
        var three = try make()
        three.feedbackWorkers = 3
        await three.run(domain: QuadraticTestDomain(dimension: 8), totalEvaluations: 1_200, evaluator: .serial)
        #expect(snapshot(three.archive) == snapshot(one.archive), "three feedback threads")
        #expect(try one.state() == two.state())
        #expect(snapshot(one.archive) == snapshot(two.archive), "the archives differ")
        #expect(snapshot(try #require(one.resultArchive)) == snapshot(try #require(two.resultArchive)), "the result archives differ")
        #expect((one.resultArchive?.stats.qdScore ?? 0) >= one.archive.stats.qdScore - 1e-9)

        // Stop at 600, save, restore into a fresh run, continue: the same as one run.
        var part = try make()
        await part.run(domain: QuadraticTestDomain(dimension: 8), totalEvaluations: 600, evaluator: .serial)
        let saved = try part.state()
        var resumed = try make()
        try resumed.restore(saved, archive: part.archive, resultArchive: part.resultArchive)
        await resumed.run(domain: QuadraticTestDomain(dimension: 8), totalEvaluations: 1_200, evaluator: try ParallelEvaluator(workers: 2))
        #expect(try resumed.state() == one.state())
        #expect(snapshot(resumed.archive) == snapshot(one.archive), "the resumed archive differs")
    }

    @Test func itSavesItsCovarianceAsBinaryAndRestoresItChecked() async throws {
        var s = try scheduler(emitters: [try emitter(dimension: 10, ranker: .twoStageRandomDirection)])
        await s.run(domain: QuadraticTestDomain(dimension: 10), totalEvaluations: 120, evaluator: .serial)
        let trained = try #require(s.emitters[0] as? CMAEmitter)
        let state = try trained.saveState()
        #expect(state.identifier == "tessera.evolution-strategy-emitter")
        guard case .doubles(let covariance)? = state.parts["strategy.covariance"] else {
            Issue.record("no binary covariance part: \(state.parts.keys.sorted())")
            return
        }
        #expect(covariance.count == 100)
        var fresh = try emitter(dimension: 10, ranker: .twoStageRandomDirection)
        try fresh.restoreState(from: state)
        #expect(fresh.strategy == trained.strategy && fresh.direction == trained.direction && fresh.iterations == trained.iterations)
        #expect(try fresh.saveState() == state)

        var negative = state
        try negative.set("emitter-state", json: CMAEmitter.Counters(strategy: "CMAEvolutionStrategy", restarts: -1, iterations: 1,
                                                                    clippedRows: 0, direction: nil))
        #expect(throws: RestoreError.self) { try fresh.restoreState(from: negative) }
        var otherKind = state
        try otherKind.set("emitter-state", json: CMAEmitter.Counters(strategy: "SeparableCMAEvolutionStrategy", restarts: 0,
                                                                     iterations: 1, clippedRows: 0, direction: nil))
        #expect(throws: RestoreError.self) { try fresh.restoreState(from: otherKind) }
        var wrongSize = state
        wrongSize.set("strategy.covariance", .doubles([1, 0, 0, 1]))
        #expect(throws: RestoreError.self) { try fresh.restoreState(from: wrongSize) }
    }

    @Test func badParametersAreRefused() throws {
        #expect(throws: ParameterError.self) { try emitter(batch: 1) }
        #expect(throws: ParameterError.self) { try emitter(restart: .every(0)) }
        #expect(throws: ParameterError.self) { try emitter(bounds: Box(dimension: 3, range: 0...1)) }
        #expect(throws: ParameterError.self) {
            try CMAEmitter(strategy: CMAEvolutionStrategy(mean: [0, 0], sigma: 1), maximumResamples: -1)
        }
    }
}

import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

@Suite struct SchedulerTests {
    func makeScheduler(seed: UInt64, emitters: Int = 2, batch: Int = 37) throws -> Scheduler<GridArchive<[Double]>> {
        let archive = try GridArchive<[Double]>(shape: [12, 12], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4)
        var list: [any Emitter<[Double]>] = []
        for e in 0..<emitters {
            if e % 2 == 0 {
                list.append(try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(GaussianMutation(sigma: 0.4)),
                                          initialGenome: [0, 0, 0, 0], batchSize: batch))
            } else {
                list.append(try VectorEmitter(selection: CuriositySelection(), variation: IsoLineVariation(isoSigma: 0.1, lineSigma: 0.2),
                                          initialGenome: [0, 0, 0, 0], batchSize: batch + 5,
                                          bounds: GenomeBounds(Box(dimension: 4, range: -3...3), handling: .reflect)))
            }
        }
        return try Scheduler(archive: archive, emitters: list, seed: seed)
    }

    @Test(arguments: [UInt64(0), 5, 123])
    func sameSeedSameArchiveWhateverTheWorkers(seed: UInt64) async throws {
        var results: [[Elite<[Double]>]] = []
        for workers in [1, 2, 3] {
            var scheduler = try makeScheduler(seed: seed)
            try await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 2_000, evaluator: ParallelEvaluator(workers: workers))
            results.append(scheduler.archive.elites)
        }
        #expect(results[0] == results[1], "1 vs 2 workers, seed \(seed)")
        #expect(results[0] == results[2], "1 vs 3 workers, seed \(seed)")
        var other = try makeScheduler(seed: seed + 1)
        try await other.run(domain: QuadraticTestDomain(), totalEvaluations: 2_000, evaluator: ParallelEvaluator(workers: 1))
        #expect(other.archive.elites != results[0], "another seed, another archive")
    }

    @Test func budgetRunsWholeIterations() async throws {
        var scheduler = try makeScheduler(seed: 1)
        #expect(scheduler.batchSize == 37 + 42)
        try await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 200, evaluator: ParallelEvaluator(workers: 2))
        #expect(scheduler.iteration == 3, "ceil(200 / 79)")
        #expect(scheduler.evaluations == 237)
        try await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 237, evaluator: ParallelEvaluator(workers: 2))
        #expect(scheduler.iteration == 3, "already there")
    }

    @Test func askTellEqualsStep() async throws {
        var stepped = try makeScheduler(seed: 9)
        var manual = try makeScheduler(seed: 9)
        let evaluator = try ParallelEvaluator(workers: 2)
        for _ in 0..<5 {
            await stepped.step(domain: QuadraticTestDomain(), evaluator: evaluator)
            let ticket = await manual.ask(evaluator: evaluator)
            let evaluations = await evaluator.evaluate(ticket.children.joined(), on: QuadraticTestDomain())
            manual.tell(ticket, evaluations)
        }
        #expect(stepped.archive.elites == manual.archive.elites)
        #expect(stepped.evaluations == manual.evaluations)
    }

    @Test func theArchiveImprovesOverARun() async throws {
        var scheduler = try makeScheduler(seed: 2)
        try await scheduler.step(domain: QuadraticTestDomain(), evaluator: ParallelEvaluator(workers: 1))
        let early = scheduler.archive
        try await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 5_000, evaluator: ParallelEvaluator(workers: 1))
        let late = scheduler.archive
        #expect(late.count > early.count)
        #expect(late.stats.objMax! >= early.stats.objMax!)
        for elite in early.elites {
            #expect(late.elite(at: elite.cell)!.objective >= elite.objective, "cell \(elite.cell) got worse")
        }
        #expect(early.elites.contains { late.elite(at: $0.cell)!.objective > $0.objective }, "some cell improved")
    }

    @Test func uniformEmitterSamplesTheBox() async throws {
        let box = Box(dimension: 4, range: -2...2)
        let archive = try GridArchive<[Double]>(shape: [5, 5], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4)
        var scheduler = try Scheduler(archive: archive, emitters: [UniformEmitter(box: box, batchSize: 100)], seed: 3)
        let ticket = await scheduler.ask()
        #expect((0..<100).allSatisfy { box.contains(ticket.children[$0]) })
        #expect(ticket.parents.allSatisfy { $0 == -1 })
        try await scheduler.step(domain: QuadraticTestDomain(), evaluator: ParallelEvaluator(workers: 1))
        #expect(scheduler.archive.count > 5)
    }

    /// An archive of our own: a grid whose insertion rule turns away rows right of the
    /// middle, and counts its calls.
    struct LeftHalfArchive: CellArchive {
        typealias Genome = [Double]
        var grid: GridArchive<[Double]>
        var addCalls = 0
        var descriptorSpace: Box { grid.descriptorSpace }
        var qdScoreOffset: Double { grid.qdScoreOffset }
        var store: EliteStore<VectorColumn> {
            get { grid.store }
            set { grid.store = newValue }
        }

        func cellIndices(of descriptors: UnsafeBufferPointer<Double>, count: Int, into cells: UnsafeMutableBufferPointer<Int>) {
            grid.cellIndices(of: descriptors, count: count, into: cells)
        }

        mutating func add(_ genomes: BatchColumn<VectorColumn>, _ batch: EvaluationBatch, firstEvaluation: Int) -> AddReport {
            addCalls += 1
            var gated = batch
            for row in 0..<batch.count where batch.failures[row] == nil && batch.descriptors[2 * row] >= 0.5 {
                gated.failures[row] = .threw("right half")
            }
            return grid.add(genomes, gated, firstEvaluation: firstEvaluation)
        }
    }

    @Test func theSchedulerInsertsThroughTheArchivesOwnRule() async throws {
        let grid = try GridArchive<[Double]>(shape: [12, 12], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4)
        let emitter = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(GaussianMutation(sigma: 0.5)),
                                        initialGenome: [0, 0, 0, 0], batchSize: 40)
        var gated = try Scheduler(archive: LeftHalfArchive(grid: grid), emitters: [emitter], seed: 6)
        var plain = try Scheduler(archive: grid, emitters: [emitter], seed: 6)
        try await gated.run(domain: QuadraticTestDomain(), totalEvaluations: 2_000, evaluator: .serial)
        try await plain.run(domain: QuadraticTestDomain(), totalEvaluations: 2_000, evaluator: .serial)
        #expect(gated.archive.addCalls == gated.iteration && gated.iteration == 50)
        #expect(!gated.archive.isEmpty && gated.archive.elites.allSatisfy { $0.descriptor[0] < 0.5 })
        #expect(plain.archive.elites.contains { $0.descriptor[0] >= 0.5 }, "without the rule, rows right of the middle enter")
    }

    /// An emitter of our own that does not say what layout its genomes have.
    struct QuietEmitter: Emitter {
        typealias Genome = [Double]
        let batchSize: Int
        func generate<A: Archive>(rows: Range<Int>, into children: inout VectorColumn, parents: inout [Int32],
                                  archive: A, context: GenerationContext) where A.Genome == [Double] {
            for position in 0..<rows.count { parents[position] = -1 }
        }
    }

    func gaussianEmitter(genes: Int) throws -> VectorEmitter<UniformSelection, MutationVariation<GaussianMutation>> {
        try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(GaussianMutation(sigma: 0.1)),
                          initialGenome: [Double](repeating: 0, count: genes), batchSize: 10)
    }

    @Test func emittersWhoseGenomesDoNotFitTheArchiveAreRefused() throws {
        let archive = try GridArchive<[Double]>(shape: [4, 4], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 5)
        let five = try gaussianEmitter(genes: 5), eight = try gaussianEmitter(genes: 8)
        #expect(throws: ParameterError(type: "Scheduler", parameter: "emitters[0]",
                                       problem: "makes genomes of layout 8, the archive stores layout 5")) {
            try Scheduler(archive: archive, emitters: [eight], seed: 1)
        }
        #expect {
            try Scheduler(archive: archive, emitters: [five, eight], seed: 1)
        } throws: { ($0 as? ParameterError)?.parameter == "emitters[1]" }
        #expect(throws: ParameterError.self, "a uniform emitter over a 4-D box") {
            try Scheduler(archive: archive, emitters: [UniformEmitter(box: Box(dimension: 4, range: 0...1), batchSize: 10)], seed: 1)
        }
        #expect(throws: ParameterError.self, "no emitter") { try Scheduler(archive: archive, emitters: [], seed: 1) }
        #expect(throws: ParameterError.self, "an emitter of our own with an empty batch") {
            try Scheduler(archive: archive, emitters: [five, QuietEmitter(batchSize: 0)], seed: 1)
        }
        let accepted = try Scheduler(archive: archive, emitters: [five, QuietEmitter(batchSize: 3)], seed: 1)
        #expect(accepted.batchSize == 13, "an emitter that does not know its layout is trusted")
    }

    @Test func restoringChecksEverySavedEmitter() async throws {
        let archive = try GridArchive<[Double]>(shape: [4, 4], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 5)
        var scheduler = try Scheduler(archive: archive, emitters: [try gaussianEmitter(genes: 5)], seed: 1)
        try await scheduler.run(domain: QuadraticTestDomain(dimension: 5), totalEvaluations: 30, evaluator: .serial)
        let state = try scheduler.state()
        #expect(state.components.map(\.identifier) == ["tessera.vector-emitter"])
        #expect(state.components[0].parts.keys.sorted() == ["selection"], "only the selection's state, no configuration")
        // A state saved before stable identifiers: the whole emitter under its Swift type name.
        let typeName = String(describing: type(of: try gaussianEmitter(genes: 5)))
        let json = String(decoding: try JSONEncoder().encode(try gaussianEmitter(genes: 5)), as: UTF8.self)
        #expect(json.contains(#""batchSize":10"#) && json.contains(#""sigma":0.1"#))

        /// Restores `state` with a legacy whole-emitter JSON edited into a fresh scheduler of the same build.
        func restore(_ state: SchedulerState, replacing target: String = "", with replacement: String = "") throws {
            var edited = state
            edited.components[0] = ComponentState(identifier: typeName, version: 1, parts: [
                "emitter": .json(Data(json.replacingOccurrences(of: target, with: replacement).utf8))])
            var fresh = try Scheduler(archive: archive, emitters: [try gaussianEmitter(genes: 5)], seed: 1)
            try fresh.restore(edited, archive: scheduler.archive)
        }
        #expect(throws: Never.self) { try restore(state) }
        var fresh = try Scheduler(archive: archive, emitters: [try gaussianEmitter(genes: 5)], seed: 1)
        #expect(throws: Never.self) { try fresh.restore(state, archive: scheduler.archive) }
        var renamed = state
        renamed.components[0].identifier = "someone.else"
        #expect(throws: RestoreError(message: #"the saved emitters are ["someone.else"], this scheduler's ["tessera.vector-emitter"]"#)) {
            try fresh.restore(renamed, archive: scheduler.archive)
        }
        var newer = state
        newer.components[0].version = 9
        #expect { try fresh.restore(newer, archive: scheduler.archive) } throws: {
            ($0 as? RestoreError)?.message.contains("has state version 9, this build reads up to 1") == true
        }
        var missing = state
        missing.components[0].parts = [:]
        #expect(throws: RestoreError(message: "the saved state of tessera.vector-emitter has no part 'selection'")) {
            try fresh.restore(missing, archive: scheduler.archive)
        }
        for (target, replacement, message) in [(#""sigma":0.1"#, #""sigma":"nan""#, "GaussianMutation: sigma must be"),
                                                (#""sigma":0.1"#, #""sigma":-2"#, "GaussianMutation: sigma must be"),
                                                (#""batchSize":10"#, #""batchSize":0"#, "VectorEmitter: batchSize must be at least 1"),
                                                (#""initialGenome":[0,0,0,0,0]"#, #""initialGenome":[]"#, "initialGenome must not be empty")] {
            #expect(Comment(rawValue: replacement)) {
                try restore(state, replacing: target, with: replacement)
            } throws: { error in
                guard case DecodingError.dataCorrupted(let context) = error else { return false }
                return context.debugDescription.contains(message)
            }
        }
        for (target, replacement, message) in [(#""batchSize":10"#, #""batchSize":7"#, "the saved emitter 0 has batch size 7, this scheduler's 10"),
                                                (#""initialGenome":[0,0,0,0,0]"#, #""initialGenome":[0,0]"#,
                                                 "the saved emitter 0 makes genomes of layout 2, the archive stores layout 5")] {
            #expect(Comment(rawValue: replacement)) {
                try restore(state, replacing: target, with: replacement)
            } throws: { ($0 as? RestoreError)?.message == message }
        }
        var negative = state
        negative.iteration = -1
        #expect(throws: RestoreError.self) { try restore(negative) }
    }

    @Test func iterationsToReachAnyBudgetDoNotOverflow() throws {
        let scheduler = try makeScheduler(seed: 1)
        let b = scheduler.batchSize
        #expect(b == 79)
        #expect(scheduler.iterations(toReach: .max) == Int.max / b + (Int.max % b == 0 ? 0 : 1))
        #expect(scheduler.iterations(toReach: .max - 1) == (Int.max - 1) / b + ((Int.max - 1) % b == 0 ? 0 : 1))
        for (budget, iterations) in [(Int.min, 0), (-1, 0), (0, 0), (1, 1), (78, 1), (79, 1), (80, 2), (158, 2), (159, 3)] {
            #expect(scheduler.iterations(toReach: budget) == iterations, "budget \(budget)")
        }
        let archive = try GridArchive<[Double]>(shape: [2, 2], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4)
        let single = try Scheduler(archive: archive, emitters: [UniformEmitter(box: Box(dimension: 4, range: 0...1), batchSize: 1)], seed: 1)
        #expect(single.iterations(toReach: .max) == .max)
    }

    @Test func anUnboundedBudgetRunsUntilTheObserverStops() async throws {
        var scheduler = try makeScheduler(seed: 4)
        var observed = 0
        let reached = try await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: .max,
                                              evaluator: ParallelEvaluator(workers: 2)) { scheduler in
            observed += 1
            return scheduler.iteration < 3
        }
        #expect(!reached)
        #expect(observed == 3 && scheduler.iteration == 3 && scheduler.evaluations == 3 * 79)
    }

    @Test func aBudgetAlreadyReachedReturnsAtOnce() async throws {
        var scheduler = try makeScheduler(seed: 5)
        let evaluator = try ParallelEvaluator(workers: 1)
        for budget in [0, -1, Int.min] {
            let reached = await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: budget, evaluator: evaluator) { _ in
                Issue.record("budget \(budget) ran an iteration")
                return true
            }
            #expect(reached, "budget \(budget)")
        }
        #expect(scheduler.iteration == 0 && scheduler.evaluations == 0)
        await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 100, evaluator: evaluator)
        #expect(scheduler.iteration == 2 && scheduler.evaluations == 158)
        for budget in [158, 100, 1, 0] {
            #expect(await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: budget, evaluator: evaluator), "budget \(budget)")
            #expect(scheduler.iteration == 2, "budget \(budget)")
        }
    }
}

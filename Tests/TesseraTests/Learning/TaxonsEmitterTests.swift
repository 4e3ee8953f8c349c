import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

/// TAXONS' steady population: its archive grows by the five best of each generation, the
/// five best are copied over the five worst, and the signal alternates.
@Suite struct TaxonsEmitterTests {
    func scheduler(_ signal: TaxonsSignal, seed: UInt64 = 9) throws -> Scheduler<UnstructuredArchive<[Double]>> {
        let initial = PopulationEmitter<GaussianMutation>.uniformPopulation(in: Box(dimension: 4, range: -0.2...0.2), count: 20, seed: 1)
        let emitter = try TaxonsEmitter(signal: signal, mutation: try GaussianMutation(sigma: 0.1, bounds: GenomeBounds(Box(dimension: 4, range: -1...1), handling: .clip)),
                                        initialPopulation: initial, noveltyGenerations: 3)
        let archive = try UnstructuredArchive<[Double]>(descriptorSpace: Box(dimension: 2, range: -1...1), genomeLayout: 4)
        var scheduler = try Scheduler(archive: archive, emitters: [emitter], seed: seed)
        try scheduler.learnDescriptors(try DescriptorLearning(learner: ScalingTestLearner(inputDimension: 4, codeDimension: 2),
                                                              schedule: .every(5), trainingSet: .archiveAndRecent))
        return scheduler
    }

    @Test(arguments: TaxonsSignal.allCases)
    func theArchiveGrowsByAtMostFiveAGeneration(signal: TaxonsSignal) async throws {
        var run = try scheduler(signal)
        var sizes: [Int] = []
        for _ in 0..<12 {
            await run.step(domain: ObservingTestDomain(), evaluator: ParallelEvaluator.serial)
            sizes.append(run.archive.count)
        }
        let taxons = run.emitters[0] as! TaxonsEmitter<GaussianMutation>
        #expect(taxons.generation == 12 && taxons.population?.count == 20 && taxons.archived.count == 20)
        let growth = zip(sizes, [0] + sizes).map { $0 - $1 }
        #expect(growth.allSatisfy { (0...5).contains($0) }, "\(signal): \(growth)")
        #expect(sizes.last! > 20, "\(signal): \(sizes)")
        // The copies of the best are in the archive.
        #expect(taxons.archived.filter { $0 }.count >= 5)
    }

    @Test func theFiveMostNovelEnterAndReplaceTheFiveLeastNovel() async throws {
        var run = try scheduler(.novelty)
        let ticket = await run.ask()
        let batch = await ParallelEvaluator.serial.evaluate(ticket.children.joined(), on: ObservingTestDomain())
        var emitter = run.emitters[0] as! TaxonsEmitter<GaussianMutation>
        let offered = run.learning!.encode(batch)
        let feedback = EmitterFeedback<[Double]>(rows: 0..<20, children: ticket.children, evaluations: offered,
                                                 report: AddReport(count: 20), parents: ticket.parents,
                                                 context: GenerationContext(streams: run.streams, iteration: 0, emitter: 0))
        let decisions = emitter.admissions(for: feedback, archive: run.archive)
        let ranking = try #require(emitter.pending)
        #expect(decisions.filter { $0 }.count == 5)
        let order = (0..<20).sorted { ranking.values[$0] > ranking.values[$1] }
        #expect(Set(order.prefix(5)) == Set(ranking.best))
        #expect(Set(order.suffix(5)) == Set(ranking.worst))
        emitter.tell(feedback, archive: run.archive)
        let next = try #require(emitter.population)
        for (best, worst) in zip(ranking.best, ranking.worst) { #expect(next[worst] == ticket.children[best]) }
    }

    @Test func aResumedTaxonsRunEqualsAnUninterruptedOne() async throws {
        var full = try scheduler(.noveltyAndSurprise)
        await full.run(domain: ObservingTestDomain(), totalEvaluations: 20 * 14, evaluator: ParallelEvaluator.serial)
        var first = try scheduler(.noveltyAndSurprise)
        await first.run(domain: ObservingTestDomain(), totalEvaluations: 20 * 6, evaluator: ParallelEvaluator.serial)
        let decoded = try JSONDecoder().decode(SchedulerState.self, from: try JSONEncoder().encode(try first.state()))
        var resumed = try scheduler(.noveltyAndSurprise)
        try resumed.restore(decoded, archive: first.archive)
        await resumed.run(domain: ObservingTestDomain(), totalEvaluations: 20 * 14, evaluator: try ParallelEvaluator(workers: 2))
        #expect(resumed.archive.elites == full.archive.elites)
        #expect(try resumed.state().components == full.state().components)
    }

    @Test func badSettingsAreRefused() throws {
        let initial = VectorColumn(rows: [[0, 0], [1, 1]])
        let mutation = try GaussianMutation(sigma: 0.1)
        #expect(throws: ParameterError.self) { try TaxonsEmitter(mutation: mutation, initialPopulation: initial, mutationRate: 1.5) }
        #expect(throws: ParameterError.self) { try TaxonsEmitter(mutation: mutation, initialPopulation: initial, selected: 3) }
        #expect(throws: ParameterError.self) { try TaxonsEmitter(mutation: mutation, initialPopulation: initial, neighbours: 0) }
        let emitter = try TaxonsEmitter(mutation: mutation, initialPopulation: initial, selected: 1)
        let decoded = try JSONDecoder().decode(TaxonsEmitter<GaussianMutation>.self, from: try JSONEncoder().encode(emitter))
        #expect(decoded.selected == 1 && decoded.batchSize == 2)
    }
}

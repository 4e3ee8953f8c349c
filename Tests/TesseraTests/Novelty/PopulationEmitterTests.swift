import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

/// GA, novelty search and NSLC through one emitter: spread, determinism across workers,
/// exact resume, and text genomes.
@Suite struct PopulationEmitterTests {
    typealias VectorPopulation = PopulationEmitter<GaussianMutation>

    func emitter(_ score: PopulationScore, replacement: PopulationReplacement = .generational(elitism: 0.1),
                 archive: NoveltyArchive.Settings? = nil) throws -> VectorPopulation {
        let settings = try archive ?? NoveltyArchive.Settings(rule: .threshold(try AdaptiveThreshold(initial: 0.05, floor: 0.01,
                                                                                                 window: 40)))
        return try PopulationEmitter(score: score, mutation: GaussianMutation(sigma: 0.3),
                                     initialPopulation: VectorPopulation.uniformPopulation(in: Box(dimension: 4, range: -0.5...0.5),
                                                                                           count: 40, seed: 3),
                                     populationSize: 40, batchSize: 40, replacement: replacement, tournamentSize: 4,
                                     neighbours: 15, archive: settings)
    }

    func scheduler(_ emitter: VectorPopulation, seed: UInt64 = 11) throws -> Scheduler<GridArchive<[Double]>> {
        let grid = try GridArchive<[Double]>(shape: [20, 20], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4)
        return try Scheduler(archive: grid, emitters: [emitter], seed: seed)
    }

    func population(_ scheduler: Scheduler<GridArchive<[Double]>>) -> VectorPopulation {
        scheduler.emitters[0] as! VectorPopulation
    }

    @Test func noveltySpreadsTheDescriptorsMoreThanTheObjective() async throws {
        var coverage: [PopulationScore: Int] = [:]
        for score in PopulationScore.allCases {
            var run = try scheduler(try emitter(score))
            try await run.run(domain: QuadraticTestDomain(), totalEvaluations: 40 * 30, evaluator: ParallelEvaluator(workers: 2))
            coverage[score] = run.archive.count
            let emitter = population(run)
            #expect(emitter.generation == 30 && emitter.population?.count == 40)
            #expect(emitter.scores.count == 40 && emitter.objectives.count == 40 && emitter.descriptors.count == 80)
            #expect(zip(emitter.scores, emitter.scores.dropFirst()).allSatisfy { $0 >= $1 }, "\(score): population best first")
            #expect((emitter.noveltyArchive != nil) == score.usesNovelty)
            if let archive = emitter.noveltyArchive { #expect(archive.count > 10, "\(score): \(archive.stats)") }
        }
        print("PopulationEmitterTests coverage after 1,200 evaluations: \(coverage)")
        #expect(coverage[.novelty]! > coverage[.objective]! * 3 / 2, "\(coverage)")
        #expect(coverage[.noveltyWithLocalCompetition]! > coverage[.objective]!, "\(coverage)")
    }

    @Test(arguments: PopulationScore.allCases)
    func oneWorkerEqualsTwo(score: PopulationScore) async throws {
        for replacement in [PopulationReplacement.generational(elitism: 0.1), .muPlusLambda] {
            var results: [(archive: [Elite<[Double]>], state: SchedulerState)] = []
            for workers in [1, 2] {
                var run = try scheduler(try emitter(score, replacement: replacement))
                try await run.run(domain: QuadraticTestDomain(), totalEvaluations: 40 * 12, evaluator: ParallelEvaluator(workers: workers))
                results.append((run.archive.elites, try run.state()))
            }
            #expect(results[0].archive == results[1].archive, "\(score), \(replacement)")
            #expect(results[0].state == results[1].state, "\(score), \(replacement)")
        }
    }

    @Test(arguments: PopulationScore.allCases)
    func aResumedRunEqualsAnUninterruptedOne(score: PopulationScore) async throws {
        let evaluator = try ParallelEvaluator(workers: 2)
        let probability = try NoveltyArchive.Settings(rule: .probability(0.2), capacity: 50, removal: .leastNovel)
        for settings in [nil, probability] {
            var full = try scheduler(try emitter(score, archive: settings))
            await full.run(domain: QuadraticTestDomain(), totalEvaluations: 40 * 14, evaluator: evaluator)

            var first = try scheduler(try emitter(score, archive: settings))
            await first.run(domain: QuadraticTestDomain(), totalEvaluations: 40 * 6, evaluator: evaluator)
            let saved = try first.state()
            #expect(saved.components[0].identifier == "tessera.population-emitter")
            if score.usesNovelty {
                #expect(saved.components[0].parts["archive.behaviours"]?.kind == (settings == nil ? .rows : .doubles))
            }
            // Through JSON, as a file keeps it.
            let decoded = try JSONDecoder().decode(SchedulerState.self, from: try JSONEncoder().encode(saved))
            var resumed = try scheduler(try emitter(score, archive: settings))
            try resumed.restore(decoded, archive: first.archive)
            await resumed.run(domain: QuadraticTestDomain(), totalEvaluations: 40 * 14, evaluator: evaluator)

            #expect(resumed.archive.elites == full.archive.elites, "\(score)")
            #expect(try resumed.state() == full.state(), "\(score)")
            #expect(population(resumed).noveltyArchive == population(full).noveltyArchive)
        }
    }

    @Test func iterationZeroEvaluatesTheInitialPopulation() async throws {
        var run = try scheduler(try emitter(.novelty))
        let ticket = await run.ask()
        let initial = population(run).initialPopulation
        #expect((0..<40).allSatisfy { ticket.children[$0] == initial[$0] })
        #expect(ticket.parents.allSatisfy { $0 == -1 })
        try await run.step(domain: QuadraticTestDomain(), evaluator: ParallelEvaluator(workers: 1))
        let next = await run.ask()
        #expect((0..<40).contains { next.children[$0] != initial[$0] }, "afterwards, mutants")
        #expect(try population(run).saveState().parts.keys.sorted() == [
            "archive.behaviours", "archive.counters", "archive.members", "archive.objectives", "counters", "descriptors",
            "member_evaluations", "objectives", "population", "scores"])
    }

    @Test func failedRowsAreDroppedAndAFullyFailedGenerationKeepsThePopulation() async throws {
        var emitter = try emitter(.noveltyWithLocalCompetition, replacement: .muPlusLambda)
        let grid = try GridArchive<[Double]>(shape: [4, 4], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4)
        func feedback(_ failing: Set<Int>, iteration: Int) -> EmitterFeedback<[Double]> {
            var batch = EvaluationBatch(count: 40, descriptorDimension: 2)
            for row in 0..<40 {
                batch.objectives[row] = Double(row)
                batch.descriptors[2 * row] = Double(row) / 40
                batch.descriptors[2 * row + 1] = 0.5
                if failing.contains(row) { batch.failures[row] = .threw("deliberate") }
            }
            return EmitterFeedback(rows: 0..<40, children: BatchColumn(emitter.initialPopulation), evaluations: batch,
                                   report: AddReport(count: 40), parents: [Int32](repeating: -1, count: 40),
                                   context: GenerationContext(streams: RandomStreams(seed: 1), iteration: iteration, emitter: 0))
        }
        emitter.tell(feedback(Set(30..<40), iteration: 0), archive: grid)
        #expect(emitter.population?.count == 30, "ten failed rows are not members")
        #expect(emitter.noveltyArchive!.evaluations == 30)
        let before = emitter.population
        emitter.tell(feedback(Set(0..<40), iteration: 1), archive: grid)
        #expect(emitter.population?.count == 30 && emitter.generation == 2)
        #expect(Set((0..<30).map { emitter.population![$0] }.map { $0.description }) == Set((0..<30).map { before![$0] }.map { $0.description }))
    }

    @Test func badConfigurationsAreRefused() throws {
        let initial = VectorPopulation.uniformPopulation(in: Box(dimension: 3, range: 0...1), count: 5, seed: 1)
        let mutation = try GaussianMutation(sigma: 0.1)
        #expect(throws: ParameterError.self) { try PopulationEmitter(score: .novelty, mutation: mutation, initialPopulation: initial, populationSize: 0) }
        #expect(throws: ParameterError.self) { try PopulationEmitter(score: .novelty, mutation: mutation, initialPopulation: initial, neighbours: 0) }
        #expect(throws: ParameterError.self) {
            try PopulationEmitter(score: .objective, mutation: mutation, initialPopulation: initial, replacement: .generational(elitism: 1.5))
        }
        #expect(throws: ParameterError.self) {
            try PopulationEmitter(score: .objective, mutation: GaussianMutation(sigma: 0.1, bounds: GenomeBounds(Box(dimension: 2, range: 0...1))),
                                  initialPopulation: initial)
        }
        let made = try PopulationEmitter(score: .novelty, mutation: mutation, initialPopulation: initial, distance: .euclidean)
        #expect(made.archiveSettings.rule == .threshold(.maze(distance: .euclidean)), "the maze rule on the Euclidean scale")
        #expect(made.genomeLayout == 3)
        let json = try JSONEncoder().encode(made)
        #expect(try JSONDecoder().decode(VectorPopulation.self, from: json).archiveSettings == made.archiveSettings)
    }

    // MARK: - Text genomes

    typealias Letters = StringGenomeSearchTests

    func textSearch(_ score: PopulationScore, workers: Int, resumeAt: Int? = nil) async throws -> (GridArchive<String>, SchedulerState) {
        func make() throws -> Scheduler<GridArchive<String>> {
            let archive = try GridArchive<String>(shape: [20, 10], descriptorSpace: Letters.TextDomain().descriptorSpace, genomeLayout: .init())
            let emitter = try PopulationEmitter(score: score, mutation: Letters.LetterMutation(),
                                                initialPopulation: ObjectColumn(["a", "ab", "b", "ba", "aab"]), populationSize: 20,
                                                batchSize: 20, replacement: .muPlusLambda,
                                                archive: try .init(rule: .threshold(try AdaptiveThreshold(initial: 1))))
            return try Scheduler(archive: archive, emitters: [emitter], seed: 5)
        }
        let evaluator = try ParallelEvaluator(workers: workers)
        var scheduler = try make()
        if let resumeAt {
            await scheduler.run(domain: Letters.TextDomain(), totalEvaluations: resumeAt, evaluator: evaluator)
            let state = try scheduler.state()
            #expect(state.components[0].parts["population"]?.kind == .json, "text genomes are saved as JSON")
            let archive = scheduler.archive
            scheduler = try make()
            try scheduler.restore(state, archive: archive)
        }
        await scheduler.run(domain: Letters.TextDomain(), totalEvaluations: 1_000, evaluator: evaluator)
        return (scheduler.archive, try scheduler.state())
    }

    @Test(arguments: PopulationScore.allCases)
    func textGenomes(score: PopulationScore) async throws {
        let (archive, state) = try await textSearch(score, workers: 2)
        // The GA climbs towards all-"b" texts; novelty spreads over lengths and pairs.
        #expect(archive.count > (score.usesNovelty ? 15 : 3), "\(score): \(archive.count) cells")
        #expect(archive.elites.allSatisfy { $0.genome.allSatisfy { $0 == "a" || $0 == "b" } })
        let (serial, serialState) = try await textSearch(score, workers: 1)
        #expect(serial.elites.map(\.genome) == archive.elites.map(\.genome) && serialState == state)
        let (resumed, resumedState) = try await textSearch(score, workers: 2, resumeAt: 400)
        #expect(resumed.elites.map(\.genome) == archive.elites.map(\.genome) && resumedState == state)
    }
}

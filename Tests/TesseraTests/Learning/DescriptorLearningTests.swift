import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

/// The scheduler's learned descriptor: encoding, kept observations, schedules,
/// re-encoding after re-training, ground truth, and exact resume.
@Suite struct DescriptorLearningTests {
    func emitter(batch: Int = 30) throws -> some Emitter<[Double]> {
        try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(GaussianMutation(sigma: 0.2)),
                          initialGenome: [0, 0, 0, 0], batchSize: batch,
                          bounds: GenomeBounds(Box(dimension: 4, range: -1...1), handling: .clip))
    }

    func learning(_ schedule: TrainingSchedule = .every(3), set: DescriptorLearning.TrainingSet = .archive,
                  control: ContainerSizeControl? = nil) throws -> DescriptorLearning {
        try DescriptorLearning(learner: ScalingTestLearner(inputDimension: 4, codeDimension: 2), schedule: schedule,
                               trainingSet: set, sizeControl: control)
    }

    func gridScheduler(seed: UInt64 = 4) throws -> Scheduler<GridArchive<[Double]>> {
        let grid = try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: Box(dimension: 2, range: -1...1), genomeLayout: 4)
        var scheduler = try Scheduler(archive: grid, emitters: [try emitter()], seed: seed)
        try scheduler.learnDescriptors(try learning())
        scheduler.trackGroundTruth(try CoverageGrid(shape: [20, 20], descriptorSpace: Box(dimension: 2, range: -1...1)))
        return scheduler
    }

    @Test func schedulesTrainAfterTheFirstIterationThenOnTheirGaps() {
        func trainings(_ schedule: TrainingSchedule, iterations: Int) -> [Int] {
            var done: [Int] = [], last: Int? = nil
            for i in 1...iterations where schedule.isDue(afterIteration: i, trainings: done.count, lastTraining: last) {
                done.append(i)
                last = i
            }
            return done
        }
        #expect(trainings(.every(30), iterations: 100) == [1, 31, 61, 91])
        #expect(trainings(.growing(minimum: 10, maximum: 35), iterations: 160) == [1, 21, 51, 86, 121, 156])
        #expect(TrainingSchedule.every(0).problem != nil)
        #expect(TrainingSchedule.growing(minimum: 5, maximum: 4).problem != nil)
    }

    @Test func everyElitesDescriptorIsItsObservationsCodeAfterRetraining() async throws {
        var scheduler = try gridScheduler()
        await scheduler.run(domain: ObservingTestDomain(), totalEvaluations: 30 * 10, evaluator: try ParallelEvaluator(workers: 2))
        let learning = try #require(scheduler.learning)
        #expect(learning.events.map(\.iteration) == [1, 4, 7, 10])
        #expect(learning.events.allSatisfy { $0.error == nil && $0.fit != nil })
        #expect(learning.events.last!.reencoded > 0)
        let learner = learning.learner as! ScalingTestLearner
        #expect(learner.fits == 4)
        // The archive holds the codes of its elites' own observations (the genome's first
        // two genes, scaled by the last fit), in a box fitted to them.
        let store = scheduler.archive.store
        var codes: [Double] = []
        for cell in store.occupiedCells.map(Int.init) {
            let genome = store.genomes[cell]
            let code = genome.prefix(2).map { Double(Float($0)) * learner.scale }
            #expect(Array(store.descriptors[2 * cell ..< 2 * cell + 2]) == code)
            codes.append(contentsOf: code)
        }
        // The box was fitted to the codes of every elite at the last training (some then
        // shared a cell and were dropped): it holds the survivors' codes.
        #expect(scheduler.archive.descriptorSpace.contains(codes[0..<2]))
        #expect(stride(from: 0, to: codes.count, by: 2).allSatisfy { scheduler.archive.descriptorSpace.contains(codes[$0 ..< $0 + 2]) })
        #expect(scheduler.archive.descriptorSpace != Box(dimension: 2, range: -1...1))
        // Only the elites' observations are kept.
        #expect(learning.observations.count == store.count)
        #expect(Set(learning.observations.evaluations) == Set(store.occupiedCells.map { store.entries[Int($0)] }))
        // The ground truth saw every evaluation, kept or not.
        let truth = try #require(scheduler.groundTruth)
        #expect(truth.filled > 0 && truth.filled <= 400)
    }

    @Test func recentObservationsAreTrainedOnThenDropped() async throws {
        let grid = try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: Box(dimension: 2, range: -1...1), genomeLayout: 4)
        var scheduler = try Scheduler(archive: grid, emitters: [try emitter()], seed: 2)
        try scheduler.learnDescriptors(try learning(.every(4), set: .archiveAndRecent))
        await scheduler.run(domain: ObservingTestDomain(), totalEvaluations: 30 * 7, evaluator: ParallelEvaluator.serial)
        let learning = try #require(scheduler.learning)
        // Trainings after iterations 1 and 5; the second saw the elites and the 4 × 30 rows since.
        #expect(learning.events.map(\.iteration) == [1, 5])
        #expect(learning.events[0].rows == 30)
        #expect(learning.events[1].rows > 4 * 30 - 1)
        #expect(learning.recent.count == 2 * 30)
        #expect(learning.observations.count >= learning.recent.count)
    }

    @Test func aResumedLearningRunEqualsAnUninterruptedOne() async throws {
        let evaluator = try ParallelEvaluator(workers: 2)
        var full = try gridScheduler()
        await full.run(domain: ObservingTestDomain(), totalEvaluations: 30 * 12, evaluator: evaluator)
        var first = try gridScheduler()
        await first.run(domain: ObservingTestDomain(), totalEvaluations: 30 * 5, evaluator: evaluator)
        let saved = try first.state()
        #expect(saved.stages.map(\.identifier) == ["tessera.descriptor-learning", "tessera.coverage-grid"])
        let decoded = try JSONDecoder().decode(SchedulerState.self, from: try JSONEncoder().encode(saved))
        let archive = try JSONDecoder().decode(GridArchive<[Double]>.self, from: try JSONEncoder().encode(first.archive))
        var resumed = try gridScheduler()
        try resumed.restore(decoded, archive: archive)
        await resumed.run(domain: ObservingTestDomain(), totalEvaluations: 30 * 12, evaluator: evaluator)
        #expect(resumed.archive.elites == full.archive.elites)
        #expect(resumed.archive.descriptorSpace == full.archive.descriptorSpace)
        // Everything but the measured seconds of each training.
        #expect(try resumed.state().components == full.state().components)
        #expect(resumed.groundTruth == full.groundTruth)
        let (a, b) = (try #require(resumed.learning), try #require(full.learning))
        #expect(a.observations == b.observations && a.recent == b.recent && a.trainings == b.trainings)
        #expect((a.learner as! ScalingTestLearner).scale == (b.learner as! ScalingTestLearner).scale)
        func untimed(_ events: [LearningEvent]) -> [LearningEvent] {
            events.map { var event = $0; event.reindexSeconds = 0; event.fit?.seconds = 0; return event }
        }
        #expect(untimed(a.events) == untimed(b.events))
    }

    @Test func aRestoreRefusesStagesItDoesNotHave() async throws {
        var learned = try gridScheduler()
        await learned.run(domain: ObservingTestDomain(), totalEvaluations: 60, evaluator: ParallelEvaluator.serial)
        let grid = try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: Box(dimension: 2, range: -1...1), genomeLayout: 4)
        var plain = try Scheduler(archive: grid, emitters: [try emitter()], seed: 4)
        #expect(throws: RestoreError.self) { try plain.restore(try learned.state(), archive: learned.archive) }
        // A plain run restored into a learning scheduler is refused too.
        await plain.run(domain: ObservingTestDomain(), totalEvaluations: 60, evaluator: ParallelEvaluator.serial)
        var learning = try gridScheduler()
        #expect(throws: RestoreError.self) { try learning.restore(try plain.state(), archive: plain.archive) }
    }

    @Test func groundTruthIsReseededFromAnOlderStatesArchive() async throws {
        let grid = try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: Box(dimension: 2, range: -1...1), genomeLayout: 4)
        var old = try Scheduler(archive: grid, emitters: [try emitter()], seed: 4)
        await old.run(domain: ObservingTestDomain(), totalEvaluations: 90, evaluator: ParallelEvaluator.serial)
        var resumed = try Scheduler(archive: grid, emitters: [try emitter()], seed: 4)
        resumed.trackGroundTruth(try CoverageGrid(shape: [10, 10], descriptorSpace: Box(dimension: 2, range: -1...1)))
        try resumed.restore(try old.state(), archive: old.archive)
        #expect(resumed.groundTruth?.filled == old.archive.count)
    }

    @Test func learningIsRefusedWhereItCannotWork() throws {
        let grid = try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: Box(dimension: 2, range: -1...1), genomeLayout: 4)
        var scheduler = try Scheduler(archive: grid, emitters: [try emitter()], seed: 1)
        let threeD = try DescriptorLearning(learner: ScalingTestLearner(inputDimension: 4, codeDimension: 3), schedule: .every(2))
        #expect(throws: ParameterError.self) { try scheduler.learnDescriptors(threeD) }
        let cvt = try CVTArchive<[Double]>(centroids: [0, 0, 0.5, 0.5, -0.5, 0.5], descriptorSpace: Box(dimension: 2, range: -1...1),
                                          genomeLayout: 4)
        var onCVT = try Scheduler(archive: cvt, emitters: [try emitter()], seed: 1)
        #expect(throws: ParameterError.self) { try onCVT.learnDescriptors(try learning()) }
        #expect(throws: ParameterError.self) {
            try DescriptorLearning(learner: ScalingTestLearner(inputDimension: 4, codeDimension: 2), schedule: .every(0))
        }
        #expect(throws: ParameterError.self) {
            try DescriptorLearning(learner: ScalingTestLearner(inputDimension: 4, codeDimension: 2), schedule: .every(1),
                                   sizeControl: ContainerSizeControl(target: 0))
        }
    }

    @Test func observationsOfTheWrongSizeOrNotFiniteFailTheirRowAlone() async throws {
        struct Broken: Domain {
            typealias Genome = [Double]
            var descriptorSpace: Box { Box(dimension: 2, range: -1...1) }
            var genomeLayout: Int { 4 }
            var observationDimension: Int { 4 }
            func evaluate(_ genomes: VectorColumn, into results: inout EvaluationBatch) throws {
                try ObservingTestDomain().evaluate(genomes, into: &results)
                results.observations[5] = .nan
            }
        }
        let evaluator = ParallelEvaluator.serial
        let genomes = VectorColumn(rows: [[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0, 0, 0, 0]])
        let batch = await evaluator.evaluate(genomes, on: Broken())
        #expect(batch.failures[0] == nil && batch.failures[2] == nil)
        #expect(batch.failures[1]?.kind == "non-finite observation")
        #expect(batch.failures[1]?.description == "observation[1] is nan")
        var one = EvaluationBatch(count: 1, descriptorDimension: 2, observationDimension: 4)
        one.set(0, Evaluation(objective: 1, descriptor: [0, 0], observation: [1, 2]))
        #expect(one.failures[0] == .wrongObservationDimension(expected: 4, got: 2))
        #expect(one.failures[0]!.description == "observation has 2 components, the domain declares 4")
    }

    @Test func noveltySearchsOwnArchiveIsReencodedAfterEachTraining() async throws {
        let box = Box(dimension: 4, range: -1...1)
        let emitter = try PopulationEmitter(score: .novelty, mutation: GaussianMutation(sigma: 0.2, bounds: GenomeBounds(box)),
                                            initialPopulation: PopulationEmitter<GaussianMutation>.uniformPopulation(in: box, count: 30, seed: 2),
                                            populationSize: 30, batchSize: 30,
                                            archive: try NoveltyArchive.Settings(rule: .threshold(AdaptiveThreshold.scaled(to: Box(dimension: 2, range: -1...1)))))
        let grid = try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: Box(dimension: 2, range: -1...1), genomeLayout: 4)
        var scheduler = try Scheduler(archive: grid, emitters: [emitter], seed: 8)
        try scheduler.learnDescriptors(try learning(.every(3)))
        await scheduler.run(domain: ObservingTestDomain(), totalEvaluations: 30 * 8, evaluator: ParallelEvaluator.serial)
        let learning = try #require(scheduler.learning)
        let learner = learning.learner as! ScalingTestLearner
        #expect(learning.events.map(\.iteration) == [1, 4, 7])
        let novelty = scheduler.emitters[0] as! PopulationEmitter<GaussianMutation>
        let archive = try #require(novelty.noveltyArchive)
        #expect(archive.count > 0 && archive.members.allSatisfy { $0 >= 0 })
        // Every behaviour and member descriptor is its observation's code under the last fit
        // (the genome's first two genes, scaled), and every one of those observations is kept.
        let kept = Set(learning.observations.evaluations)
        #expect(Set(archive.members).isSubset(of: kept) && Set(novelty.memberEvaluations).isSubset(of: kept))
        let codes = try #require(learning.codes(of: archive.members))
        #expect(codes == archive.behaviours)
        #expect(try #require(learning.codes(of: novelty.memberEvaluations)) == novelty.descriptors)
        #expect(learner.fits == 3)
    }

    @Test func aDomainWithoutObservationsFailsItsRowsInsteadOfCrashing() async throws {
        var scheduler = try gridScheduler()
        await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 60, evaluator: ParallelEvaluator.serial)
        #expect(scheduler.archive.isEmpty)
        #expect(scheduler.failures.count == 60)
        #expect(scheduler.failures.byKind == ["wrong observation dimension": 60])
        #expect(scheduler.failures.examples.first?.message == "observation has 0 components, the domain declares 4")
    }

    @Test func theObservationStoreKeepsWhatItIsToldAndChecksWhatItRestores() throws {
        var store = ObservationStore(dimension: 2)
        store.append(3, [1, 2])
        store.append(7, [3, 4])
        store.append(9, [5, 6])
        store.retain([9, 3])
        #expect(store.evaluations == [3, 9] && store.rows == [1, 2, 5, 6])
        #expect(store.gather([9, 3]) == [5, 6, 1, 2])
        #expect(store.gather([7]) == nil)
        // Dropped rows are compacted away once they outnumber the kept ones (and 256).
        var large = ObservationStore(dimension: 2)
        for e in 0..<600 { large.append(e, [Float(e), -Float(e)]) }
        let before = large.memoryBytes
        large.retain(stride(from: 0, to: 600, by: 2))
        #expect(large.count == 300 && large.memoryBytes == before, "300 dropped of 600: marked, not yet compacted")
        #expect(large.gather([598, 2]) == [598, -598, 2, -2] && large.gather([1]) == nil)
        large.retain(stride(from: 0, to: 100, by: 2))
        #expect(large.count == 50 && large.memoryBytes < before / 4, "550 dropped: compacted")
        #expect(large.evaluations == Array(stride(from: 0, to: 100, by: 2)) && large.gather([98]) == [98, -98])
        var copy = try ObservationStore(dimension: 2, evaluations: large.evaluations, rows: large.rows)
        #expect(copy == large)
        copy.append(700, [7, 7])
        #expect(copy != large)
        #expect(throws: RestoreError.self) { try ObservationStore(dimension: 2, evaluations: [3, 1], rows: [1, 2, 3, 4]) }
        #expect(throws: RestoreError.self) { try ObservationStore(dimension: 2, evaluations: [1], rows: [1, 2, 3]) }
        #expect(throws: RestoreError.self) { try ObservationStore(dimension: 2, evaluations: [1], rows: [1, .infinity]) }
    }

    @Test func coverageGridsCountCellsAndKeepTheBestObjective() throws {
        var grid = try CoverageGrid(shape: [4, 4], descriptorSpace: Box(dimension: 2, range: 0...1))
        grid.record(objective: 1, descriptor: [0.1, 0.1])
        grid.record(objective: 3, descriptor: [0.12, 0.1])
        grid.record(objective: 2, descriptor: [0.9, 0.9])
        grid.record(objective: 5, descriptor: [7, -3])  // clamped into the corner cell (3, 0)
        #expect(grid.filled == 3 && grid.coverage == 3.0 / 16)
        #expect(grid.best[0] == 3 && grid.best[15] == 2 && grid.best[12] == 5)
        var copy = try CoverageGrid(shape: [4, 4], descriptorSpace: Box(dimension: 2, range: 0...1))
        try copy.restoreState(from: try grid.saveState())
        #expect(copy == grid)
        #expect(throws: ParameterError.self) { try CoverageGrid(shape: [4], descriptorSpace: Box(dimension: 2, range: 0...1)) }
        #expect(throws: ParameterError.self) { try CoverageGrid(shape: [1 << 13, 1 << 13], descriptorSpace: Box(dimension: 2, range: 0...1)) }
    }
}

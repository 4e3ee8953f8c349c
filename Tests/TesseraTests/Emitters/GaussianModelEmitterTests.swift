import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

/// The EMNA-style emitter: it learns where children enter, keeps its model valid, and
/// saves only its model.
@Suite struct GaussianModelEmitterTests {
    func makeScheduler(seed: UInt64 = 5) throws -> Scheduler<GridArchive<[Double]>> {
        let archive = try GridArchive<[Double]>(shape: [16, 16], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4,
                                               qdScoreOffset: -150)
        let emitter = try GaussianModelEmitter(initialMean: [0, 0, 0, 0], sigma: 0.3, batchSize: 24, covarianceLearningRate: 0.3,
                                               bounds: GenomeBounds(Box(dimension: 4, range: -6...6)))
        return try Scheduler(archive: archive, emitters: [emitter], seed: seed)
    }

    func model(_ scheduler: Scheduler<GridArchive<[Double]>>) throws -> GaussianModelEmitter {
        try #require(scheduler.emitters[0] as? GaussianModelEmitter)
    }

    @Test func itLearnsAndFillsTheArchive() async throws {
        for seed in TestSeeds.few {
            var scheduler = try makeScheduler(seed: seed)
            await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 240, evaluator: .serial)
            let early = scheduler.archive.stats
            await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 4_800, evaluator: .serial)
            let late = scheduler.archive.stats
            let emitter = try model(scheduler)
            #expect(late.numElites > 2 * early.numElites, "seed \(seed): \(early.numElites) → \(late.numElites) elites")
            #expect(late.qdScore > early.qdScore, "seed \(seed)")
            #expect(emitter.updates > 0 && emitter.covariance != Matrix.identity(4).storage, "seed \(seed): the model moved")
            let l = Matrix(rows: 4, columns: 4, storage: emitter.cholesky)
            let product = (0..<16).map { index in (0..<4).reduce(0.0) { $0 + l[index / 4, $1] * l[index % 4, $1] } }
            for (a, b) in zip(product, emitter.covariance) { #expect(abs(a - b) <= 1e-9 * max(1, abs(b)), "seed \(seed): C = L Lᵀ") }
        }
    }

    @Test func itSavesOnlyItsModelAndRestoresItChecked() async throws {
        var scheduler = try makeScheduler()
        await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 480, evaluator: .serial)
        let emitter = try model(scheduler)
        let state = try emitter.saveState()
        #expect(state.identifier == "tessera.gaussian-model-emitter")
        #expect(state.parts.keys.sorted() == ["cholesky", "counters", "covariance", "mean"])
        #expect(state.parts["covariance"] == .doubles(emitter.covariance))
        var fresh = try #require(try makeScheduler().emitters[0] as? GaussianModelEmitter)
        try fresh.restoreState(from: state)
        #expect(try fresh.saveState() == state)
        #expect(try JSONDecoder().decode(GaussianModelEmitter.self, from: JSONEncoder().encode(emitter)).saveState() == state)

        var asymmetric = state
        var covariance = emitter.covariance
        covariance[1] += 1
        asymmetric.set("covariance", .doubles(covariance))
        #expect(throws: RestoreError.self) { try fresh.restoreState(from: asymmetric) }
        var short = state
        short.set("mean", .doubles([0, 0]))
        #expect(throws: RestoreError(message: "the saved part 'mean' of tessera.gaussian-model-emitter holds 2 numbers, expected 4")) {
            try fresh.restoreState(from: short)
        }
        var notFinite = state
        notFinite.set("mean", .doubles([0, .nan, 0, 0]))
        #expect(throws: RestoreError(message: "GaussianModelEmitter: the saved model holds NaN or an infinity")) {
            try fresh.restoreState(from: notFinite)
        }
    }

    @Test func badParametersAreRefused() {
        #expect(throws: ParameterError.self) { try GaussianModelEmitter(initialMean: [], sigma: 1, batchSize: 1) }
        #expect(throws: ParameterError.self) { try GaussianModelEmitter(initialMean: [0], sigma: 0, batchSize: 1) }
        #expect(throws: ParameterError.self) { try GaussianModelEmitter(initialMean: [0], sigma: .nan, batchSize: 1) }
        #expect(throws: ParameterError.self) { try GaussianModelEmitter(initialMean: [0], sigma: 1, batchSize: 0) }
        #expect(throws: ParameterError.self) { try GaussianModelEmitter(initialMean: [0], sigma: 1, batchSize: 1, meanLearningRate: 0) }
        #expect(throws: ParameterError.self) { try GaussianModelEmitter(initialMean: [0], sigma: 1, batchSize: 1, covarianceLearningRate: 1.5) }
        #expect(throws: ParameterError.self) {
            try GaussianModelEmitter(initialMean: [0], sigma: 1, batchSize: 1, bounds: GenomeBounds(Box(dimension: 2, range: 0...1)))
        }
    }

    @Test func aCovarianceThatLosesDefinitenessIsRepaired() throws {
        var emitter = try GaussianModelEmitter(initialMean: [0, 0], sigma: 1, batchSize: 1)
        emitter.covariance = [1, 1, 1, 1]   // singular
        emitter.refactor()
        #expect(emitter.repairs == 1 && emitter.cholesky[0] > 0 && emitter.cholesky[3] > 0)
        emitter.covariance = [.nan, 0, 0, 1]
        emitter.refactor()
        #expect(emitter.covariance == [1, 0, 0, 1], "nothing helps: back to the identity")
    }
}

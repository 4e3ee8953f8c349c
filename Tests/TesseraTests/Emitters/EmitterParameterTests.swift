import Testing
import TesseraTestSupport
@testable import Tessera

@Suite struct EmitterParameterTests {
    let gaussian: MutationVariation<GaussianMutation>

    init() throws { gaussian = MutationVariation(try GaussianMutation(sigma: 0.1)) }

    struct Identity: Mutation {
        func mutate(_ genome: [Double], using rng: inout Xoshiro256) -> [Double] { genome }
    }

    @Test func vectorEmittersRefuseBadParameters() {
        #expect(throws: ParameterError(type: "VectorEmitter", parameter: "batchSize", problem: "must be at least 1 (got 0)")) {
            try VectorEmitter(selection: UniformSelection(), variation: gaussian, initialGenome: [0, 0], batchSize: 0)
        }
        #expect(throws: ParameterError.self, "negative batch") {
            try VectorEmitter(selection: UniformSelection(), variation: gaussian, initialGenome: [0, 0], batchSize: -3)
        }
        #expect(throws: ParameterError.self, "empty genome") {
            try VectorEmitter(selection: UniformSelection(), variation: gaussian, initialGenome: [], batchSize: 4)
        }
        #expect(throws: ParameterError.self, "NaN gene") {
            try VectorEmitter(selection: UniformSelection(), variation: gaussian, initialGenome: [0, .nan], batchSize: 4)
        }
        #expect(throws: ParameterError.self, "3-D bounds for a 2-D genome") {
            try VectorEmitter(selection: UniformSelection(), variation: gaussian, initialGenome: [0, 0], batchSize: 4,
                              bounds: GenomeBounds(Box(dimension: 3, range: -1...1)))
        }
        #expect(throws: Never.self) {
            let emitter = try VectorEmitter(selection: UniformSelection(), variation: gaussian, initialGenome: [0, 0], batchSize: 1,
                                            bounds: GenomeBounds(Box(dimension: 2, range: -1...1)))
            #expect(emitter.genomeLayout == 2)
        }
    }

    @Test func uniformEmittersRefuseAnEmptyBatch() throws {
        #expect(throws: ParameterError.self) { try UniformEmitter(box: Box(dimension: 3, range: 0...1), batchSize: 0) }
        #expect(try UniformEmitter(box: Box(dimension: 3, range: 0...1), batchSize: 1).genomeLayout == 3)
    }

    @Test func mutationEmittersRefuseBadParameters() throws {
        #expect(throws: ParameterError.self, "batch 0") {
            try MutationEmitter(selection: UniformSelection(), mutation: Identity(), initialGenomes: [[0.0]], batchSize: 0)
        }
        #expect(throws: ParameterError.self, "no initial genome") {
            try MutationEmitter(selection: UniformSelection(), mutation: Identity(), initialGenomes: [], batchSize: 4)
        }
        #expect(throws: ParameterError.self, "vectors of different lengths") {
            try MutationEmitter(selection: UniformSelection(), mutation: Identity(), initialGenomes: [[0.0], [0.0, 1.0]], batchSize: 4)
        }
        #expect(throws: ParameterError.self, "an empty vector") {
            try MutationEmitter(selection: UniformSelection(), mutation: Identity(), initialGenomes: [[]], batchSize: 4)
        }
        #expect(try MutationEmitter(selection: UniformSelection(), mutation: Identity(), initialGenomes: [[0.0, 1.0], [2.0, 3.0]],
                                    batchSize: 4).genomeLayout == 2)
    }
}

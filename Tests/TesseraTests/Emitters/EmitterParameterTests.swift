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

    @Test func vectorEmittersRefuseOperatorBoxesOfAnotherDimension() throws {
        let box3 = Box(dimension: 3, range: -1...1), box2 = Box(dimension: 2, range: -1...1)
        #expect(throws: ParameterError(type: "VectorEmitter", parameter: "variation",
                                       problem: "has dimension 3 (its operators' box), the initial genome 2")) {
            try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(GaussianMutation(sigma: 0.1, bounds: GenomeBounds(box3))),
                              initialGenome: [0, 0], batchSize: 4)
        }
        #expect(throws: ParameterError.self, "polynomial mutation over 3-D") {
            try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(PolynomialMutation(box: box3)),
                              initialGenome: [0, 0], batchSize: 4)
        }
        #expect(throws: ParameterError.self, "SBX over 3-D") {
            try VectorEmitter(selection: UniformSelection(),
                              variation: CrossoverVariation(SimulatedBinaryCrossover(box: box3), then: GaussianMutation(sigma: 0.1)),
                              initialGenome: [0, 0], batchSize: 4)
        }
        #expect(throws: Never.self) {
            _ = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(PolynomialMutation(box: box2)),
                                  initialGenome: [0, 0], batchSize: 4)
            _ = try VectorEmitter(selection: UniformSelection(),
                                  variation: CrossoverVariation(SimulatedBinaryCrossover(box: box2), then: PolynomialMutation(box: box2)),
                                  initialGenome: [0, 0], batchSize: 4)
            _ = try VectorEmitter(selection: UniformSelection(), variation: try IsoLineVariation(isoSigma: 0.1, lineSigma: 0.2),
                                  initialGenome: [0, 0, 0, 0, 0], batchSize: 4)
        }
    }

    @Test func mutationEmittersRefuseAVectorMutationBoxOfAnotherDimension() throws {
        let bounded = try GaussianMutation(sigma: 0.1, bounds: GenomeBounds(Box(dimension: 3, range: -1...1)))
        #expect(throws: ParameterError(type: "MutationEmitter", parameter: "mutation",
                                       problem: "has dimension 3 (its box), the initial genomes 2")) {
            try MutationEmitter(selection: UniformSelection(), mutation: bounded, initialGenomes: [[0.0, 0.0]], batchSize: 4)
        }
        #expect(try MutationEmitter(selection: UniformSelection(), mutation: bounded, initialGenomes: [[0.0, 0.0, 0.0]],
                                    batchSize: 4).genomeLayout == 3)
    }

    @Test func decodingChecksLikeTheInitialisers() throws {
        let vector = try VectorEmitter(selection: CuriositySelection(size: 3), variation: MutationVariation(GaussianMutation(sigma: 0.2)),
                                       initialGenome: [0, 0.5], batchSize: 8, bounds: GenomeBounds(Box(dimension: 2, range: -1...1)))
        let decoded = try DecodingChecks.expectRoundTrip(vector)
        #expect(decoded.batchSize == 8 && decoded.initialGenome == [0, 0.5] && decoded.selection == vector.selection)
        let uniform = try UniformEmitter(box: Box(dimension: 3, range: 0...1), batchSize: 5)
        #expect(try DecodingChecks.expectRoundTrip(uniform) == uniform)
        let mutation = try MutationEmitter(selection: TournamentSelection(size: 2), mutation: Identity(),
                                           initialGenomes: [[1.0, 2.0], [3.0, 4.0]], batchSize: 6)
        #expect(try DecodingChecks.expectRoundTrip(mutation).initialGenomes == [[1.0, 2.0], [3.0, 4.0]])

        typealias Gaussian = VectorEmitter<UniformSelection, MutationVariation<GaussianMutation>>
        func gaussian(batch: String = "4", genome: String = "[0,0]", sigma: String = "0.1", bounds: String = "") -> String {
            #"{"batchSize":\#(batch),\#(bounds)"initialGenome":\#(genome),"selection":{},"variation":{"mutation":{"sigma":\#(sigma)}}}"#
        }
        // A mutation saved before format 2 has no sampling: it reads as serial and is saved with it.
        #expect(try DecodingChecks.encode(try DecodingChecks.decode(Gaussian.self, from: gaussian()))
                == #"{"batchSize":4,"initialGenome":[0,0],"selection":{},"variation":{"mutation":{"sampling":"serial","sigma":0.1}}}"#,
                "the saved format")
        for batch in ["0", "-5"] {
            DecodingChecks.expectRefused(Gaussian.self, gaussian(batch: batch),
                                         mentioning: "VectorEmitter: batchSize must be at least 1 (got \(batch))")
            DecodingChecks.expectRefused(UniformEmitter.self, #"{"batchSize":\#(batch),"box":{"lower":[0],"upper":[1]}}"#,
                                         mentioning: "UniformEmitter: batchSize must be at least 1")
            DecodingChecks.expectRefused(MutationEmitter<UniformSelection, Identity>.self,
                                         #"{"batchSize":\#(batch),"initialGenomes":[[0]],"mutation":{},"selection":{}}"#,
                                         mentioning: "MutationEmitter: batchSize must be at least 1")
        }
        DecodingChecks.expectRefused(Gaussian.self, gaussian(genome: "[]"), mentioning: "VectorEmitter: initialGenome must not be empty")
        DecodingChecks.expectRefused(Gaussian.self, gaussian(genome: #"[0,"nan"]"#), mentioning: "VectorEmitter: initialGenome must be finite")
        DecodingChecks.expectRefused(Gaussian.self, gaussian(sigma: #""nan""#), mentioning: "GaussianMutation: sigma must be")
        DecodingChecks.expectRefused(Gaussian.self, gaussian(sigma: "-1"), mentioning: "GaussianMutation: sigma must be")
        DecodingChecks.expectRefused(Gaussian.self, gaussian(bounds: #""bounds":{"box":{"lower":[0,0,0],"upper":[1,1,1]},"handling":"clip"},"#),
                                     mentioning: "VectorEmitter: bounds have dimension 3, the initial genome 2")
        DecodingChecks.expectRefused(VectorEmitter<UniformSelection, MutationVariation<PolynomialMutation>>.self,
                                     #"{"batchSize":4,"initialGenome":[0,0],"selection":{},"variation":{"mutation":{"box":{"lower":[0],"upper":[1]},"eta":20}}}"#,
                                     mentioning: "VectorEmitter: variation has dimension 1 (its operators' box), the initial genome 2")
        DecodingChecks.expectRefused(VectorEmitter<TournamentSelection, MutationVariation<GaussianMutation>>.self,
                                     #"{"batchSize":4,"initialGenome":[0,0],"selection":{"size":0},"variation":{"mutation":{"sigma":0.1}}}"#,
                                     mentioning: "TournamentSelection: size must be at least 1")
        DecodingChecks.expectRefused(UniformEmitter.self, #"{"batchSize":3,"box":{"lower":[1],"upper":[0]}}"#, mentioning: "Box: lower[0]")
        DecodingChecks.expectRefused(MutationEmitter<UniformSelection, Identity>.self,
                                     #"{"batchSize":4,"initialGenomes":[],"mutation":{},"selection":{}}"#,
                                     mentioning: "MutationEmitter: initialGenomes must hold at least one genome")
        DecodingChecks.expectRefused(MutationEmitter<UniformSelection, Identity>.self,
                                     #"{"batchSize":4,"initialGenomes":[[0],[0,1]],"mutation":{},"selection":{}}"#,
                                     mentioning: "MutationEmitter: initialGenomes must all have the same, non-zero length")
    }
}

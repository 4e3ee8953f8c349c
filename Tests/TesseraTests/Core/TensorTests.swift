import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

/// Float32 tensor genomes: their checks, their flat column, their mutation, and a run of
/// the scheduler over them.
@Suite struct TensorTests {
    @Test func tensorsCheckTheirShape() throws {
        #expect(try FloatTensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6]).count == 6)
        #expect(throws: ParameterError.self) { try FloatTensor(shape: [2, 3], values: [1, 2]) }
        #expect(throws: ParameterError.self) { try FloatTensor(shape: [], values: []) }
        #expect(throws: ParameterError.self) { try FloatTensor(repeating: 0, shape: [4, 0]) }
        #expect(throws: ParameterError.self) { try FloatTensor(repeating: 0, shape: [Int.max, 3]) }
        let tensor = try FloatTensor(shape: [2, 2], values: [1, -2, 3.5, 0])
        try DecodingChecks.expectRoundTrip(tensor)
        #expect(throws: DecodingError.self) { try DecodingChecks.decode(FloatTensor.self, from: #"{"shape":[2,2],"values":[1]}"#) }
    }

    @Test func theColumnIsFlatRowMajor() throws {
        var column = TensorColumn(layout: [2, 3], count: 3)
        #expect(column.size == 6 && column.count == 3 && column.storage.count == 18)
        column[1] = try FloatTensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        #expect(Array(column.storage[6..<12]) == [1, 2, 3, 4, 5, 6])
        #expect(column[1].values == [1, 2, 3, 4, 5, 6] && column[0].values == [Float](repeating: 0, count: 6))
        column.copyRow(2, from: column, row: 1)
        #expect(column[2] == column[1])
        let joined = TensorColumn.joined([column.rows(0..<1), column.rows(1..<3)], layout: [2, 3])
        #expect(joined == column)
        try DecodingChecks.expectRoundTrip(column)
        #expect(throws: DecodingError.self) {
            try DecodingChecks.decode(TensorColumn.self, from: #"{"shape":[2,3],"storage":[1,2,3,4,5,6,7]}"#)
        }
        #expect(TensorColumn.layoutProblem([3, 0]) != nil && TensorColumn.layoutProblem([]) != nil && TensorColumn.layoutProblem([128, 128]) == nil)
    }

    @Test func theMutationAddsScaledNoise() throws {
        let parent = try FloatTensor(repeating: 1, shape: [64, 64])
        var rng = Xoshiro256(seed: 3)
        let child = try TensorGaussianMutation(sigma: 0.5).mutate(parent, using: &rng)
        #expect(child.shape == parent.shape)
        let steps = zip(child.values, parent.values).map { Double($0 - $1) }
        let mean = steps.reduce(0, +) / Double(steps.count)
        let variance = steps.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(steps.count)
        #expect(abs(mean) < 0.03 && abs(variance.squareRoot() - 0.5) < 0.03, "mean \(mean), sd \(variance.squareRoot())")
        #expect(throws: ParameterError.self) { try TensorGaussianMutation(sigma: .nan) }
        #expect(try TensorGaussianMutation(sigma: 0).mutate(parent, using: &rng) == parent)
    }

    struct Quadratic: PerGenomeDomain {
        typealias Genome = FloatTensor
        let descriptorSpace = Box(dimension: 2, range: 0...1)
        let genomeLayout = [4, 4]
        func evaluate(_ genome: FloatTensor) throws -> Evaluation {
            let x = genome.values.map(Double.init)
            return Evaluation(objective: -x.reduce(0) { $0 + $1 * $1 },
                              descriptor: [1 / (1 + Foundation.exp(-x[0])), 1 / (1 + Foundation.exp(-x[15]))])
        }
    }

    func scheduler(seed: UInt64) throws -> Scheduler<GridArchive<FloatTensor>> {
        let archive = try GridArchive<FloatTensor>(shape: [8, 8], descriptorSpace: Quadratic().descriptorSpace, genomeLayout: [4, 4])
        let emitter = try MutationEmitter(selection: CuriositySelection(), mutation: TensorGaussianMutation(sigma: 0.4),
                                          initialGenomes: [FloatTensor(repeating: 0, shape: [4, 4])], batchSize: 20)
        return try Scheduler(archive: archive, emitters: [emitter], seed: seed)
    }

    @Test(arguments: [UInt64(0), 9])
    func theSchedulerRunsTensorsWhateverTheWorkers(seed: UInt64) async throws {
        var archives: [[Elite<FloatTensor>]] = []
        for workers in [1, 2] {
            var run = try scheduler(seed: seed)
            try await run.run(domain: Quadratic(), totalEvaluations: 1_000, evaluator: ParallelEvaluator(workers: workers))
            archives.append(run.archive.elites)
        }
        #expect(archives[0].count > 8, "seed \(seed)")
        #expect(archives[0].map(\.genome) == archives[1].map(\.genome), "seed \(seed)")
    }

    @Test func emittersAndArchivesMustAgreeOnTheShape() throws {
        #expect(throws: ParameterError.self) {
            try MutationEmitter(selection: UniformSelection(), mutation: TensorGaussianMutation(sigma: 0.1),
                                initialGenomes: [FloatTensor(repeating: 0, shape: [4, 4]), FloatTensor(repeating: 0, shape: [2, 8])],
                                batchSize: 4)
        }
        let archive = try GridArchive<FloatTensor>(shape: [8, 8], descriptorSpace: Quadratic().descriptorSpace, genomeLayout: [2, 8])
        let emitter = try MutationEmitter(selection: UniformSelection(), mutation: TensorGaussianMutation(sigma: 0.1),
                                          initialGenomes: [FloatTensor(repeating: 0, shape: [4, 4])], batchSize: 4)
        #expect(throws: ParameterError.self) { try Scheduler(archive: archive, emitters: [emitter], seed: 1) }
        #expect(throws: ArchiveError.self) {
            try GridArchive<FloatTensor>(shape: [8, 8], descriptorSpace: Quadratic().descriptorSpace, genomeLayout: [0])
        }
    }
}

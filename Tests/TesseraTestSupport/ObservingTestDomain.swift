import Tessera

/// A 4-gene domain in [−1, 1]⁴ that reports its genome as its observation: objective −|x|²,
/// true descriptor (x₀, x₁), observation (x₀, x₁, x₂, x₃) as Floats.
public struct ObservingTestDomain: Domain {
    public typealias Genome = [Double]
    public init() {}
    public var descriptorSpace: Box { Box(dimension: 2, range: -1...1) }
    public var genomeLayout: Int { 4 }
    public var observationDimension: Int { 4 }

    public func evaluate(_ genomes: VectorColumn, into results: inout EvaluationBatch) throws {
        for row in 0..<genomes.count {
            let x = genomes[row]
            results.objectives[row] = -x.reduce(0) { $0 + $1 * $1 }
            results.descriptors[2 * row] = x[0]
            results.descriptors[2 * row + 1] = x[1]
            for j in 0..<4 { results.observations[4 * row + j] = Float(x[j]) }
        }
    }
}

/// A learner for tests whose codes change with every fit: codes are the first
/// `codeDimension` components divided by the largest magnitude seen at the last fit; the
/// reconstruction error is the mean square of the remaining components (times that scale).
public struct ScalingTestLearner: DescriptorLearner {
    public let inputDimension: Int
    public let codeDimension: Int
    public private(set) var scale: Double = 1
    public private(set) var fits = 0
    public var isFitted: Bool { fits > 0 }

    public init(inputDimension: Int, codeDimension: Int) {
        self.inputDimension = inputDimension
        self.codeDimension = codeDimension
    }

    public mutating func fit(_ observations: [Float], count: Int, seed: UInt64) throws -> LearnerFit {
        let largest = observations.reduce(Float(0)) { max($0, abs($1)) }
        scale = largest > 0 ? 1 / Double(largest) : 1
        fits += 1
        return LearnerFit(rows: count, epochs: 1, trainingLoss: 0, heldOutLoss: nil, explainedVarianceRatio: nil,
                          stoppedEarly: false, seconds: 0)
    }

    public func encode(_ observations: [Float], count: Int) -> [Double] {
        encodeWithErrors(observations, count: count).codes
    }

    public func reconstructionErrors(_ observations: [Float], count: Int) -> [Double] {
        encodeWithErrors(observations, count: count).errors
    }

    public func encodeWithErrors(_ observations: [Float], count: Int) -> (codes: [Double], errors: [Double]) {
        var codes: [Double] = [], errors: [Double] = []
        for row in 0..<count {
            let x = observations[row * inputDimension ..< (row + 1) * inputDimension].map(Double.init)
            codes.append(contentsOf: x.prefix(codeDimension).map { $0 * scale })
            let rest = x.dropFirst(codeDimension)
            errors.append(rest.isEmpty ? 0 : rest.reduce(0) { $0 + $1 * $1 * scale } / Double(rest.count))
        }
        return (codes, errors)
    }
}

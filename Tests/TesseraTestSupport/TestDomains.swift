import Tessera

/// A cheap 2-D real domain for tests: objective `−Σ xᵢ²`, descriptors = the first two
/// genes squashed into [0, 1] by a logistic, so every genome lands in the box.
public struct QuadraticTestDomain: Domain {
    public typealias Genome = [Double]
    public let dimension: Int
    public let descriptorSpace = Box(dimension: 2, range: 0...1)

    public init(dimension: Int = 4) { self.dimension = dimension }

    public var genomeLayout: Int { dimension }

    public func evaluate(_ genomes: VectorColumn, into results: inout EvaluationBatch) throws {
        for row in 0..<genomes.count {
            let x = genomes[row]
            results.objectives[row] = -x.reduce(0) { $0 + $1 * $1 }
            results.descriptors[2 * row] = 1 / (1 + (-x[0]).exp)
            results.descriptors[2 * row + 1] = 1 / (1 + (-x[1]).exp)
        }
    }
}

/// Wraps a domain and breaks chosen rows: rows whose first gene falls in a band throw,
/// return NaN, or hang, depending on the mode.
public struct FaultyDomain: Domain {
    public typealias Genome = [Double]

    /// How a bad row misbehaves.
    public enum Fault: Sendable { case throwing, nan, infiniteDescriptor, wrongDimension, hang(seconds: Double) }

    public let base: QuadraticTestDomain
    public let fault: Fault
    /// Rows whose first gene is above this value misbehave.
    public let threshold: Double

    public init(base: QuadraticTestDomain = QuadraticTestDomain(), fault: Fault, threshold: Double = 0.5) {
        self.base = base
        self.fault = fault
        self.threshold = threshold
    }

    public var descriptorSpace: Box { base.descriptorSpace }
    public var genomeLayout: Int { base.dimension }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String { "deliberate failure" }
    }

    public func evaluate(_ genomes: VectorColumn, into results: inout EvaluationBatch) throws {
        try base.evaluate(genomes, into: &results)
        for row in 0..<genomes.count where genomes[row][0] > threshold {
            switch fault {
            case .throwing: throw Failure()
            case .nan: results.objectives[row] = .nan
            case .infiniteDescriptor: results.descriptors[2 * row + 1] = .infinity
            case .wrongDimension: results.descriptors.append(0.5)
            case .hang(let seconds): Thread.sleep(forTimeInterval: seconds)
            }
        }
    }
}

extension Double {
    fileprivate var exp: Double { Foundation.exp(self) }
}

import Foundation

import Foundation
@testable import Tessera

/// A strategy of the CMA family that can be told values (every one can).
protocol ValueToldStrategy: EvolutionStrategy {
    mutating func tell(_ candidates: [Double], values: [Double], normals: [Double]?)
    var evaluations: Int { get }
    var best: (candidate: [Double], value: Double)? { get }
}

extension CMAEvolutionStrategy: ValueToldStrategy {}
extension SeparableCMAEvolutionStrategy: ValueToldStrategy {}
extension LMMAEvolutionStrategy: ValueToldStrategy {}

/// Test functions and a driver shared by the CMA tests.
enum StrategyTestSupport {
    static func sphere(_ x: ArraySlice<Double>) -> Double { x.reduce(0) { $0 + $1 * $1 } }

    static func ellipsoid(_ x: ArraySlice<Double>) -> Double {
        let n = x.count
        return x.enumerated().reduce(0) { $0 + pow(1e6, n > 1 ? Double($1.offset) / Double(n - 1) : 0) * $1.element * $1.element }
    }

    /// The values of the rows of `x`.
    static func values(_ x: [Double], _ n: Int, _ f: (ArraySlice<Double>) -> Double) -> [Double] {
        (0..<(x.count / n)).map { f(x[$0 * n ..< ($0 + 1) * n]) }
    }

    /// One generation from seeded streams: sample, evaluate, tell with the sampled normals.
    static func step<S: ValueToldStrategy>(_ es: inout S, seed: UInt64, _ f: (ArraySlice<Double>) -> Double) {
        let streams = RandomStreams(seed: seed)
        let g = es.generation
        let (x, z, _) = es.sample(rows: es.populationSize, stream: { streams.stream(iteration: g, emitter: 0, row: $0) })
        es.tell(x, values: values(x, es.dimension, f), normals: z)
    }

    /// Runs to f < 1e-8 or `limit` evaluations; returns the evaluations used and the best value.
    static func minimise<S: ValueToldStrategy>(_ es: inout S, _ f: (ArraySlice<Double>) -> Double, seed: UInt64,
                                               limit: Int) -> (Int, Double) {
        while es.evaluations < limit {
            step(&es, seed: seed, f)
            if let best = es.best, best.value < 1e-8 { return (es.evaluations, best.value) }
        }
        return (es.evaluations, es.best?.value ?? .infinity)
    }
}

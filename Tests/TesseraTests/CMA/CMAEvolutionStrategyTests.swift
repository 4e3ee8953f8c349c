import Foundation
import Testing
@testable import Tessera

/// Full-covariance CMA-ES: the tutorial's default parameters, the first update by hand,
/// convergence on the sphere and a badly scaled ellipsoid, determinism, and stopping.
@Suite struct CMAEvolutionStrategyTests {
    static func sphere(_ x: ArraySlice<Double>) -> Double { x.reduce(0) { $0 + $1 * $1 } }
    static func ellipsoid(_ x: ArraySlice<Double>) -> Double {
        let n = x.count
        return x.enumerated().reduce(0) { $0 + pow(1e6, n > 1 ? Double($1.offset) / Double(n - 1) : 0) * $1.element * $1.element }
    }

    /// Runs to f < 1e-8 or `limit` evaluations; returns the evaluations used and the best value.
    func minimise(_ f: (ArraySlice<Double>) -> Double, dimension: Int, seed: UInt64, limit: Int) throws -> (Int, Double) {
        var es = try CMAEvolutionStrategy(mean: [Double](repeating: 0.1, count: dimension), sigma: 0.5)
        var rng = Xoshiro256(seed: seed)
        while es.evaluations < limit {
            let x = es.ask(using: &rng)
            let values = (0..<es.parameters.populationSize).map { f(x[$0 * dimension ..< ($0 + 1) * dimension]) }
            es.tell(x, values: values)
            if let best = es.best, best.value < 1e-8 { return (es.evaluations, best.value) }
        }
        return (es.evaluations, es.best?.value ?? .infinity)
    }

    @Test func defaultParametersAreTheTutorials() throws {
        let p = try CMAParameters(dimension: 10)
        #expect(p.populationSize == 10 && p.parents == 5)
        #expect(abs(p.weights.reduce(0, +) - 1) < 1e-15 && zip(p.weights, p.weights.dropFirst()).allSatisfy { $0 > $1 })
        // Hand-computed for n = 10, λ = 10: μ_eff ≈ 3.1672, c_σ ≈ 0.2830, c_c ≈ 0.3199,
        // c₁ ≈ 0.01543, c_μ ≈ 0.02087, d_σ ≈ 1.2830.
        #expect(abs(p.effectiveParents - 3.1672) < 1e-4)
        #expect(abs(p.cs - (p.effectiveParents + 2) / (10 + p.effectiveParents + 5)) < 1e-15)
        #expect(abs(p.c1 - 2 / (11.3 * 11.3 + p.effectiveParents)) < 1e-15)
        #expect(abs(p.expectedNorm - 10.0.squareRoot() * (1 - 1.0 / 40 + 1.0 / 2100)) < 1e-15)
        #expect(throws: ParameterError.self) { try CMAParameters(dimension: 0) }
        #expect(throws: ParameterError.self) { try CMAParameters(dimension: 3, populationSize: 1) }
        #expect(throws: ParameterError.self) { try CMAEvolutionStrategy(mean: [0, .nan], sigma: 1) }
        #expect(throws: ParameterError.self) { try CMAEvolutionStrategy(mean: [0, 0], sigma: 0) }
    }

    @Test func theFirstUpdateMovesTheMeanToTheWeightedParents() throws {
        var es = try CMAEvolutionStrategy(mean: [0, 0], sigma: 1, populationSize: 4)
        let x: [Double] = [1, 0, 0, 2, -1, 0, 3, 3]
        es.tell(x, values: [1, 4, 1, 18])
        // Parents: rows 0 and 2 (tied, earlier first), weights ln(2.5) − ln 1 and ln(2.5) − ln 2.
        let w0 = log(2.5), w1 = log(2.5) - log(2.0)
        let expected = [(w0 * 1 + w1 * -1) / (w0 + w1), 0]
        #expect(zip(es.mean, expected).allSatisfy { abs($0 - $1) < 1e-15 })
        #expect(es.covariance[1] == es.covariance[2], "symmetric")
        #expect(es.generation == 1 && es.evaluations == 4)
    }

    @Test func itSolvesTheSphereAndTheEllipsoid() throws {
        for (name, f, limit) in [("sphere", Self.sphere, 3_000), ("ellipsoid", Self.ellipsoid, 12_000)] as [(String, (ArraySlice<Double>) -> Double, Int)] {
            var used: [Int] = []
            for seed in 1...3 {
                let (evaluations, value) = try minimise(f, dimension: 10, seed: UInt64(seed), limit: limit)
                #expect(value < 1e-8, "\(name), seed \(seed): \(value) after \(evaluations)")
                used.append(evaluations)
            }
            print("CMA-ES 10-D \(name): evaluations to 1e-8 \(used)")
        }
    }

    @Test func theSameSeedGivesTheSameRunAndItSurvivesCoding() throws {
        var a = try CMAEvolutionStrategy(mean: [0.1, 0.1, 0.1], sigma: 0.5)
        var rngA = Xoshiro256(seed: 4)
        for _ in 0..<20 {
            let x = a.ask(using: &rngA)
            a.tell(x, values: (0..<a.parameters.populationSize).map { Self.ellipsoid(x[$0 * 3 ..< $0 * 3 + 3]) })
        }
        var b = try JSONDecoder().decode(CMAEvolutionStrategy.self, from: try JSONEncoder().encode(a))
        #expect(a == b)
        var rngB = rngA
        for _ in 0..<10 {
            let xa = a.ask(using: &rngA), xb = b.ask(using: &rngB)
            #expect(xa == xb)
            a.tell(xa, values: (0..<a.parameters.populationSize).map { Self.ellipsoid(xa[$0 * 3 ..< $0 * 3 + 3]) })
            b.tell(xb, values: (0..<b.parameters.populationSize).map { Self.ellipsoid(xb[$0 * 3 ..< $0 * 3 + 3]) })
        }
        #expect(a == b)
    }

    @Test func aConvergedRunStops() throws {
        var es = try CMAEvolutionStrategy(mean: [1, -1, 0.5, 2], sigma: 0.3)
        var rng = Xoshiro256(seed: 9)
        var generations = 0
        while es.stop == nil && generations < 5_000 {
            let x = es.ask(using: &rng)
            es.tell(x, values: (0..<es.parameters.populationSize).map { Self.sphere(x[$0 * 4 ..< $0 * 4 + 4]) })
            generations += 1
        }
        #expect(es.stop != nil, "no stopping test fired in \(generations) generations")
        #expect((es.best?.value ?? 1) < 1e-10)
    }
}

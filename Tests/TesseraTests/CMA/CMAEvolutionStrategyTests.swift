import Foundation
import Testing
@testable import Tessera

/// Full-covariance CMA-ES: the tutorial's default and active parameters, the first update
/// by hand, other parent counts, convergence on the sphere and a badly scaled ellipsoid,
/// determinism, and each stopping test.
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

    @Test func activeWeightsAreTheTutorials() throws {
        let p = try CMAParameters(dimension: 2, populationSize: 4, active: true)
        let raw = (1...4).map { log(2.5) - log(Double($0)) }
        #expect(p.negativeWeights.count == 2 && p.negativeWeights.allSatisfy { $0 < 0 })
        // Σ w⁻ = −min(α_μ⁻, α_μeff⁻, α_posdef⁻), in the ratio of the raw weights.
        let negative = Array(raw[2...])
        let muEffMinus = pow(negative.reduce(0, +), 2) / negative.reduce(0) { $0 + $1 * $1 }
        let alpha = min(1 + p.c1 / p.cmu, 1 + 2 * muEffMinus / (p.effectiveParents + 2), (1 - p.c1 - p.cmu) / (2 * p.cmu))
        #expect(abs(p.negativeWeights.reduce(0, +) + alpha) < 1e-15)
        #expect(abs(p.negativeWeights[0] / p.negativeWeights[1] - raw[2] / raw[3]) < 1e-14)
        #expect(try CMAParameters(dimension: 2, populationSize: 4).negativeWeights.isEmpty)
        #expect(throws: ParameterError.self) { try CMAParameters(dimension: 2, populationSize: 10, parents: 3, active: true) }
        // Another count of parents: ln(μ + 1/2) − ln i.
        let three = try CMAParameters(dimension: 5, populationSize: 10, parents: 3)
        let w = (1...3).map { log(3.5) - log(Double($0)) }
        #expect(zip(three.weights, w.map { $0 / w.reduce(0, +) }).allSatisfy { abs($0 - $1) < 1e-15 })
    }

    @Test func theFirstActiveUpdateIsTheHandComputation() throws {
        // n = 2, λ = 4, m = 0, σ = 1, C = I: the candidates are the normals.
        var es = try CMAEvolutionStrategy(mean: [0, 0], sigma: 1, populationSize: 4)
        let p = es.parameters
        let z: [Double] = [1, 0, 0, 2, -1, 0, 3, 3]
        let (x, _, _) = (es.transform(z, rows: 4), 0, 0)
        #expect(x == z)
        es.tell(x, values: [1, 4, 1, 18])
        // Ranks: rows 0, 2 (parents), then 1, 3 (negative weights).
        let (w0, w1) = (p.weights[0], p.weights[1])
        let yw = [w0 - w1, 0.0]
        let ps = yw.map { (p.cs * (2 - p.cs) * p.effectiveParents).squareRoot() * $0 }
        let psNorm = abs(ps[0])
        let hsig = psNorm / (1 - pow(1 - p.cs, 2)).squareRoot() < (1.4 + 2.0 / 3) * p.expectedNorm
        #expect(hsig)
        let pc = yw.map { (p.cc * (2 - p.cc) * p.effectiveParents).squareRoot() * $0 }
        // Negative weights scaled by n / ‖y‖²: 2/4 for (0, 2), 2/18 for (3, 3).
        let (v0, v1) = (p.negativeWeights[0] * 2 / 4, p.negativeWeights[1] * 2 / 18)
        let keep = 1 - p.c1 - p.cmu * (1 + p.negativeWeights[0] + p.negativeWeights[1])
        let c00 = keep + p.c1 * pc[0] * pc[0] + p.cmu * (w0 * 1 + w1 * 1 + v0 * 0 + v1 * 9)
        let c01 = p.c1 * pc[0] * pc[1] + p.cmu * (v1 * 9)
        let c11 = keep + p.c1 * pc[1] * pc[1] + p.cmu * (v0 * 4 + v1 * 9)
        let expected = [c00, c01, c01, c11]
        #expect(zip(es.covariance, expected).allSatisfy { abs($0 - $1) < 1e-15 }, "\(es.covariance) against \(expected)")
        #expect(zip(es.stepPath, ps).allSatisfy { abs($0 - $1) < 1e-15 } && zip(es.covariancePath, pc).allSatisfy { abs($0 - $1) < 1e-15 })
        let sigma = exp(p.cs / p.damping * (psNorm / p.expectedNorm - 1))
        #expect(abs(es.sigma - sigma) < 1e-15)
        #expect(es.mean == [yw[0], 0])
    }

    @Test func tellWithOtherParentsUsesTheirWeightsAndNoNegativeWeights() throws {
        let start = try CMAEvolutionStrategy(mean: [0.1, 0.2, 0.3, 0.4, 0.5], sigma: 0.5)
        var active = start
        var positive = try CMAEvolutionStrategy(mean: [0.1, 0.2, 0.3, 0.4, 0.5], sigma: 0.5, active: false)
        let (x, z, _) = start.sample(rows: start.populationSize, stream: { Xoshiro256(seed: UInt64($0) + 11) })
        let ranking = Array((0..<start.populationSize).reversed())
        active.tell(x, normals: z, ranking: ranking, parents: 3)
        positive.tell(x, normals: z, ranking: ranking, parents: 3)
        #expect(active.covariance == positive.covariance && active.mean == positive.mean && active.sigma == positive.sigma)
        let w = (1...3).map { log(3.5) - log(Double($0)) }, total = w.reduce(0, +)
        for j in 0..<5 {
            let mean = 0.1 * Double(j + 1) + (0..<3).reduce(0) { $0 + w[$1] / total * (x[ranking[$1] * 5 + j] - 0.1 * Double(j + 1)) }
            #expect(abs(active.mean[j] - mean) < 1e-15)
        }
        // With the default μ the negative weights count.
        var defaultActive = start, defaultPositive = positive
        defaultPositive.reset(mean: start.mean)
        defaultActive.tell(x, normals: z, ranking: ranking, parents: start.parameters.parents)
        defaultPositive.tell(x, normals: z, ranking: ranking, parents: start.parameters.parents)
        #expect(defaultActive.mean == defaultPositive.mean && defaultActive.covariance != defaultPositive.covariance)
    }

    /// `es` with the parts of `changes` replaced through a save and restore.
    static func altered(_ es: CMAEvolutionStrategy, _ changes: [String: [Double]], sigma: Double? = nil,
                        generation: Int? = nil) throws -> CMAEvolutionStrategy {
        var state = ComponentState(identifier: "test", version: 1)
        es.save(into: &state, prefix: "")
        for (key, value) in changes { state.set(key, .doubles(value)) }
        var scalars = try state.decode(CMAEvolutionStrategy.Scalars.self, key: "scalars")
        if let sigma { scalars.sigma = sigma }
        if let generation { scalars.generation = generation; scalars.evaluations = generation * es.populationSize }
        try state.set("scalars", json: scalars)
        var out = es
        try out.restore(from: state, prefix: "")
        return out
    }

    @Test func eachStoppingTestFires() throws {
        let fresh = try CMAEvolutionStrategy(mean: [0.5, -0.5], sigma: 1)
        #expect(fresh.stop == nil)
        var flat = fresh
        var rng = Xoshiro256(seed: 1)
        while flat.stop == nil && flat.generation < 200 { flat.tell(flat.ask(using: &rng), values: [Double](repeating: 3, count: 6)) }
        #expect(flat.stop == .functionTolerance && flat.generation == 10 + 10)
        #expect(try Self.altered(fresh, [:], sigma: 1e-13).stop == .stepTolerance)
        let skewed = try Self.altered(fresh, ["covariance": [1e16, 0, 0, 1], "scales": [1e8, 1]])
        #expect(skewed.conditionNumber == 1e16 && skewed.stop == .condition)
        #expect(try Self.altered(fresh, ["mean": [1e20, 1e20]]).stop == .noEffectAxis)
        #expect(try Self.altered(fresh, ["mean": [1e20, 0]], generation: 1).stop == .noEffectCoordinate)
        #expect(try Self.altered(fresh, ["mean": [1e20, 0]], generation: 0).stop == .noEffectAxis)
    }
}

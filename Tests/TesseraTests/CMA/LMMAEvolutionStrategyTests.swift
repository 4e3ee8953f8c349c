import Foundation
import Testing
@testable import Tessera

/// LM-MA-ES: the paper's rates, the first update and the next sample by hand, recovering
/// normals, other parent counts, the 10-D sphere and each stopping test it has.
@Suite struct LMMAEvolutionStrategyTests {
    typealias Support = StrategyTestSupport

    @Test func theRatesAreThePapers() throws {
        let es = try LMMAEvolutionStrategy(mean: [Double](repeating: 0, count: 100), sigma: 1)
        // n = 100: λ = m = 4 + ⌊3 ln 100⌋ = 17.
        #expect(es.populationSize == 17 && es.vectorCount == 17)
        #expect(abs(es.stepRate - 2 * 17.0 / 100) < 1e-16)
        for i in 0..<17 {
            #expect(abs(es.decayRates[i] - 1 / (pow(1.5, Double(i)) * 100)) < 1e-16)
            #expect(abs(es.pathRates[i] - 17 / (pow(4, Double(i)) * 100)) < 1e-16)
        }
        // Few dimensions: the rates stop at 1.
        let small = try LMMAEvolutionStrategy(mean: [0, 0], sigma: 1, populationSize: 4)
        #expect(small.stepRate == 1 && small.pathRates[0] == 1 && small.pathRates[1] == 0.5)
        #expect(throws: ParameterError.self) { try LMMAEvolutionStrategy(mean: [0], sigma: 1) }
        #expect(throws: ParameterError.self) { try LMMAEvolutionStrategy(mean: [0, 0], sigma: 1, vectorCount: 0) }
    }

    @Test func theFirstUpdateAndTheNextSampleAreTheHandComputation() throws {
        var es = try LMMAEvolutionStrategy(mean: [0, 0], sigma: 1, populationSize: 4)
        let p = es.parameters
        let z: [Double] = [1, 0, 0, 2, -1, 0, 3, 3]
        let x = es.transform(z, rows: 4)
        #expect(x == z, "M = I before the first update")
        es.tell(x, normals: z, ranking: [0, 2, 1, 3], parents: 2)
        let (w0, w1) = (p.weights[0], p.weights[1])
        let zw = [w0 - w1, 0.0]
        let muEff = p.effectiveParents
        // c_σ = 1: p_σ = √μ_eff z_w.
        let ps = zw.map { muEff.squareRoot() * $0 }
        #expect(zip(es.stepPath, ps).allSatisfy { abs($0 - $1) < 1e-15 })
        // c_c = 1, 1/2, 1/8, …: mᵢ = √(μ_eff cᵢ (2 − cᵢ)) z_w.
        for (i, c) in [1.0, 0.5, 0.125].enumerated() {
            #expect(abs(es.vectors[i * 2] - (muEff * c * (2 - c)).squareRoot() * zw[0]) < 1e-15 && es.vectors[i * 2 + 1] == 0)
        }
        let sigma = exp(0.5 * (ps[0] * ps[0] / 2 - 1))
        #expect(abs(es.sigma - sigma) < 1e-15)
        #expect(es.mean == zw && es.generation == 1)
        // One vector in use, c_d,1 = 1/2: d = z/2 + m₁ (m₁ᵀ z)/2.
        let v = muEff.squareRoot() * zw[0]
        let next = es.transform([0.5, 1], rows: 1)
        let d = [0.25 + 0.5 * v * (v * 0.5), 0.5]
        #expect(abs(next[0] - (zw[0] + es.sigma * d[0])) < 1e-14 && abs(next[1] - es.sigma * d[1]) < 1e-15)
        // normals(of:) inverts the map.
        let back = es.normals(of: next)
        #expect(abs(back[0] - 0.5) < 1e-14 && abs(back[1] - 1) < 1e-14)
    }

    @Test func recoveredNormalsMatchTheSampledOnes() throws {
        var es = try LMMAEvolutionStrategy(mean: [Double](repeating: 0.2, count: 12), sigma: 0.5)
        for g in 0..<20 { Support.step(&es, seed: UInt64(g), Support.ellipsoid) }
        let (x, z, _) = es.sample(rows: 5, stream: { Xoshiro256(seed: UInt64($0)) })
        let recovered = es.normals(of: x)
        #expect(zip(recovered, z).allSatisfy { abs($0 - $1) < 1e-9 * max(1, abs($1)) })
        // Telling without normals then matches telling with them, up to rounding.
        var a = es, b = es
        let values = Support.values(x, 12, Support.sphere)
        a.tell(x, values: values, normals: z)
        b.tell(x, values: values)
        #expect(zip(a.vectors, b.vectors).allSatisfy { abs($0 - $1) < 1e-9 } && abs(a.sigma - b.sigma) < 1e-9 * a.sigma)
    }

    @Test func tellWithOtherParentsUsesTheirWeights() throws {
        var es = try LMMAEvolutionStrategy(mean: [0, 0, 0], sigma: 1, populationSize: 8)
        let (x, z, _) = es.sample(rows: 8, stream: { Xoshiro256(seed: UInt64($0) + 3) })
        es.tell(x, normals: z, ranking: [7, 6, 5, 4, 3, 2, 1, 0], parents: 2)
        let w = [log(2.5), log(2.5) - log(2)], total = w[0] + w[1]
        for j in 0..<3 {
            #expect(abs(es.mean[j] - (w[0] * x[7 * 3 + j] + w[1] * x[6 * 3 + j]) / total) < 1e-15)
        }
    }

    @Test func itSolvesTheTenDimensionalSphere() throws {
        var used: [Int] = []
        for seed in 1...3 {
            var es = try LMMAEvolutionStrategy(mean: [Double](repeating: 0.1, count: 10), sigma: 0.5)
            let (evaluations, value) = Support.minimise(&es, Support.sphere, seed: UInt64(seed), limit: 3_000)
            #expect(value < 1e-8, "seed \(seed): \(value) after \(evaluations)")
            used.append(evaluations)
        }
        print("LM-MA-ES 10-D sphere: evaluations to 1e-8 \(used)")
    }

    /// `es` with the parts of `changes` replaced through a save and restore.
    static func altered(_ es: LMMAEvolutionStrategy, _ changes: [String: [Double]], sigma: Double? = nil,
                        generation: Int? = nil) throws -> LMMAEvolutionStrategy {
        var state = ComponentState(identifier: "test", version: 1)
        es.save(into: &state, prefix: "")
        for (key, value) in changes { state.set(key, .doubles(value)) }
        var scalars = try state.decode(LMMAEvolutionStrategy.Scalars.self, key: "scalars")
        if let sigma { scalars.sigma = sigma }
        if let generation { scalars.generation = generation }
        try state.set("scalars", json: scalars)
        var out = es
        try out.restore(from: state, prefix: "")
        return out
    }

    @Test func eachStoppingTestFires() throws {
        let fresh = try LMMAEvolutionStrategy(mean: [0.5, -0.5], sigma: 1)
        #expect(fresh.stop == nil)
        var flat = fresh
        var rng = Xoshiro256(seed: 1)
        while flat.stop == nil && flat.generation < 200 { flat.tell(flat.ask(using: &rng), values: [Double](repeating: 3, count: 6)) }
        #expect(flat.stop == .functionTolerance && flat.generation == 20)
        #expect(try Self.altered(fresh, [:], sigma: 1e-13).stop == .stepTolerance)
        // One vector of norm² 1e8 in use, c_d = 1/2: singular values within [1/2, (1 + 1e8)/2].
        var vectors = [Double](repeating: 0, count: fresh.vectorCount * 2)
        vectors[0] = 1e4
        let skewed = try Self.altered(fresh, ["vectors": vectors], generation: 1)
        #expect(skewed.conditionNumber > 1e14 && skewed.stop == .condition)
        #expect(try Self.altered(fresh, ["vectors": vectors], generation: 0).stop == nil, "no vector in use yet")
        #expect(try Self.altered(fresh, ["mean": [1e20, 0]]).stop == .noEffectCoordinate)
    }
}

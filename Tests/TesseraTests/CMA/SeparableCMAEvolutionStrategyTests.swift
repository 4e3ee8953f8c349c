import Foundation
import Testing
@testable import Tessera

/// sep-CMA-ES: the separable learning rates, the first update by hand, other parent
/// counts, the 10-D sphere and each stopping test.
@Suite struct SeparableCMAEvolutionStrategyTests {
    typealias Support = StrategyTestSupport

    @Test func theRatesAreRosAndHansens() throws {
        let p = try CMAParameters(dimension: 10)
        let (c1, cmu) = SeparableCMAEvolutionStrategy.rates(p)
        #expect(abs(c1 - p.c1 * 4) < 1e-16 && abs(cmu - p.cmu * 4) < 1e-16)
        // Large μ_eff in few dimensions: c_μ stops at 1 − c₁.
        let crowded = try CMAParameters(dimension: 2, populationSize: 200)
        let capped = SeparableCMAEvolutionStrategy.rates(crowded)
        #expect(capped.cmu == 1 - capped.c1)
    }

    @Test func theFirstUpdateIsTheHandComputation() throws {
        var es = try SeparableCMAEvolutionStrategy(mean: [0, 0], sigma: 1, populationSize: 4)
        let p = es.parameters
        let (c1, cmu) = SeparableCMAEvolutionStrategy.rates(p)
        let z: [Double] = [1, 0, 0, 2, -1, 0, 3, 3]
        let x = es.transform(z, rows: 4)
        #expect(x == z)
        es.tell(x, values: [1, 4, 1, 18])
        let (w0, w1) = (p.weights[0], p.weights[1])
        let yw = w0 - w1
        let ps = (p.cs * (2 - p.cs) * p.effectiveParents).squareRoot() * yw
        let pc = (p.cc * (2 - p.cc) * p.effectiveParents).squareRoot() * yw
        let keep = 1 - c1 - cmu
        let variances = [keep + c1 * pc * pc + cmu * (w0 + w1), keep]
        #expect(zip(es.variances, variances).allSatisfy { abs($0 - $1) < 1e-15 }, "\(es.variances) against \(variances)")
        #expect(abs(es.stepPath[0] - ps) < 1e-15 && es.stepPath[1] == 0 && abs(es.covariancePath[0] - pc) < 1e-15)
        #expect(abs(es.sigma - exp(p.cs / p.damping * (abs(ps) / p.expectedNorm - 1))) < 1e-15)
        #expect(es.mean == [yw, 0] && es.generation == 1 && es.evaluations == 4)
        // The next candidates use the new diagonal and σ.
        let next = es.transform([1, 1], rows: 1)
        #expect(abs(next[0] - (yw + es.sigma * es.variances[0].squareRoot())) < 1e-15)
    }

    @Test func tellWithOtherParentsUsesTheirWeights() throws {
        var es = try SeparableCMAEvolutionStrategy(mean: [0, 0, 0], sigma: 1, populationSize: 8)
        let (x, z, _) = es.sample(rows: 8, stream: { Xoshiro256(seed: UInt64($0) + 3) })
        let ranking = [7, 6, 5, 4, 3, 2, 1, 0]
        es.tell(x, normals: z, ranking: ranking, parents: 2)
        let w = [log(2.5), log(2.5) - log(2)], total = w[0] + w[1]
        for j in 0..<3 {
            #expect(abs(es.mean[j] - (w[0] * x[7 * 3 + j] + w[1] * x[6 * 3 + j]) / total) < 1e-15)
        }
        #expect(es.generation == 1 && es.evaluations == 8)
    }

    @Test func itSolvesTheTenDimensionalSphere() throws {
        var used: [Int] = []
        for seed in 1...3 {
            var es = try SeparableCMAEvolutionStrategy(mean: [Double](repeating: 0.1, count: 10), sigma: 0.5)
            let (evaluations, value) = Support.minimise(&es, Support.sphere, seed: UInt64(seed), limit: 2_500)
            #expect(value < 1e-8, "seed \(seed): \(value) after \(evaluations)")
            used.append(evaluations)
        }
        print("sep-CMA-ES 10-D sphere: evaluations to 1e-8 \(used)")
    }

    /// `es` with the parts of `changes` replaced through a save and restore.
    static func altered(_ es: SeparableCMAEvolutionStrategy, _ changes: [String: [Double]], sigma: Double? = nil,
                        generation: Int? = nil) throws -> SeparableCMAEvolutionStrategy {
        var state = ComponentState(identifier: "test", version: 1)
        es.save(into: &state, prefix: "")
        for (key, value) in changes { state.set(key, .doubles(value)) }
        var scalars = try state.decode(SeparableCMAEvolutionStrategy.Scalars.self, key: "scalars")
        if let sigma { scalars.sigma = sigma }
        if let generation { scalars.generation = generation }
        try state.set("scalars", json: scalars)
        var out = es
        try out.restore(from: state, prefix: "")
        return out
    }

    @Test func eachStoppingTestFires() throws {
        let fresh = try SeparableCMAEvolutionStrategy(mean: [0.5, -0.5], sigma: 1)
        #expect(fresh.stop == nil)
        var flat = fresh
        var rng = Xoshiro256(seed: 1)
        while flat.stop == nil && flat.generation < 200 { flat.tell(flat.ask(using: &rng), values: [Double](repeating: 3, count: 6)) }
        #expect(flat.stop == .functionTolerance && flat.generation == 20)
        #expect(try Self.altered(fresh, [:], sigma: 1e-13).stop == .stepTolerance)
        #expect(try Self.altered(fresh, ["variances": [1e15, 1]]).stop == .condition)
        #expect(try Self.altered(fresh, ["mean": [1e20, 0]]).stop == .noEffectAxis)
        #expect(try Self.altered(fresh, ["mean": [1e20, 0]], generation: 1).stop == .noEffectCoordinate)
    }
}

import Foundation
import Testing
@testable import Tessera

/// Checks every ``EvolutionStrategy`` must pass: `tell` with 0 parents, bit-exact binary
/// save and restore (and refusal of a wrong dimension or NaN), bounded sampling that
/// terminates in a box almost no sample hits, determinism, and `reset`.
@Suite struct EvolutionStrategyConformanceTests {
    typealias Support = StrategyTestSupport

    /// One fresh strategy of each kind at `mean`.
    static func strategies(_ mean: [Double]) throws -> [any ValueToldStrategy] {
        [try CMAEvolutionStrategy(mean: mean, sigma: 0.5), try SeparableCMAEvolutionStrategy(mean: mean, sigma: 0.5),
         try LMMAEvolutionStrategy(mean: mean, sigma: 0.5)]
    }

    /// `es` after `generations` generations on the ellipsoid.
    static func advanced<S: ValueToldStrategy>(_ es: S, generations: Int, seed: UInt64) -> S {
        var es = es
        for _ in 0..<generations { Support.step(&es, seed: seed, Support.ellipsoid) }
        return es
    }

    @Test func zeroParentsOnlyCountEvaluations() throws {
        for fresh in try Self.strategies([0.1, 0.2, 0.3, 0.4]) {
            func check<S: ValueToldStrategy>(_ es: S) {
                var es = Self.advanced(es, generations: 3, seed: 1)
                let before = es
                let (x, z, _) = es.sample(rows: 7, stream: { Xoshiro256(seed: UInt64($0)) })
                es.tell(x, normals: z, ranking: Array(0..<7), parents: 0)
                #expect(es.evaluations == before.evaluations + 7, "\(S.self)")
                #expect(es.mean == before.mean && es.sigma == before.sigma && es.generation == before.generation, "\(S.self)")
                #expect(es.transform(z, rows: 7) == before.transform(z, rows: 7), "\(S.self)")
            }
            check(fresh)
        }
    }

    @Test func saveAndRestoreAreBitExact() throws {
        for fresh in try Self.strategies([0.1, -0.2, 0.3, 0.05, 1]) {
            func check<S: ValueToldStrategy>(_ es: S) throws {
                var a = Self.advanced(es, generations: 15, seed: 2)
                var state = ComponentState(identifier: "test", version: 1)
                a.save(into: &state, prefix: "es.")
                var b = es
                try b.restore(from: state, prefix: "es.")
                #expect(a == b, "\(S.self)")
                #expect(a.mean == b.mean && a.sigma == b.sigma && a.generation == b.generation && a.evaluations == b.evaluations)
                for g in 0..<10 {
                    Support.step(&a, seed: 100 + UInt64(g), Support.ellipsoid)
                    Support.step(&b, seed: 100 + UInt64(g), Support.ellipsoid)
                }
                #expect(a == b, "\(S.self): the runs part after restoring")
                #expect(a.mean == b.mean && a.sigma == b.sigma && a.stop == b.stop)
            }
            try check(fresh)
        }
    }

    @Test func restoreRefusesAWrongDimensionOrNaN() throws {
        let small = try Self.strategies([0.1, 0.2, 0.3])
        let large = try Self.strategies([0.1, 0.2, 0.3, 0.4])
        for (fresh, other) in zip(small, large) {
            func check<S: ValueToldStrategy>(_ es: S, _ other: any ValueToldStrategy) throws {
                let a = Self.advanced(es, generations: 4, seed: 3)
                var state = ComponentState(identifier: "test", version: 1)
                a.save(into: &state, prefix: "")
                // A strategy of another dimension refuses the state.
                var wrong = other
                #expect(throws: RestoreError.self, "\(S.self)") { try wrong.restore(from: state, prefix: "") }
                // NaN in the mean, an infinite σ, a missing part.
                var target = es
                var poisoned = state
                var mean = a.mean
                mean[1] = .nan
                poisoned.set("mean", .doubles(mean))
                #expect(throws: RestoreError.self, "\(S.self)") { try target.restore(from: poisoned, prefix: "") }
                #expect(target == es, "\(S.self): a refused restore changes nothing")
                var short = state
                short.set("mean", .doubles([0, 0]))
                #expect(throws: RestoreError.self, "\(S.self)") { try target.restore(from: short, prefix: "") }
                var missing = state
                missing.parts["stepPath"] = nil
                #expect(throws: RestoreError.self, "\(S.self)") { try target.restore(from: missing, prefix: "") }
                #expect(throws: RestoreError.self, "\(S.self): another prefix") { try target.restore(from: state, prefix: "x.") }
                var badSigma = state
                guard case .json(let data) = try state.part("scalars") else { Issue.record("no JSON scalars"); return }
                let text = String(decoding: data, as: UTF8.self)
                    .replacingOccurrences(of: #""sigma":[^,}]+"#, with: #""sigma":-1"#, options: .regularExpression)
                #expect(text.contains(#""sigma":-1"#), "\(text)")
                badSigma.set("scalars", .json(Data(text.utf8)))
                #expect(throws: RestoreError.self, "\(S.self)") { try target.restore(from: badSigma, prefix: "") }
            }
            try check(fresh, other)
        }
    }

    @Test func samplingInABoxAlmostNoSampleHitsTerminates() throws {
        let box = Box(lower: [100, 100, 100], upper: [100 + 1e-9, 100 + 1e-9, 100 + 1e-9])
        for fresh in try Self.strategies([0, 0, 0]) {
            let (x, z, clipped) = fresh.sample(rows: 6, bounds: box, maximumResamples: 50, stream: { Xoshiro256(seed: UInt64($0) + 7) })
            #expect(x.count == 18 && z.count == 18)
            #expect(clipped == 6, "\(type(of: fresh)): every row is clipped")
            for (k, value) in x.enumerated() { #expect(value >= box.lower[k % 3] && value <= box.upper[k % 3]) }
            // A box around the mean clips nothing.
            let wide = Box(dimension: 3, range: -100...100)
            #expect(fresh.sample(rows: 6, bounds: wide, stream: { Xoshiro256(seed: UInt64($0)) }).clipped == 0)
        }
    }

    @Test func theSameStreamsGiveTheSameCandidates() throws {
        for fresh in try Self.strategies([0.3, -0.1, 0.2, 0.7]) {
            func check<S: ValueToldStrategy>(_ es: S) {
                let a = Self.advanced(es, generations: 6, seed: 4), b = Self.advanced(es, generations: 6, seed: 4)
                #expect(a == b, "\(S.self)")
                let streams = RandomStreams(seed: 9)
                let sa = a.sample(rows: 5, stream: { streams.stream(iteration: 0, emitter: 1, row: $0) })
                let sb = b.sample(rows: 5, stream: { streams.stream(iteration: 0, emitter: 1, row: $0) })
                #expect(sa.candidates == sb.candidates && sa.normals == sb.normals, "\(S.self)")
                // Each row comes from its own stream: rows 0…2 of a batch of 3 are rows 0…2 of a batch of 5.
                let s3 = a.sample(rows: 3, stream: { streams.stream(iteration: 0, emitter: 1, row: $0) })
                #expect(Array(sa.candidates.prefix(12)) == s3.candidates, "\(S.self)")
                let c = Self.advanced(es, generations: 6, seed: 5)
                #expect(c.mean != a.mean, "\(S.self): another seed gives another run")
            }
            check(fresh)
        }
    }

    @Test func resetStartsAfresh() throws {
        for fresh in try Self.strategies([0.1, 0.2]) {
            func check<S: ValueToldStrategy>(_ es: S) {
                var a = Self.advanced(es, generations: 8, seed: 6)
                #expect(a.generation == 8 && a.sigma != es.sigma)
                a.reset(mean: [0.1, 0.2])
                #expect(a == es, "\(S.self)")
                #expect(a.generation == 0 && a.sigma == 0.5 && a.conditionNumber == 1 && a.largestDeviation == 0.5)
            }
            check(fresh)
        }
    }
}

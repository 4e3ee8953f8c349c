import Foundation
import Testing
@testable import Tessera

/// EvoSearch on the built-in exact model: the schedule's cost (5,000 NFE, best-of-100's),
/// states cached before their step (no step applied twice), determinism, chunking and
/// saved state that change nothing, and a search that does better than best-of-N at equal NFE.
@Suite struct EvoSearchTests {
    static let model = try! GaussianMixtureDiffusion(dimension: 16)
    typealias Search = EvoSearch<GaussianMixtureDiffusion, MixtureRewardScorer>
    static func search(_ reward: MixtureReward = .rareTarget, _ algorithm: EvoSearchAlgorithm = .evoSearch,
                       schedule: EvoSearchSchedule = try! EvoSearchSchedule(), sampleCount: Int? = nil) -> Search {
        try! EvoSearch(generator: model, reward: MixtureRewardScorer(model: model, reward: reward), algorithm: algorithm,
                       schedule: schedule, sampleCount: sampleCount, cell: { Int($0[0]) })
    }
    static func mode(_ x: [Double]) -> Int { x.withUnsafeBufferPointer { model.mode(of: $0) } }

    @Test func theDefaultScheduleCostsBestOfAHundred() async throws {
        let schedule = try EvoSearchSchedule()
        #expect(schedule.nfe(stepCount: 50) == 5000)
        #expect(try EvoSearchSchedule(evolutionSteps: [10], populations: [4, 6], eliteCount: 1).nfe(stepCount: 50) == 4 * 50 + 6 * 40)
        #expect(throws: ParameterError.self) { try EvoSearchSchedule(evolutionSteps: [20, 10], populations: [4, 6, 6]) }
        #expect(throws: ParameterError.self) { try EvoSearchSchedule(evolutionSteps: [10], populations: [4, 6, 6]) }
        #expect(throws: ParameterError.self) { try EvoSearchSchedule(evolutionSteps: [50], populations: [4, 6]) }
        #expect(throws: ParameterError.self) { try EvoSearchSchedule(evolutionSteps: [10], populations: [4, 5], eliteCount: 5) }
        #expect(throws: ParameterError.self) { try EvoSearchSchedule(mutationRate: 1.5) }
        let search = Self.search()
        #expect(search.plannedNFE == 5000 && Self.search(.rareTarget, .bestOfN).sampleCount == 100)
        let result = try await search.run(seed: 1)
        #expect(result.nfe == 5000 && result.progress.last?.nfe == 5000)
        #expect(result.progress.count == 42 + 26 * 3 + 30 && result.finalOutputs.count == 30)
        #expect(zip(result.progress, result.progress.dropFirst()).allSatisfy { $0.bestReward <= $1.bestReward && $0.nfe < $1.nfe })
        #expect(try await Self.search(.rareTarget, .bestOfN).run(seed: 1).nfe == 5000)
        #expect(throws: ParameterError.self) {
            try EvoSearch(generator: Self.model, reward: MixtureRewardScorer(model: Self.model, reward: .rareTarget),
                          algorithm: .qualityDiversity, schedule: schedule)
        }
    }

    /// A rollout caches each state before its step is applied: the pool's state at step t
    /// is the trajectory after steps 0 ..< t, and its output applies every step once.
    @Test func statesAreCachedBeforeTheirStep() async throws {
        let search = Self.search()
        var state = EvoSearchState<Double>(seed: 5)
        let first = try await search.step(&state, maximumRows: 1)
        #expect(first.count == 1 && state.nfe == 50 && state.nextRow == 1)
        #expect(state.pools.keys.sorted() == [0, 20, 30, 40])
        var stream = RandomStreams(seed: 5).stream(iteration: 0, emitter: 0, row: 0)
        var x = (0..<16).map { _ in stream.nextNormal() }
        var at = 0
        for step in [0, 20, 30, 40] {
            x.withUnsafeMutableBufferPointer { _ = Self.model.advance($0, from: at, to: step, using: &stream) }
            #expect(Array(state.pools[step]!.states) == x, "the state cached at step \(step) is the one before step \(step)")
            at = step
        }
        x.withUnsafeMutableBufferPointer { _ = Self.model.advance($0, from: at, to: 50, using: &stream) }
        #expect(x == first[0].output && state.bestOutput == x)
        // Generation 1 evolves at step 0 (50 NFE a row), generation 2 at step 20 (30 NFE a
        // row, states cached at 30 and 40 only); the pool a generation evolved from is
        // dropped when it ends.
        while state.generation == 0 { _ = try await search.step(&state, maximumRows: 100) }
        var before = state.nfe
        _ = try await search.step(&state, maximumRows: 26)
        #expect(state.nfe - before == 26 * 50 && state.generation == 2)
        #expect(state.pools[0] == nil && state.pools[20]!.count == 42 + 26)
        before = state.nfe
        let evolved = try await search.step(&state, maximumRows: 26)
        #expect(evolved.count == 26 && state.nfe - before == 26 * 30 && state.generation == 3)
        #expect(state.pools[20] == nil && state.pools[30]!.count == 42 + 26 * 2)
    }

    @Test func theSameSeedGivesTheSameSearchAndTheFirstPopulationIsBestOfNs() async throws {
        let search = Self.search(.multiPeak)
        let first = try await search.run(seed: 9), second = try await search.run(seed: 9)
        #expect(first.bestOutput == second.bestOutput && first.finalRewards == second.finalRewards)
        #expect(try await search.run(seed: 10).bestOutput != first.bestOutput)
        let initial = try await Self.search(.multiPeak, .bestOfN, sampleCount: 42).run(seed: 9)
        #expect(first.progress[41].bestReward == initial.bestReward, "the same 42 trajectories first")
        #expect(first.bestReward >= initial.bestReward)
    }

    /// Chunks of any size, and a state saved and restored between any two chunks, give the
    /// same search bit for bit.
    @Test(arguments: EvoSearchAlgorithm.allCases)
    func chunksAndSavedStateChangeNothing(_ algorithm: EvoSearchAlgorithm) async throws {
        let schedule = try EvoSearchSchedule(evolutionSteps: [0, 30, 45], populations: [9, 7, 6, 5], eliteCount: 2)
        let search = Self.search(.multiPeak, algorithm, schedule: schedule)
        let whole = try await search.run(seed: 4)
        var state = EvoSearchState<Double>(seed: 4)
        var chunk = 1
        var outputs: [[Double]] = []
        while !search.isFinished(state) {
            outputs += try await search.step(&state, maximumRows: chunk).map(\.output)
            let saved = try state.componentState()
            let restored = try EvoSearchState<Double>(restoring: saved, for: search)
            #expect(restored == state)
            state = restored
            chunk = chunk % 4 + 1
        }
        #expect(state.bestOutput == whole.bestOutput && state.nfe == whole.nfe && state.nfe == search.plannedNFE)
        #expect(state.lastRewards == whole.finalRewards && outputs.count == whole.progress.count)
    }

    @Test func savedStateThatDoesNotFitIsRefused() async throws {
        let search = Self.search()
        var state = EvoSearchState<Double>(seed: 2)
        _ = try await search.step(&state, maximumRows: 3)
        var saved = try state.componentState()
        saved.set("pool_20_rewards", .doubles([1]))
        #expect(throws: RestoreError.self) { try EvoSearchState<Double>(restoring: saved, for: search) }
        saved = try state.componentState()
        saved.set("best_output", .floats([1]))
        #expect(throws: RestoreError.self) { try EvoSearchState<Double>(restoring: saved, for: search) }
        saved = try state.componentState()
        saved.parts["counters"] = .json(Data(#"{"seed": 2}"#.utf8))
        #expect(throws: RestoreError.self) { try EvoSearchState<Double>(restoring: saved, for: search) }
    }

    /// At 5,000 NFE on rare-target (d = 16), EvoSearch beats best-of-100 in most of 8 seeds,
    /// and finds the rare mode 7 more often.
    @Test func evoSearchBeatsBestOfNAtEqualNFE() async throws {
        let search = Self.search(.rareTarget), baseline = Self.search(.rareTarget, .bestOfN)
        var wins = 0, evoRare = 0, bestRare = 0
        for seed in UInt64(1)...8 {
            let evolved = try await search.run(seed: seed), best = try await baseline.run(seed: seed)
            if evolved.bestReward > best.bestReward { wins += 1 }
            if Self.mode(evolved.bestOutput) == 7 { evoRare += 1 }
            if Self.mode(best.bestOutput) == 7 { bestRare += 1 }
        }
        print("evosearch vs best-of-100 on rare-target: \(wins)/8 wins; mode 7: \(evoRare) vs \(bestRare)")
        #expect(wins >= 6 && evoRare >= bestRare, "\(wins) wins; mode 7 \(evoRare) against \(bestRare)")
    }
}

/// `evosearch-qd`: the best output of every mode at the same NFE; it keeps more modes than
/// EvoSearch's final population and its best reward stays close to EvoSearch's.
@Suite struct EvoSearchQualityDiversityTests {
    @Test func itKeepsTheModesAndItsBestRewardStaysClose() async throws {
        let search = EvoSearchTests.search(.rareTarget, .qualityDiversity), plainSearch = EvoSearchTests.search(.rareTarget)
        var modes = 0, plainModes = 0
        var rewards = [Double](), plainRewards = [Double]()
        for seed in UInt64(1)...8 {
            let qd = try await search.run(seed: seed)
            let plain = try await plainSearch.run(seed: seed)
            #expect(qd.nfe == 5000 && Set(qd.cells.keys).isSubset(of: Set(0..<8)))
            #expect(qd.cells.values.map(\.reward).max() == qd.bestReward)
            for (cell, best) in qd.cells { #expect(EvoSearchTests.mode(best.output) == cell) }
            modes += qd.cells.count
            plainModes += Set(plain.finalOutputs.map(EvoSearchTests.mode)).count
            rewards.append(qd.bestReward)
            plainRewards.append(plain.bestReward)
        }
        let mean = rewards.reduce(0, +) / 8, plainMean = plainRewards.reduce(0, +) / 8
        print("evosearch-qd: \(Double(modes) / 8) modes kept, best reward \(mean); evosearch: final population's modes \(Double(plainModes) / 8), best \(plainMean)")
        #expect(modes >= 6 * 8 && modes > plainModes)
        #expect(mean >= plainMean - 0.05, "best reward \(mean) against \(plainMean)")
        #expect(try await search.run(seed: 3).bestOutput == search.run(seed: 3).bestOutput)
    }
}

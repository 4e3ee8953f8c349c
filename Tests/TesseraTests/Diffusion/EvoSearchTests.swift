import Foundation
import Testing
@testable import Tessera

/// EvoSearch on the built-in exact model: the schedule's cost (5,000 NFE, best-of-100's),
/// states cached before their step (no step applied twice), determinism, the elites kept,
/// and a search that does better than best-of-N at equal NFE.
@Suite struct EvoSearchTests {
    static let model = try! GaussianMixtureDiffusion(dimension: 16)
    static func search(_ reward: MixtureReward = .rareTarget, schedule: EvoSearchSchedule = try! EvoSearchSchedule())
        -> EvoSearch<GaussianMixtureDiffusion> {
        let model = Self.model
        return try! EvoSearch(generator: model, schedule: schedule) { reward.value(of: $0, model: model) }
    }

    @Test func theDefaultScheduleCostsBestOfAHundred() throws {
        let schedule = try EvoSearchSchedule()
        #expect(schedule.nfe(stepCount: 50) == 5000)
        #expect(try EvoSearchSchedule(evolutionSteps: [10], populations: [4, 6], eliteCount: 1).nfe(stepCount: 50) == 4 * 50 + 6 * 40)
        #expect(throws: ParameterError.self) { try EvoSearchSchedule(evolutionSteps: [20, 10], populations: [4, 6, 6]) }
        #expect(throws: ParameterError.self) { try EvoSearchSchedule(evolutionSteps: [10], populations: [4, 6, 6]) }
        #expect(throws: ParameterError.self) { try EvoSearchSchedule(evolutionSteps: [50], populations: [4, 6]) }
        #expect(throws: ParameterError.self) { try EvoSearchSchedule(evolutionSteps: [10], populations: [4, 5], eliteCount: 5) }
        #expect(throws: ParameterError.self) { try EvoSearchSchedule(mutationRate: 1.5) }
        let result = Self.search().run(seed: 1)
        #expect(result.nfe == 5000 && result.progress.last?.nfe == 5000)
        #expect(result.progress.count == 42 + 26 * 3 + 30 && result.finalOutputs.count == 30)
        #expect(zip(result.progress, result.progress.dropFirst()).allSatisfy { $0.bestReward <= $1.bestReward })
        #expect(Self.search().bestOfN(100, seed: 1).nfe == 5000)
    }

    /// A rollout caches each state before its step is applied: the cached state at step t
    /// is the trajectory after steps 0 ..< t, and resuming from it applies step t once.
    @Test func statesAreCachedBeforeTheirStep() throws {
        let search = Self.search()
        var stream = Xoshiro256(seed: 5)
        var noise = [Double](repeating: 0, count: 16)
        noise.withUnsafeMutableBufferPointer { Self.model.initialNoise(into: $0, using: &stream) }
        var replay = stream
        let rollout = search.rollout(noise, from: 0, using: &stream)
        #expect(rollout.cached.map(\.step) == [0, 20, 30, 40] && rollout.nfe == 50)
        #expect(rollout.cached[0].state == noise)
        var x = noise
        var at = 0
        for (step, state) in rollout.cached {
            x.withUnsafeMutableBufferPointer { _ = Self.model.advance($0, from: at, to: step, using: &replay) }
            #expect(x == state, "the state cached at step \(step) is the one before step \(step)")
            at = step
        }
        x.withUnsafeMutableBufferPointer { _ = Self.model.advance($0, from: at, to: 50, using: &replay) }
        #expect(x == rollout.output)
        // A rollout from step 30 spends 20 NFE and caches steps 30 and 40 only.
        var again = Xoshiro256(seed: 6)
        let resumed = search.rollout(rollout.cached[2].state, from: 30, using: &again)
        #expect(resumed.nfe == 20 && resumed.cached.map(\.step) == [30, 40])
    }

    @Test func theSameSeedGivesTheSameSearchAndTheFirstPopulationIsBestOfNs() throws {
        let search = Self.search(.multiPeak)
        let first = search.run(seed: 9), second = search.run(seed: 9)
        #expect(first.bestOutput == second.bestOutput && first.finalRewards == second.finalRewards)
        #expect(search.run(seed: 10).bestOutput != first.bestOutput)
        let initial = search.bestOfN(42, seed: 9)
        #expect(first.progress[41].bestReward == initial.bestReward, "the same 42 trajectories first")
        #expect(first.bestReward >= initial.bestReward)
    }

    /// At 5,000 NFE on rare-target (d = 16), EvoSearch beats best-of-100 in most of 8 seeds,
    /// and finds the rare mode 7 more often.
    @Test func evoSearchBeatsBestOfNAtEqualNFE() throws {
        let search = Self.search(.rareTarget)
        var wins = 0, evoRare = 0, bestRare = 0
        for seed in UInt64(1)...8 {
            let evolved = search.run(seed: seed), best = search.bestOfN(100, seed: seed)
            if evolved.bestReward > best.bestReward { wins += 1 }
            if evolved.bestOutput.withUnsafeBufferPointer({ Self.model.mode(of: $0) }) == 7 { evoRare += 1 }
            if best.bestOutput.withUnsafeBufferPointer({ Self.model.mode(of: $0) }) == 7 { bestRare += 1 }
        }
        print("evosearch vs best-of-100 on rare-target: \(wins)/8 wins; mode 7: \(evoRare) vs \(bestRare)")
        #expect(wins >= 6 && evoRare >= bestRare, "\(wins) wins; mode 7 \(evoRare) against \(bestRare)")
    }
}

/// `evosearch-qd`: the best output of every mode at the same NFE; it keeps more modes than
/// EvoSearch's final population and its best reward stays close to EvoSearch's.
@Suite struct EvoSearchQualityDiversityTests {
    @Test func itKeepsTheModesAndItsBestRewardStaysClose() throws {
        let model = EvoSearchTests.model
        let search = EvoSearchTests.search(.rareTarget)
        var modes = 0, plainModes = 0
        var rewards = [Double](), plainRewards = [Double]()
        for seed in UInt64(1)...8 {
            let qd = search.runQualityDiversity(seed: seed) { model.mode(of: $0) }
            let plain = search.run(seed: seed)
            #expect(qd.nfe == 5000 && Set(qd.cells.keys).isSubset(of: Set(0..<8)))
            #expect(qd.cells.values.map(\.reward).max() == qd.bestReward)
            for (cell, best) in qd.cells { #expect(best.output.withUnsafeBufferPointer { model.mode(of: $0) } == cell) }
            modes += qd.cells.count
            plainModes += Set(plain.finalOutputs.map { $0.withUnsafeBufferPointer { model.mode(of: $0) } }).count
            rewards.append(qd.bestReward)
            plainRewards.append(plain.bestReward)
        }
        let mean = rewards.reduce(0, +) / 8, plainMean = plainRewards.reduce(0, +) / 8
        print("evosearch-qd: \(Double(modes) / 8) modes kept, best reward \(mean); evosearch: final population's modes \(Double(plainModes) / 8), best \(plainMean)")
        #expect(modes >= 6 * 8 && modes > plainModes)
        #expect(mean >= plainMean - 0.05, "best reward \(mean) against \(plainMean)")
        let again = search.runQualityDiversity(seed: 3) { model.mode(of: $0) }
        #expect(again.bestOutput == search.runQualityDiversity(seed: 3) { model.mode(of: $0) }.bestOutput)
    }
}

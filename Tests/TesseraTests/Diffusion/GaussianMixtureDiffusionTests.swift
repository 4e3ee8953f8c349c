import Foundation
import Testing
@testable import Tessera

/// The built-in exact diffusion model of EvoSearch, checked against theory: the schedule's
/// σ values, the noise prediction against finite differences of the log density, the
/// sampler's mode frequencies against the weights, the rewards at known points, NFE
/// accounting and determinism.
@Suite struct GaussianMixtureDiffusionTests {
    @Test func theScheduleIsSD21sAndItsSigmasAreTheIssues() throws {
        let schedule = try DiffusionSchedule()
        #expect(schedule.timestep(0) == 981 && schedule.timestep(20) == 581 && schedule.timestep(49) == 1)
        #expect(schedule.betas.first == 1e-4 && schedule.betas.last == 0.02 && schedule.betas.count == 1000)
        #expect(abs(schedule.betas[1] - (1e-4 + (0.02 - 1e-4) / 999)) < 1e-18)
        for (step, expected) in [(0, 0.56998), (20, 0.45221), (30, 0.36495), (40, 0.23674), (49, 0.00738)] {
            let sigma = schedule.sigma(atStep: step)
            #expect(abs(sigma - expected) < 5e-6, "σ_\(step) = \(sigma), not \(expected)")
        }
        #expect(schedule.previousAlphaBar(atStep: 49) == schedule.alphaBars[0])
        #expect(schedule.previousAlphaBar(atStep: 10) == schedule.alphaBars[schedule.timestep(10) - 20])
        #expect(throws: ParameterError.self) { try DiffusionSchedule(stepCount: 1) }
        #expect(throws: ParameterError.self) { try DiffusionSchedule(betaStart: 0.1, betaEnd: 0.01) }
    }

    @Test func theNoisePredictionIsTheScaledScoreOfTheNoisedDensity() throws {
        let model = try GaussianMixtureDiffusion(dimension: 16)
        var rng = Xoshiro256(seed: 7)
        for step in [0, 10, 25, 40, 49] {
            let alphaBar = model.schedule.alphaBar(atStep: step)
            for _ in 0..<5 {
                // Points near the modes and between them, at the step's scale.
                let k = Int(rng.next() % 8)
                var x = (0..<16).map { j in alphaBar.squareRoot() * model.means[k * 16 + j] + 0.6 * rng.nextNormal() }
                var predicted = [Double](repeating: 0, count: 16)
                x.withUnsafeBufferPointer { input in
                    predicted.withUnsafeMutableBufferPointer { model.noisePrediction(input, alphaBar: alphaBar, into: $0) }
                }
                // ε = −√(1 − ᾱ) ∇ log p_t(x), the gradient by central differences.
                let h = 1e-5
                for j in 0..<16 {
                    let saved = x[j]
                    x[j] = saved + h
                    let up = model.logDensity(x, alphaBar: alphaBar)
                    x[j] = saved - h
                    let down = model.logDensity(x, alphaBar: alphaBar)
                    x[j] = saved
                    let expected = -(1 - alphaBar).squareRoot() * (up - down) / (2 * h)
                    #expect(abs(predicted[j] - expected) < 1e-6 * max(1, abs(expected)), "step \(step), coordinate \(j)")
                }
            }
        }
        #expect(throws: ParameterError.self) { try GaussianMixtureDiffusion(dimension: 7) }
    }

    /// 10,000 samples of 50 DDIM steps (η = 1): mode frequencies within 5 standard errors of
    /// the weights, the within-mode deviation about 0.206, 50 NFE each.
    @Test func samplesFollowTheMixture() throws {
        let model = try GaussianMixtureDiffusion(dimension: 16)
        let count = 10_000
        var modes = [Int](repeating: 0, count: 8)
        var squared = 0.0
        var nfe = 0
        var x = [Double](repeating: 0, count: 16)
        for sample in 0..<count {
            var rng = RandomStreams(seed: 3).stream(iteration: 0, emitter: 0, row: sample)
            x.withUnsafeMutableBufferPointer { buffer in
                model.initialNoise(into: buffer, using: &rng)
                nfe += model.advance(buffer, from: 0, to: 50, using: &rng)
            }
            let k = x.withUnsafeBufferPointer { model.mode(of: $0) }
            modes[k] += 1
            for j in 0..<16 {
                let difference = x[j] - model.means[k * 16 + j]
                squared += difference * difference
            }
        }
        #expect(nfe == 50 * count)
        for k in 0..<8 {
            let p = model.weights[k], expected = p * Double(count), error = (Double(count) * p * (1 - p)).squareRoot()
            #expect(abs(Double(modes[k]) - expected) < 5 * error, "mode \(k): \(modes[k]) against \(expected) ± \(error)")
        }
        let deviation = (squared / Double(count * 16)).squareRoot()
        #expect(abs(deviation - 0.206) < 0.006, "within-mode deviation \(deviation)")
    }

    @Test func stepsSplitAnywhereGiveTheSameSampleAndTheSameStreamTheSameOutput() throws {
        let model = try GaussianMixtureDiffusion(dimension: 24)
        func run(_ cuts: [Int]) -> ([Double], Int) {
            var rng = Xoshiro256(seed: 11)
            var x = [Double](repeating: 0, count: 24)
            var nfe = 0
            x.withUnsafeMutableBufferPointer { buffer in
                model.initialNoise(into: buffer, using: &rng)
                var start = 0
                for end in cuts + [50] {
                    nfe += model.advance(buffer, from: start, to: end, using: &rng)
                    start = end
                }
            }
            return (x, nfe)
        }
        let whole = run([]), split = run([20, 30, 40])
        #expect(whole.0 == split.0 && whole.1 == 50 && split.1 == 50)
        #expect(run([]).0 == whole.0)
    }

    @Test func theRewardsAtTheirPeaks() throws {
        let model = try GaussianMixtureDiffusion(dimension: 16)
        let offset = 0.5 * 0.25 * 4.0
        func point(_ k: Int) -> [Double] {
            var x = Array(model.mean(k))
            x[15] += offset
            return x
        }
        let target = point(7)
        #expect(target.withUnsafeBufferPointer { MixtureReward.rareTarget.value(of: $0, model: model) } == 0)
        let atMode7 = Array(model.mean(7))
        let reward = atMode7.withUnsafeBufferPointer { MixtureReward.rareTarget.value(of: $0, model: model) }
        #expect(abs(reward - -(offset * offset) / 16) < 1e-15)
        // Multi-peak: at p_7 the height 1 plus the others' tails: ‖p_7 − p_k‖² = 2R² = d/2,
        // so each adds a_k exp(−(d/2) / (2 d s²)) = a_k e⁻⁴.
        let peak = target.withUnsafeBufferPointer { MixtureReward.multiPeak.value(of: $0, model: model) }
        let others = MixtureReward.heights.dropLast().reduce(0, +)
        #expect(abs(peak - (1 + others * exp(-4))) < 1e-12, "\(peak)")
        let zero = [Double](repeating: 0, count: 16).withUnsafeBufferPointer { MixtureReward.multiPeak.value(of: $0, model: model) }
        #expect(zero < peak)
        #expect(atMode7.withUnsafeBufferPointer { model.mode(of: $0) } == 7)
    }
}

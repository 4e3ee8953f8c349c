import Foundation

/// A DDPM noise schedule and its DDIM sampling steps, with Stable Diffusion 2.1's settings
/// by default: 1,000 training steps with β linear from 10⁻⁴ to 0.02, and 50 sampling steps at
/// timesteps 981, 961, …, 1 ("leading" spacing with an offset of 1).
///
/// Sampling step `i` (0 …  `stepCount` − 1) goes from timestep `t_i` to the next one, or to
/// timestep 0's ᾱ at the last step. With η = 1 its stochastic part has the standard deviation
/// `σ_i = √((1 − ᾱ_prev) / (1 − ᾱ_t) · (1 − ᾱ_t / ᾱ_prev))`; for SD 2.1's settings σ_0 =
/// 0.56998, σ_20 = 0.45221, σ_30 = 0.36495, σ_40 = 0.23674, σ_49 = 0.00738.
public struct DiffusionSchedule: Hashable, Sendable {
    /// β_j, j = 0 … trainingSteps − 1.
    public let betas: [Double]
    /// ᾱ_j = ∏_{i ≤ j} (1 − β_i).
    public let alphaBars: [Double]
    /// Sampling steps.
    public let stepCount: Int
    /// Timesteps between sampling steps.
    public let stride: Int

    /// A linear schedule of `trainingSteps` βs from `betaStart` to `betaEnd` (as numpy's
    /// `linspace`, in double precision) sampled in `stepCount` steps.
    ///
    /// - Throws: ``ParameterError`` unless 2 ≤ `stepCount` ≤ `trainingSteps` ≤ 100,000 and
    ///   0 < `betaStart` ≤ `betaEnd` < 1.
    public init(trainingSteps: Int = 1000, betaStart: Double = 1e-4, betaEnd: Double = 0.02, stepCount: Int = 50) throws(ParameterError) {
        try ParameterError.require((2...100_000).contains(trainingSteps), Self.self, "trainingSteps", "must be in 2...100000 (got \(trainingSteps))")
        try ParameterError.require((2...trainingSteps).contains(stepCount), Self.self, "stepCount",
                                   "must be in 2...\(trainingSteps) (got \(stepCount))")
        try ParameterError.require(betaStart > 0 && betaStart <= betaEnd && betaEnd < 1, Self.self, "betaStart",
                                   "need 0 < betaStart <= betaEnd < 1 (got \(betaStart), \(betaEnd))")
        let step = (betaEnd - betaStart) / Double(trainingSteps - 1)
        var betas = (0..<trainingSteps).map { betaStart + Double($0) * step }
        betas[trainingSteps - 1] = betaEnd
        var alphaBars = [Double](repeating: 0, count: trainingSteps)
        var product = 1.0
        for j in 0..<trainingSteps {
            product *= 1 - betas[j]
            alphaBars[j] = product
        }
        self.betas = betas
        self.alphaBars = alphaBars
        self.stepCount = stepCount
        stride = trainingSteps / stepCount
    }

    /// The timestep of sampling step `i`: `stride · (stepCount − 1 − i) + 1` (981 − 20 i).
    public func timestep(_ i: Int) -> Int { stride * (stepCount - 1 - i) + 1 }

    /// ᾱ at sampling step `i`'s timestep.
    public func alphaBar(atStep i: Int) -> Double { alphaBars[timestep(i)] }

    /// ᾱ of the timestep step `i` goes to: `t_i − stride`, or timestep 0 at the last step.
    public func previousAlphaBar(atStep i: Int) -> Double {
        let previous = timestep(i) - stride
        return previous >= 0 ? alphaBars[previous] : alphaBars[0]
    }

    /// The standard deviation of step `i`'s noise with DDIM's η (1: as stochastic as DDPM).
    public func sigma(atStep i: Int, eta: Double = 1) -> Double {
        let a = alphaBar(atStep: i), previous = previousAlphaBar(atStep: i)
        return eta * ((1 - previous) / (1 - a) * (1 - a / previous)).squareRoot()
    }
}

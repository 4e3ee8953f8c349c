import Foundation

/// sep-CMA-ES: CMA-ES with a diagonal covariance, in linear time and space per candidate
/// (Ros & Hansen, *A Simple Modification in CMA-ES Achieving Linear Time and Space
/// Complexity*, PPSN X, 2008). It minimises.
///
/// The update is the tutorial's (``CMAEvolutionStrategy``) restricted to the diagonal: a
/// candidate is `mean + σ √c ⊙ z`, and the covariance learning rates c₁ and c_μ are the
/// full strategy's multiplied by (n + 2) / 3 (c_μ at most 1 − c₁), as in the paper; c_σ,
/// d_σ and c_c are the tutorial's. Weights are positive only.
///
/// ```text
/// var es = try SeparableCMAEvolutionStrategy(mean: x0, sigma: 0.5)
/// let x = es.ask(using: &rng)
/// es.tell(x, values: f(x))
/// ```
public struct SeparableCMAEvolutionStrategy: EvolutionStrategy {
    /// The strategy parameters of the default number of parents (their c₁ and c_μ are the
    /// full strategy's; ``rates(_:)`` gives the separable ones).
    public let parameters: CMAParameters
    /// The initial step size σ₀, restored by ``reset(mean:)``.
    public let initialSigma: Double
    /// The distribution's mean, n numbers.
    public internal(set) var mean: [Double]
    /// The step size σ.
    public internal(set) var sigma: Double
    /// The diagonal of the covariance, n variances.
    public internal(set) var variances: [Double]
    /// The evolution path of the covariance, p_c.
    public internal(set) var covariancePath: [Double]
    /// The evolution path of the step size, p_σ.
    public internal(set) var stepPath: [Double]
    /// Generations told since the start or the last ``reset(mean:)``.
    public internal(set) var generation = 0
    /// Candidates told since the start or the last ``reset(mean:)``.
    public internal(set) var evaluations = 0
    /// The values told.
    var progress = CMAProgress()
    /// The stopping tolerances.
    public var tolerances = CMATolerances()

    /// A distribution at `mean` with step size `sigma` and the identity covariance.
    ///
    /// - Throws: ``ParameterError`` for an empty or non-finite mean, a non-positive or
    ///   non-finite σ, or a bad population size.
    public init(mean: [Double], sigma: Double, populationSize: Int? = nil) throws(ParameterError) {
        try ParameterError.require(!mean.isEmpty && mean.allSatisfy(\.isFinite), Self.self, "mean",
                                   "must hold at least one finite number")
        try ParameterError.require(sigma.isFinite && sigma > 0, Self.self, "sigma", "must be finite and positive (got \(sigma))")
        parameters = try CMAParameters(dimension: mean.count, populationSize: populationSize)
        self.mean = mean
        self.sigma = sigma
        initialSigma = sigma
        variances = [Double](repeating: 1, count: mean.count)
        covariancePath = [Double](repeating: 0, count: mean.count)
        stepPath = [Double](repeating: 0, count: mean.count)
    }

    /// The separable learning rates of `p`: c₁ (n + 2) / 3 and min(1 − that, c_μ (n + 2) / 3).
    public static func rates(_ p: CMAParameters) -> (c1: Double, cmu: Double) {
        let factor = Double(p.dimension + 2) / 3
        let c1 = min(1, p.c1 * factor)
        return (c1, min(1 - c1, p.cmu * factor))
    }

    /// The dimension n.
    public var dimension: Int { parameters.dimension }
    /// λ.
    public var populationSize: Int { parameters.populationSize }
    /// The best value of each of the last generations told through ``tell(_:values:normals:)``, newest last.
    public var recentBest: [Double] { progress.recentBest }
    /// The best candidate told through ``tell(_:values:normals:)`` and its value.
    public var best: (candidate: [Double], value: Double)? { progress.bestValue.map { (progress.bestCandidate, $0) } }

    /// max c / min c.
    public var conditionNumber: Double {
        guard let high = variances.max(), let low = variances.min(), low > 0 else { return .infinity }
        return high / low
    }

    /// σ · √(max c).
    public var largestDeviation: Double { sigma * (variances.max() ?? 0).squareRoot() }


    /// The candidates `mean + σ √c ⊙ z` of standard normal rows `z` (row-major).
    ///
    /// - Complexity: O(rows · n).
    public func transform(_ z: [Double], rows: Int) -> [Double] {
        let n = dimension
        precondition(z.count == rows * n, "\(z.count) normals for \(rows) rows of \(n)")
        let scale = variances.map { sigma * $0.squareRoot() }
        var out = z
        for row in 0..<rows { for j in 0..<n { out[row * n + j] = mean[j] + scale[j] * z[row * n + j] } }
        return out
    }

    /// Updates the distribution from candidates and their values (lower is better; ties to
    /// the earlier; NaN last), recording the best value for the stopping tests.
    ///
    /// - Parameter normals: Not needed (the update works from the candidates).
    public mutating func tell(_ candidates: [Double], values: [Double], normals: [Double]? = nil) {
        let order = CMAProgress.ranking(values)
        progress.record(candidates, values: values, order: order, dimension: dimension,
                        window: CMAProgress.window(dimension: dimension, populationSize: populationSize))
        tell(candidates, normals: [], ranking: order, parents: parameters.parents)
    }

    /// The update works from the candidates alone.
    public var usesNormals: Bool { false }

    /// Updates the mean, both paths, σ and the diagonal from one generation with `parents`
    /// parents (weights `ln(parents + 1/2) − ln i` unless `parents` is ⌊λ / 2⌋); 0 parents
    /// only counts the evaluations. `normals` is not used.
    ///
    /// - Complexity: O(parents · n).
    public mutating func tell(_ candidates: [Double], normals: [Double], ranking: [Int], parents: Int) {
        let n = dimension
        let rows = candidates.count / n
        precondition(parents >= 0 && candidates.count == rows * n && ranking.count >= parents, "need whole rows and at least \(parents) ranked")
        if parents == 0 { evaluations += rows; return }
        // Valid by construction: n ≥ 1, λ ≥ parents ≥ 1.
        let p = parents == parameters.parents ? parameters
            : try! CMAParameters(dimension: n, populationSize: max(populationSize, parents, 2), parents: parents)
        let (c1, cmu) = Self.rates(p)
        var yw = [Double](repeating: 0, count: n)
        var rankMu = [Double](repeating: 0, count: n)
        for k in 0..<parents {
            let index = ranking[k]
            precondition(index >= 0 && index < rows, "ranked index \(index) outside the \(rows) candidates")
            for j in 0..<n {
                let y = (candidates[index * n + j] - mean[j]) / sigma
                yw[j] += p.weights[k] * y
                rankMu[j] += p.weights[k] * y * y
            }
        }
        let csFactor = (p.cs * (2 - p.cs) * p.effectiveParents).squareRoot()
        var stepNorm2 = 0.0
        for j in 0..<n {
            mean[j] += sigma * yw[j]
            stepPath[j] = (1 - p.cs) * stepPath[j] + csFactor * yw[j] / variances[j].squareRoot()
            stepNorm2 += stepPath[j] * stepPath[j]
        }
        let stepNorm = stepNorm2.squareRoot()
        generation += 1
        evaluations += rows
        let decay = 1 - pow(1 - p.cs, Double(2 * generation))
        let stalled = stepNorm / decay.squareRoot() >= (1.4 + 2 / Double(n + 1)) * p.expectedNorm
        let ccFactor = stalled ? 0 : (p.cc * (2 - p.cc) * p.effectiveParents).squareRoot()
        let keep = 1 - c1 - cmu + (stalled ? c1 * p.cc * (2 - p.cc) : 0)
        for j in 0..<n {
            covariancePath[j] = (1 - p.cc) * covariancePath[j] + ccFactor * yw[j]
            variances[j] = keep * variances[j] + c1 * covariancePath[j] * covariancePath[j] + cmu * rankMu[j]
        }
        sigma *= exp((p.cs / p.damping) * (stepNorm / p.expectedNorm - 1))
    }

    /// Starts afresh at `mean`: σ₀, unit variances, empty paths, counters and values.
    ///
    /// - Precondition: `mean` has ``dimension`` finite numbers.
    public mutating func reset(mean: [Double]) {
        let n = dimension
        precondition(mean.count == n && mean.allSatisfy(\.isFinite), "reset needs \(n) finite numbers")
        self.mean = mean
        sigma = initialSigma
        variances = [Double](repeating: 1, count: n)
        covariancePath = [Double](repeating: 0, count: n)
        stepPath = [Double](repeating: 0, count: n)
        generation = 0
        evaluations = 0
        progress = CMAProgress()
    }

    /// Why the run should stop, by pycma's tests on the diagonal (the principal axes are the
    /// coordinates), or `nil` to go on.
    public var stop: CMAStopReason? {
        let n = dimension
        if progress.isFlat(window: CMAProgress.window(dimension: n, populationSize: populationSize), tolerance: tolerances.function) {
            return .functionTolerance
        }
        if (0..<n).allSatisfy({ sigma * max(variances[$0].squareRoot(), abs(covariancePath[$0])) < tolerances.step }) {
            return .stepTolerance
        }
        if conditionNumber > tolerances.condition { return .condition }
        let axis = generation % n
        if mean[axis] == mean[axis] + 0.1 * sigma * variances[axis].squareRoot() { return .noEffectAxis }
        if (0..<n).contains(where: { mean[$0] == mean[$0] + 0.2 * sigma * variances[$0].squareRoot() }) {
            return .noEffectCoordinate
        }
        return nil
    }
}

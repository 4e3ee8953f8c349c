import Foundation

/// LM-MA-ES, the limited-memory matrix adaptation evolution strategy (Loshchilov,
/// Glasmachers & Beyer, *Large Scale Black-Box Optimization by Limited-Memory Matrix
/// Adaptation*, IEEE TEVC 23(2), 2019): the distribution's linear map is a product of m
/// rank-one corrections of the identity, so sampling and updating cost O(m n) per
/// candidate, with no covariance matrix. It minimises.
///
/// A candidate is `mean + σ d` with `d = M z`, where `M z` is computed as `d ← z`, then for
/// i = 1 … min(t, m): `d ← (1 − c_d,i) d + c_d,i mᵢ (mᵢᵀ d)` (t the generations told).
/// After a generation with weighted mean `z_w = Σ wᵢ zᵢ` of the parents' normals:
///
/// - `p_σ ← (1 − c_σ) p_σ + √(μ_eff c_σ (2 − c_σ)) z_w`,
/// - `mᵢ ← (1 − c_c,i) mᵢ + √(μ_eff c_c,i (2 − c_c,i)) z_w` for every i,
/// - `σ ← σ exp(c_σ / 2 · (‖p_σ‖² / n − 1))`,
///
/// with m = 4 + ⌊3 ln n⌋ vectors, c_d,i = 1 / (1.5^(i−1) n), c_c,i = λ / (4^(i−1) n) and
/// c_σ = 2λ / n, as in the paper. The paper targets n ≫ λ; where λ / n is large the rates
/// c_c,i and c_σ are capped at 1 (a deviation: beyond 2 the paper's formulas have no real
/// square root). The update needs the normals `z` of the parents: ``tell(_:normals:ranking:parents:)``
/// receives them, and ``tell(_:values:normals:)`` recovers them from the candidates when not given.
public struct LMMAEvolutionStrategy: EvolutionStrategy {
    /// The recombination weights and μ_eff of the default number of parents (c₁, c_μ and
    /// the paths' rates of ``CMAParameters`` are not used).
    public let parameters: CMAParameters
    /// The initial step size σ₀, restored by ``reset(mean:)``.
    public let initialSigma: Double
    /// The number of direction vectors m.
    public let vectorCount: Int
    /// The step-size learning rate c_σ = min(1, 2λ / n).
    public let stepRate: Double
    /// The path rates c_c,i = min(1, λ / (4^(i−1) n)), m of them.
    public let pathRates: [Double]
    /// The decay rates c_d,i = 1 / (1.5^(i−1) n), m of them.
    public let decayRates: [Double]
    /// The distribution's mean, n numbers.
    public internal(set) var mean: [Double]
    /// The step size σ.
    public internal(set) var sigma: Double
    /// The evolution path of the step size, p_σ.
    public internal(set) var stepPath: [Double]
    /// The direction vectors m₁ … m_m, `m × n`, row-major.
    public internal(set) var vectors: [Double]
    /// Generations told since the start or the last ``reset(mean:)``.
    public internal(set) var generation = 0
    /// Candidates told since the start or the last ``reset(mean:)``.
    public internal(set) var evaluations = 0
    /// The values told.
    var progress = CMAProgress()
    /// The stopping tolerances.
    public var tolerances = CMATolerances()

    /// A distribution at `mean` with step size `sigma` and the identity map.
    ///
    /// - Parameters:
    ///   - mean: The initial mean (n ≥ 2 numbers).
    ///   - sigma: σ₀.
    ///   - populationSize: λ, or `nil` for 4 + ⌊3 ln n⌋.
    ///   - vectorCount: m, or `nil` for 4 + ⌊3 ln n⌋.
    /// - Throws: ``ParameterError`` for a mean of fewer than 2 or non-finite numbers, a
    ///   non-positive or non-finite σ, a bad population size or a vector count below 1.
    public init(mean: [Double], sigma: Double, populationSize: Int? = nil, vectorCount: Int? = nil) throws(ParameterError) {
        try ParameterError.require(mean.count >= 2 && mean.allSatisfy(\.isFinite), Self.self, "mean",
                                   "must hold at least two finite numbers")
        try ParameterError.require(sigma.isFinite && sigma > 0, Self.self, "sigma", "must be finite and positive (got \(sigma))")
        let n = mean.count
        parameters = try CMAParameters(dimension: n, populationSize: populationSize)
        let m = vectorCount ?? CMAParameters.defaultPopulationSize(dimension: n)
        try ParameterError.require(m >= 1 && m <= 100_000, Self.self, "vectorCount", "must be in 1...100000 (got \(m))")
        let lambda = Double(parameters.populationSize), dn = Double(n)
        self.vectorCount = m
        stepRate = min(1, 2 * lambda / dn)
        pathRates = (0..<m).map { min(1, lambda / (pow(4, Double($0)) * dn)) }
        decayRates = (0..<m).map { 1 / (pow(1.5, Double($0)) * dn) }
        self.mean = mean
        self.sigma = sigma
        initialSigma = sigma
        stepPath = [Double](repeating: 0, count: n)
        vectors = [Double](repeating: 0, count: m * n)
    }

    /// The dimension n.
    public var dimension: Int { parameters.dimension }
    /// λ.
    public var populationSize: Int { parameters.populationSize }
    /// The best value of each of the last generations told through ``tell(_:values:normals:)``, newest last.
    public var recentBest: [Double] { progress.recentBest }
    /// The best candidate told through ``tell(_:values:normals:)`` and its value.
    public var best: (candidate: [Double], value: Double)? { progress.bestValue.map { (progress.bestCandidate, $0) } }

    /// The vectors in use: min(t, m).
    var activeVectors: Int { min(generation, vectorCount) }

    /// Bounds of M's singular values from its factors: each `(1 − c) I + c v vᵀ` has the
    /// eigenvalues 1 − c and 1 − c + c‖v‖².
    var singularValueBounds: (lower: Double, upper: Double) {
        let n = dimension
        var lower = 1.0, upper = 1.0
        for i in 0..<activeVectors {
            var norm2 = 0.0
            for j in 0..<n { norm2 += vectors[i * n + j] * vectors[i * n + j] }
            lower *= 1 - decayRates[i]
            upper *= 1 - decayRates[i] + decayRates[i] * norm2
        }
        return (lower, upper)
    }

    /// An upper bound of the condition number of M Mᵀ: (Π (1 − c_d,i + c_d,i ‖mᵢ‖²) / Π (1 − c_d,i))²
    /// (the exact figure would need an O(n³) decomposition).
    ///
    /// - Complexity: O(m n).
    public var conditionNumber: Double {
        let bounds = singularValueBounds
        return bounds.lower > 0 ? (bounds.upper / bounds.lower) * (bounds.upper / bounds.lower) : .infinity
    }

    /// An upper bound of σ times the largest singular value of M (see ``conditionNumber``).
    ///
    /// - Complexity: O(m n).
    public var largestDeviation: Double { sigma * singularValueBounds.upper }


    /// The candidates `mean + σ M z` of standard normal rows `z` (row-major).
    ///
    /// - Complexity: O(rows · m · n).
    public func transform(_ z: [Double], rows: Int) -> [Double] {
        let n = dimension
        precondition(z.count == rows * n, "\(z.count) normals for \(rows) rows of \(n)")
        var d = z
        d.withUnsafeMutableBufferPointer { db in
            vectors.withUnsafeBufferPointer { vb in
                for i in 0..<activeVectors {
                    let c = decayRates[i]
                    for row in 0..<rows {
                        var s = 0.0
                        for j in 0..<n { s += vb[i * n + j] * db[row * n + j] }
                        for j in 0..<n { db[row * n + j] = (1 - c) * db[row * n + j] + c * s * vb[i * n + j] }
                    }
                }
                for row in 0..<rows { for j in 0..<n { db[row * n + j] = mean[j] + sigma * db[row * n + j] } }
            }
        }
        return d
    }

    /// The normals `z = M⁻¹ (x − mean) / σ` of candidate rows, by the Sherman–Morrison
    /// inverse of each factor: `((1 − c) I + c v vᵀ)⁻¹ = (I − c / (1 − c + c‖v‖²) v vᵀ) / (1 − c)`.
    /// Equal to the sampled normals up to rounding.
    ///
    /// - Complexity: O(rows · m · n).
    public func normals(of candidates: [Double]) -> [Double] {
        let n = dimension
        let rows = candidates.count / n
        precondition(candidates.count == rows * n, "need whole rows")
        var d = candidates
        for row in 0..<rows { for j in 0..<n { d[row * n + j] = (d[row * n + j] - mean[j]) / sigma } }
        for i in (0..<activeVectors).reversed() {
            let c = decayRates[i]
            var norm2 = 0.0
            for j in 0..<n { norm2 += vectors[i * n + j] * vectors[i * n + j] }
            let alpha = c / (1 - c + c * norm2)
            for row in 0..<rows {
                var s = 0.0
                for j in 0..<n { s += vectors[i * n + j] * d[row * n + j] }
                for j in 0..<n { d[row * n + j] = (d[row * n + j] - alpha * s * vectors[i * n + j]) / (1 - c) }
            }
        }
        return d
    }

    /// Updates the distribution from candidates and their values (lower is better; ties to
    /// the earlier; NaN last), recording the best value for the stopping tests.
    ///
    /// - Parameter normals: The normals the candidates were made from; recovered with
    ///   ``normals(of:)`` when `nil`.
    public mutating func tell(_ candidates: [Double], values: [Double], normals: [Double]? = nil) {
        let order = CMAProgress.ranking(values)
        progress.record(candidates, values: values, order: order, dimension: dimension,
                        window: CMAProgress.window(dimension: dimension, populationSize: populationSize))
        tell(candidates, normals: normals ?? self.normals(of: candidates), ranking: order, parents: parameters.parents)
    }

    /// Updates the mean, p_σ, the direction vectors and σ from one generation with
    /// `parents` parents (weights `ln(parents + 1/2) − ln i` unless `parents` is ⌊λ / 2⌋);
    /// 0 parents only counts the evaluations.
    ///
    /// - Precondition: `normals` has one row per candidate row.
    /// - Complexity: O((parents + m) · n).
    public mutating func tell(_ candidates: [Double], normals: [Double], ranking: [Int], parents: Int) {
        let n = dimension
        let rows = candidates.count / n
        precondition(parents >= 0 && candidates.count == rows * n && ranking.count >= parents, "need whole rows and at least \(parents) ranked")
        if parents == 0 { evaluations += rows; return }
        precondition(normals.count == candidates.count, "\(normals.count) normals for \(rows) rows of \(n)")
        // Valid by construction: n ≥ 2, λ ≥ parents ≥ 1.
        let p = parents == parameters.parents ? parameters
            : try! CMAParameters(dimension: n, populationSize: max(populationSize, parents, 2), parents: parents)
        var zw = [Double](repeating: 0, count: n)
        var step = [Double](repeating: 0, count: n)
        for k in 0..<parents {
            let index = ranking[k]
            precondition(index >= 0 && index < rows, "ranked index \(index) outside the \(rows) candidates")
            for j in 0..<n {
                zw[j] += p.weights[k] * normals[index * n + j]
                step[j] += p.weights[k] * (candidates[index * n + j] - mean[j])
            }
        }
        let muEff = p.effectiveParents
        let cs = stepRate
        let csFactor = (muEff * cs * (2 - cs)).squareRoot()
        var norm2 = 0.0
        for j in 0..<n {
            mean[j] += step[j]
            stepPath[j] = (1 - cs) * stepPath[j] + csFactor * zw[j]
            norm2 += stepPath[j] * stepPath[j]
        }
        for i in 0..<vectorCount {
            let c = pathRates[i]
            let factor = (muEff * c * (2 - c)).squareRoot()
            for j in 0..<n { vectors[i * n + j] = (1 - c) * vectors[i * n + j] + factor * zw[j] }
        }
        sigma *= exp(cs / 2 * (norm2 / Double(n) - 1))
        generation += 1
        evaluations += rows
    }

    /// Starts afresh at `mean`: σ₀, zero vectors (the identity map), an empty path,
    /// counters and values.
    ///
    /// - Precondition: `mean` has ``dimension`` finite numbers.
    public mutating func reset(mean: [Double]) {
        let n = dimension
        precondition(mean.count == n && mean.allSatisfy(\.isFinite), "reset needs \(n) finite numbers")
        self.mean = mean
        sigma = initialSigma
        stepPath = [Double](repeating: 0, count: n)
        vectors = [Double](repeating: 0, count: vectorCount * n)
        generation = 0
        evaluations = 0
        progress = CMAProgress()
    }

    /// Why the run should stop, or `nil` to go on: pycma's `tolfun`, and `tolx`,
    /// `conditioncov` and `noeffectcoord` on the singular-value bounds of M (conservative:
    /// σ times the upper bound for the step tests). There is no `noeffectaxis` test: M has
    /// no principal axes at hand.
    public var stop: CMAStopReason? {
        let n = dimension
        if progress.isFlat(window: CMAProgress.window(dimension: n, populationSize: populationSize), tolerance: tolerances.function) {
            return .functionTolerance
        }
        let deviation = largestDeviation
        if deviation < tolerances.step { return .stepTolerance }
        if conditionNumber > tolerances.condition { return .condition }
        if (0..<n).contains(where: { mean[$0] == mean[$0] + 0.2 * deviation }) { return .noEffectCoordinate }
        return nil
    }
}

import Foundation

/// Full-covariance CMA-ES as an ask/tell optimiser (Hansen, *The CMA Evolution Strategy: A
/// Tutorial*, arXiv 1604.00772): weighted recombination, cumulative step-size adaptation,
/// rank-one and rank-μ covariance updates, and optionally the tutorial's negative weights
/// (active CMA, as pycma by default). It minimises.
///
/// ```text
/// var es = try CMAEvolutionStrategy(mean: x0, sigma: 0.5)
/// var rng = Xoshiro256(seed: 1)
/// while es.stop == nil {
///     let candidates = es.ask(using: &rng)          // λ rows
///     es.tell(candidates, values: f(candidates))  // lower is better
/// }
/// ```
///
/// The covariance's eigendecomposition (`C = B diag(d²) Bᵀ`, LAPACK `dsyevd`) is renewed
/// lazily, as in pycma and pyribs: when more than `λ / (c₁ + c_μ) / n / 10` evaluations have
/// passed since the last one. Sampling is one BLAS product per batch: the rows of
/// `Z · (B diag(d))ᵀ`, scaled by σ and moved to the mean, with `Z` standard normals.
///
/// Arrays are row-major: the covariance and the basis are `n × n`, candidates `rows × n`.
public struct CMAEvolutionStrategy: EvolutionStrategy {
    /// The strategy parameters of the default number of parents, ⌊λ / 2⌋.
    public let parameters: CMAParameters
    /// The initial step size σ₀, restored by ``reset(mean:)``.
    public let initialSigma: Double
    /// The distribution's mean.
    public internal(set) var mean: [Double]
    /// The step size σ.
    public internal(set) var sigma: Double
    /// The covariance C, `n × n`, row-major.
    public internal(set) var covariance: [Double]
    /// The evolution path of the covariance, p_c.
    public internal(set) var covariancePath: [Double]
    /// The evolution path of the step size, p_σ.
    public internal(set) var stepPath: [Double]
    /// The eigenvectors of C as columns, `n × n`, row-major (as of the last decomposition).
    public internal(set) var basis: [Double]
    /// The square roots of C's eigenvalues (as of the last decomposition).
    public internal(set) var scales: [Double]
    /// Generations told since the start or the last ``reset(mean:)``.
    public internal(set) var generation = 0
    /// Candidates told since the start or the last ``reset(mean:)``.
    public internal(set) var evaluations = 0
    /// The evaluations at the last decomposition.
    var decomposedAt = 0
    /// The values told.
    var progress = CMAProgress()
    /// The stopping tolerances.
    public var tolerances = CMATolerances()

    /// pycma's stopping tolerances (``CMATolerances``).
    public typealias Tolerances = CMATolerances

    /// A distribution at `mean` with step size `sigma` and the identity covariance.
    ///
    /// - Parameters:
    ///   - mean: The initial mean (its count is the dimension n).
    ///   - sigma: The initial step size σ₀.
    ///   - populationSize: λ, or `nil` for 4 + ⌊3 ln n⌋.
    ///   - active: Negative weights for the worst λ − μ candidates in the covariance update
    ///     (tutorial Table 1; pycma's `CMA_active`, on by default there too).
    /// - Throws: ``ParameterError`` for an empty or non-finite mean, a non-positive or
    ///   non-finite σ, or a bad population size.
    public init(mean: [Double], sigma: Double, populationSize: Int? = nil, active: Bool = true) throws(ParameterError) {
        try ParameterError.require(!mean.isEmpty && mean.allSatisfy(\.isFinite), Self.self, "mean",
                                   "must hold at least one finite number")
        try ParameterError.require(sigma.isFinite && sigma > 0, Self.self, "sigma", "must be finite and positive (got \(sigma))")
        parameters = try CMAParameters(dimension: mean.count, populationSize: populationSize, active: active)
        let n = mean.count
        self.mean = mean
        self.sigma = sigma
        initialSigma = sigma
        covariance = Self.identity(n)
        basis = Self.identity(n)
        scales = [Double](repeating: 1, count: n)
        covariancePath = [Double](repeating: 0, count: n)
        stepPath = [Double](repeating: 0, count: n)
    }

    static func identity(_ n: Int) -> [Double] {
        var matrix = [Double](repeating: 0, count: n * n)
        for i in 0..<n { matrix[i * n + i] = 1 }
        return matrix
    }

    /// The dimension n.
    public var dimension: Int { parameters.dimension }
    /// λ.
    public var populationSize: Int { parameters.populationSize }
    /// The best value of each of the last generations told through ``tell(_:values:)``, newest last.
    public var recentBest: [Double] { progress.recentBest }
    /// The best candidate told through ``tell(_:values:)`` and its value.
    public var best: (candidate: [Double], value: Double)? { progress.bestValue.map { (progress.bestCandidate, $0) } }

    /// (max d / min d)², the condition number of C as of the last decomposition.
    public var conditionNumber: Double {
        guard let high = scales.max(), let low = scales.min(), low > 0 else { return .infinity }
        return (high / low) * (high / low)
    }

    /// σ · max d.
    public var largestDeviation: Double { sigma * (scales.max() ?? 0) }


    /// The candidates of standard normal rows `z` (row-major): `mean + σ · z · (B diag(d))ᵀ`.
    ///
    /// - Complexity: O(rows · n²), one `dgemm`.
    public func transform(_ z: [Double], rows: Int) -> [Double] {
        let n = dimension
        precondition(z.count == rows * n, "\(z.count) normals for \(rows) rows of \(n)")
        // z · diag(d) · Bᵀ: each row's normals scaled by d, then one product with B.
        var scaled = z
        var out = [Double](repeating: 0, count: rows * n)
        scaled.withUnsafeMutableBufferPointer { s in
            out.withUnsafeMutableBufferPointer { o in
                scales.withUnsafeBufferPointer { d in
                    mean.withUnsafeBufferPointer { m in
                        for row in 0..<rows {
                            for j in 0..<n {
                                s[row * n + j] *= d[j]
                                o[row * n + j] = m[j]
                            }
                        }
                    }
                }
            }
        }
        scaled.withUnsafeBufferPointer { zb in
            basis.withUnsafeBufferPointer { ab in
                out.withUnsafeMutableBufferPointer { ob in
                    BLAS.gemm(.none, .transposed, m: rows, n: n, k: n, alpha: sigma, a: zb, lda: n, b: ab, ldb: n,
                              beta: 1, c: ob, ldc: n)
                }
            }
        }
        return out
    }

    /// Updates the distribution from candidates and their values (lower is better; ties go
    /// to the earlier candidate), and records the best value for the stopping tests. Rows
    /// with a NaN value rank last.
    ///
    /// - Parameter normals: Not needed by this strategy (it works from the candidates); accepted
    ///   so that every strategy of the family is told alike.
    /// - Precondition: `values` has one value per candidate row, and there are at least μ.
    public mutating func tell(_ candidates: [Double], values: [Double], normals: [Double]? = nil) {
        let order = CMAProgress.ranking(values)
        progress.record(candidates, values: values, order: order, dimension: dimension,
                        window: CMAProgress.window(dimension: dimension, populationSize: populationSize))
        tell(candidates, ranking: order)
    }

    /// Updates the distribution from candidates ranked best first, with the default μ
    /// parents (and the negative weights when ``CMAParameters/active`` and `ranking` ranks λ
    /// candidates).
    ///
    /// - Precondition: `candidates` holds whole rows and `ranking` at least μ valid indices.
    public mutating func tell(_ candidates: [Double], ranking: [Int]) {
        update(candidates, ranking: ranking, parameters: parameters)
    }

    /// The update works from the candidates alone.
    public var usesNormals: Bool { false }

    /// Updates the distribution from one generation with `parents` parents: the mean, both
    /// paths, σ and C, then a new eigendecomposition when due.
    ///
    /// With `parents` = ⌊λ / 2⌋ this is ``tell(_:ranking:)`` (negative weights included when
    /// active); with another count the weights are `ln(parents + 1/2) − ln i`, the learning
    /// rates follow from their μ_eff, and there are no negative weights (pyribs' emitters).
    /// `normals` is not used: the update works from the candidates, clipped or not.
    ///
    /// - Complexity: O(parents · n²) with one `dgemm`, plus O(n³) when a decomposition is due.
    public mutating func tell(_ candidates: [Double], normals: [Double], ranking: [Int], parents: Int) {
        precondition(parents >= 0, "parents must not be negative (got \(parents))")
        if parents == 0 {
            precondition(candidates.count % dimension == 0, "need whole rows")
            evaluations += candidates.count / dimension
            return
        }
        if parents == parameters.parents {
            update(candidates, ranking: ranking, parameters: parameters)
        } else {
            // Valid by construction: n ≥ 1, λ ≥ parents ≥ 1, no negative weights.
            let p = try! CMAParameters(dimension: dimension, populationSize: max(populationSize, parents, 2), parents: parents)
            update(candidates, ranking: ranking, parameters: p)
        }
    }

    /// The update of ``tell(_:normals:ranking:parents:)`` with the parameters `p`.
    private mutating func update(_ candidates: [Double], ranking: [Int], parameters p: CMAParameters) {
        let n = dimension
        let rows = candidates.count / n
        precondition(candidates.count == rows * n && ranking.count >= p.parents, "need whole rows and at least μ ranked")
        // Negative weights only when λ candidates are ranked: ranks μ + 1 … λ.
        let negatives = p.active && ranking.count == p.populationSize ? p.negativeWeights.count : 0
        let used = p.parents + negatives
        // y_i = (x_i − m) / σ for the ranked rows used; y_w the weighted sum of the parents'.
        var y = [Double](repeating: 0, count: used * n)
        var yw = [Double](repeating: 0, count: n)
        for k in 0..<used {
            let index = ranking[k]
            precondition(index >= 0 && index < rows, "ranked index \(index) outside the \(rows) candidates")
            for j in 0..<n {
                let value = (candidates[index * n + j] - mean[j]) / sigma
                y[k * n + j] = value
                if k < p.parents { yw[j] += p.weights[k] * value }
            }
        }
        for j in 0..<n { mean[j] += sigma * yw[j] }
        // C^(−1/2) y_w = B diag(1/d) Bᵀ y_w.
        let inner = whitenedCoordinates(yw, 0)
        var rotated = [Double](repeating: 0, count: n)
        basis.withUnsafeBufferPointer { bb in
            inner.withUnsafeBufferPointer { ib in
                rotated.withUnsafeMutableBufferPointer { rb in
                    BLAS.gemm(.none, .none, m: n, n: 1, k: n, a: bb, lda: n, b: ib, ldb: 1, c: rb, ldc: 1)
                }
            }
        }
        let csFactor = (p.cs * (2 - p.cs) * p.effectiveParents).squareRoot()
        for i in 0..<n { stepPath[i] = (1 - p.cs) * stepPath[i] + csFactor * rotated[i] }
        let stepNorm = stepPath.reduce(0) { $0 + $1 * $1 }.squareRoot()
        generation += 1
        evaluations += rows
        let decay = 1 - pow(1 - p.cs, Double(2 * generation))
        let stalled = stepNorm / decay.squareRoot() >= (1.4 + 2 / Double(n + 1)) * p.expectedNorm
        let ccFactor = stalled ? 0 : (p.cc * (2 - p.cc) * p.effectiveParents).squareRoot()
        for j in 0..<n { covariancePath[j] = (1 - p.cc) * covariancePath[j] + ccFactor * yw[j] }
        // C ← (1 + c₁ δ − c₁ − c_μ Σ wⱼ) C + c₁ p_c p_cᵀ + c_μ Σ wᵢ° yᵢ yᵢᵀ, with
        // wᵢ° = wᵢ n / ‖C^(−1/2) yᵢ‖² for the negative weights.
        // ‖C^(−1/2) yᵢ‖² = ‖diag(1/d) Bᵀ yᵢ‖² for the negative rows, their coordinates in the
        // eigenbasis as one product Y⁻ B.
        var eigenCoordinates = [Double](repeating: 0, count: negatives * n)
        if negatives > 0 {
            y.withUnsafeBufferPointer { yb in
                basis.withUnsafeBufferPointer { bb in
                    eigenCoordinates.withUnsafeMutableBufferPointer { eb in
                        BLAS.gemm(.none, .none, m: negatives, n: n, k: n, a: UnsafeBufferPointer(rebasing: yb[(p.parents * n)...]),
                                  lda: n, b: bb, ldb: n, c: eb, ldc: n)
                    }
                }
            }
        }
        var weighted = y
        var weightSum = 1.0
        for k in 0..<used {
            var w: Double
            if k < p.parents {
                w = p.weights[k]
            } else {
                let wk = p.negativeWeights[k - p.parents]
                weightSum += wk
                var norm2 = 0.0
                for j in 0..<n {
                    let coordinate = eigenCoordinates[(k - p.parents) * n + j] / scales[j]
                    norm2 += coordinate * coordinate
                }
                w = norm2 > 0 ? wk * Double(n) / norm2 : 0
            }
            for j in 0..<n { weighted[k * n + j] *= w }
        }
        let delta = stalled ? p.cc * (2 - p.cc) : 0
        let keep = 1 - p.c1 - p.cmu * weightSum + p.c1 * delta
        // keep · C + c₁ p_c p_cᵀ as one product of depth 1, then the rank-μ term.
        covariancePath.withUnsafeBufferPointer { pb in
            covariance.withUnsafeMutableBufferPointer { cb in
                BLAS.gemm(.none, .none, m: n, n: n, k: 1, alpha: p.c1, a: pb, lda: 1, b: pb, ldb: n, beta: keep, c: cb, ldc: n)
            }
        }
        y.withUnsafeBufferPointer { yb in
            weighted.withUnsafeBufferPointer { wb in
                covariance.withUnsafeMutableBufferPointer { cb in
                    BLAS.gemm(.transposed, .none, m: n, n: n, k: used, alpha: p.cmu, a: wb, lda: n, b: yb, ldb: n,
                              beta: 1, c: cb, ldc: n)
                }
            }
        }
        // Symmetrise what rounding made uneven.
        covariance.withUnsafeMutableBufferPointer { c in
            for i in 0..<n { for j in (i + 1)..<n {
                let average = (c[i * n + j] + c[j * n + i]) / 2
                c[i * n + j] = average
                c[j * n + i] = average
            } }
        }
        sigma *= exp((p.cs / p.damping) * (stepNorm / p.expectedNorm - 1))
        if Double(evaluations - decomposedAt) > parameters.decompositionGap { decompose() }
    }

    /// diag(1/d) Bᵀ v for the `n` numbers of `v` from `offset`: v in the eigenbasis, whitened.
    private func whitenedCoordinates(_ v: [Double], _ offset: Int) -> [Double] {
        let n = dimension
        var out = [Double](repeating: 0, count: n)
        basis.withUnsafeBufferPointer { bb in
            v.withUnsafeBufferPointer { vb in
                out.withUnsafeMutableBufferPointer { ob in
                    BLAS.gemm(.transposed, .none, m: n, n: 1, k: n, a: bb, lda: n,
                              b: UnsafeBufferPointer(rebasing: vb[offset ..< offset + n]), ldb: 1, c: ob, ldc: 1)
                }
            }
        }
        for k in 0..<n { out[k] /= scales[k] }
        return out
    }

    /// Renews `basis` and `scales` from the covariance (LAPACK `dsyevd`); a failed or
    /// non-positive decomposition keeps the previous one.
    public mutating func decompose() {
        let n = dimension
        decomposedAt = evaluations
        guard let eigen = try? SymmetricEigen(Matrix(rows: n, columns: n, storage: covariance)),
              let smallest = eigen.values.first, smallest > 0 else { return }
        basis = eigen.vectors.storage
        scales = eigen.values.map { $0.squareRoot() }
    }

    /// Starts afresh at `mean`: σ₀, the identity covariance, empty paths, counters and values.
    ///
    /// - Precondition: `mean` has ``dimension`` finite numbers.
    public mutating func reset(mean: [Double]) {
        let n = dimension
        precondition(mean.count == n && mean.allSatisfy(\.isFinite), "reset needs \(n) finite numbers")
        self.mean = mean
        sigma = initialSigma
        covariance = Self.identity(n)
        basis = Self.identity(n)
        scales = [Double](repeating: 1, count: n)
        covariancePath = [Double](repeating: 0, count: n)
        stepPath = [Double](repeating: 0, count: n)
        generation = 0
        evaluations = 0
        decomposedAt = 0
        progress = CMAProgress()
    }

    /// Why the run should stop, by pycma's tests (`tolfun`, `tolx`, `conditioncov`,
    /// `noeffectaxis`, `noeffectcoord`), or `nil` to go on.
    public var stop: CMAStopReason? {
        let n = dimension
        if progress.isFlat(window: CMAProgress.window(dimension: n, populationSize: populationSize), tolerance: tolerances.function) {
            return .functionTolerance
        }
        if (0..<n).allSatisfy({ sigma * max(covariance[$0 * n + $0].squareRoot(), abs(covariancePath[$0])) < tolerances.step }) {
            return .stepTolerance
        }
        if conditionNumber > tolerances.condition {
            return .condition
        }
        let axis = generation % n
        if (0..<n).allSatisfy({ mean[$0] == mean[$0] + 0.1 * sigma * scales[axis] * basis[$0 * n + axis] }) {
            return .noEffectAxis
        }
        if (0..<n).contains(where: { mean[$0] == mean[$0] + 0.2 * sigma * covariance[$0 * n + $0].squareRoot() }) {
            return .noEffectCoordinate
        }
        return nil
    }

    public static func == (a: CMAEvolutionStrategy, b: CMAEvolutionStrategy) -> Bool {
        a.parameters == b.parameters && a.initialSigma == b.initialSigma && a.mean == b.mean && a.sigma == b.sigma
            && a.covariance == b.covariance && a.covariancePath == b.covariancePath && a.stepPath == b.stepPath
            && a.basis == b.basis && a.scales == b.scales && a.generation == b.generation && a.evaluations == b.evaluations
            && a.decomposedAt == b.decomposedAt && a.progress == b.progress && a.tolerances == b.tolerances
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(mean)
        hasher.combine(sigma)
        hasher.combine(generation)
    }
}

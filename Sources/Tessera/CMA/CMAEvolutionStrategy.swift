import Foundation

/// Full-covariance CMA-ES as an ask/tell optimiser (Hansen, *The CMA Evolution Strategy: A
/// Tutorial*, arXiv 1604.00772): weighted recombination, cumulative step-size adaptation,
/// rank-one and rank-μ covariance updates. It minimises.
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
public struct CMAEvolutionStrategy: Codable, Hashable, Sendable {
    /// The strategy parameters.
    public let parameters: CMAParameters
    /// The distribution's mean.
    public private(set) var mean: [Double]
    /// The step size σ.
    public private(set) var sigma: Double
    /// The covariance C, `n × n`, row-major.
    public private(set) var covariance: [Double]
    /// The evolution path of the covariance, p_c.
    public private(set) var covariancePath: [Double]
    /// The evolution path of the step size, p_σ.
    public private(set) var stepPath: [Double]
    /// The eigenvectors of C as columns, `n × n`, row-major (as of the last decomposition).
    public private(set) var basis: [Double]
    /// The square roots of C's eigenvalues (as of the last decomposition).
    public private(set) var scales: [Double]
    /// Generations told.
    public private(set) var generation = 0
    /// Candidates told.
    public private(set) var evaluations = 0
    /// The evaluations at the last decomposition.
    private var decomposedAt = 0
    /// The best value of each of the last generations, newest last (for the stopping tests).
    public private(set) var recentBest: [Double] = []
    /// The best candidate told so far and its value.
    public var best: (candidate: [Double], value: Double)? { bestValue.map { (bestCandidate, $0) } }
    private var bestCandidate: [Double] = []
    private var bestValue: Double?
    /// The stopping tolerances.
    public var tolerances = Tolerances()

    private enum CodingKeys: String, CodingKey {
        case parameters, mean, sigma, covariance, covariancePath, stepPath, basis, scales, generation, evaluations
        case decomposedAt, recentBest, bestCandidate, bestValue, tolerances
    }

    /// pycma's stopping tolerances.
    public struct Tolerances: Codable, Hashable, Sendable {
        /// Stop when the best values of the last `10 + ⌈30 n / λ⌉` generations span less than this.
        public var function = 1e-11
        /// Stop when σ times every coordinate's standard deviation and path is below this.
        public var step = 1e-11
        /// Stop when the covariance's condition number exceeds this.
        public var condition = 1e14
        /// Creates pycma's defaults.
        public init() {}
    }

    /// Why a run should stop.
    public enum StopReason: String, Codable, Hashable, Sendable {
        /// The recent best values no longer change (`tolfun`).
        case functionTolerance
        /// The step is below the tolerance in every coordinate (`tolx`).
        case stepTolerance
        /// The covariance is too ill-conditioned (`conditioncov`).
        case condition
        /// A step of 0.1σ along a principal axis no longer changes the mean (`noeffectaxis`).
        case noEffectAxis
        /// A step of 0.2σ in a coordinate no longer changes the mean (`noeffectcoord`).
        case noEffectCoordinate
    }

    /// A distribution at `mean` with step size `sigma` and the identity covariance.
    ///
    /// - Throws: ``ParameterError`` for an empty or non-finite mean, a non-positive or
    ///   non-finite σ, or a bad population size.
    public init(mean: [Double], sigma: Double, populationSize: Int? = nil) throws(ParameterError) {
        try ParameterError.require(!mean.isEmpty && mean.allSatisfy(\.isFinite), Self.self, "mean",
                                   "must hold at least one finite number")
        try ParameterError.require(sigma.isFinite && sigma > 0, Self.self, "sigma", "must be finite and positive (got \(sigma))")
        parameters = try CMAParameters(dimension: mean.count, populationSize: populationSize)
        let n = mean.count
        self.mean = mean
        self.sigma = sigma
        covariance = Self.identity(n)
        basis = Self.identity(n)
        scales = [Double](repeating: 1, count: n)
        covariancePath = [Double](repeating: 0, count: n)
        stepPath = [Double](repeating: 0, count: n)
    }

    private static func identity(_ n: Int) -> [Double] {
        var matrix = [Double](repeating: 0, count: n * n)
        for i in 0..<n { matrix[i * n + i] = 1 }
        return matrix
    }

    /// The dimension.
    public var dimension: Int { parameters.dimension }

    /// Samples `count` candidates (λ by default), row-major, each `mean + σ B diag(d) z`
    /// with `z` standard normal from `rng`.
    public func ask(count: Int? = nil, using rng: inout Xoshiro256) -> [Double] {
        let n = dimension, rows = count ?? parameters.populationSize
        var z = [Double](repeating: 0, count: rows * n)
        z.withUnsafeMutableBufferPointer { NormalSampler.fill($0, using: &rng) }
        return transform(z, rows: rows)
    }

    /// The candidates of standard normal rows `z` (row-major): `mean + σ · z · (B diag(d))ᵀ`.
    public func transform(_ z: [Double], rows: Int) -> [Double] {
        let n = dimension
        precondition(z.count == rows * n, "\(z.count) normals for \(rows) rows of \(n)")
        // A = B diag(d): column j of B scaled by d_j.
        var a = basis
        for i in 0..<n { for j in 0..<n { a[i * n + j] *= scales[j] } }
        var out = [Double](repeating: 0, count: rows * n)
        for row in 0..<rows { for j in 0..<n { out[row * n + j] = mean[j] } }
        z.withUnsafeBufferPointer { zb in
            a.withUnsafeBufferPointer { ab in
                out.withUnsafeMutableBufferPointer { ob in
                    BLAS.gemm(.none, .transposed, m: rows, n: n, k: n, alpha: sigma, a: zb, lda: n, b: ab, ldb: n,
                              beta: 1, c: ob, ldc: n)
                }
            }
        }
        return out
    }

    /// Updates the distribution from candidates and their values (lower is better; ties go
    /// to the earlier candidate). Rows with a NaN value rank last.
    ///
    /// - Precondition: `values` has one value per candidate row, and there are at least μ.
    public mutating func tell(_ candidates: [Double], values: [Double]) {
        let order = values.indices.sorted { a, b in
            let (x, y) = (values[a], values[b])
            if x.isNaN != y.isNaN { return y.isNaN }
            return x != y ? x < y : a < b
        }
        if let first = order.first, !values[first].isNaN {
            recentBest.append(values[first])
            let window = 10 + Int((30 * Double(dimension) / Double(parameters.populationSize)).rounded(.up))
            if recentBest.count > window { recentBest.removeFirst(recentBest.count - window) }
            if bestValue.map({ values[first] < $0 }) ?? true {
                let n = dimension
                bestCandidate = Array(candidates[first * n ..< (first + 1) * n])
                bestValue = values[first]
            }
        }
        tell(candidates, ranking: order)
    }

    /// Updates the distribution from candidates ranked best first (the first μ indices of
    /// `ranking` are the parents): the mean, both paths, σ and C, then a new
    /// eigendecomposition when due.
    ///
    /// - Precondition: `candidates` holds whole rows and `ranking` at least μ valid indices.
    public mutating func tell(_ candidates: [Double], ranking: [Int]) {
        let n = dimension, p = parameters
        let rows = candidates.count / n
        precondition(candidates.count == rows * n && ranking.count >= p.parents, "need whole rows and at least μ ranked")
        // y_i = (x_i − m) / σ for the parents; y_w their weighted sum.
        var y = [Double](repeating: 0, count: p.parents * n)
        var yw = [Double](repeating: 0, count: n)
        for (k, index) in ranking.prefix(p.parents).enumerated() {
            precondition(index >= 0 && index < rows, "ranked index \(index) outside the \(rows) candidates")
            for j in 0..<n {
                let value = (candidates[index * n + j] - mean[j]) / sigma
                y[k * n + j] = value
                yw[j] += p.weights[k] * value
            }
        }
        for j in 0..<n { mean[j] += sigma * yw[j] }
        // C^(−1/2) y_w = B diag(1/d) Bᵀ y_w.
        var inner = [Double](repeating: 0, count: n)
        for k in 0..<n {
            var sum = 0.0
            for i in 0..<n { sum += basis[i * n + k] * yw[i] }
            inner[k] = sum / scales[k]
        }
        let csFactor = (p.cs * (2 - p.cs) * p.effectiveParents).squareRoot()
        for i in 0..<n {
            var sum = 0.0
            for k in 0..<n { sum += basis[i * n + k] * inner[k] }
            stepPath[i] = (1 - p.cs) * stepPath[i] + csFactor * sum
        }
        let stepNorm = stepPath.reduce(0) { $0 + $1 * $1 }.squareRoot()
        generation += 1
        evaluations += rows
        let decay = 1 - pow(1 - p.cs, Double(2 * generation))
        let stalled = stepNorm / decay.squareRoot() >= (1.4 + 2 / Double(n + 1)) * p.expectedNorm
        let ccFactor = stalled ? 0 : (p.cc * (2 - p.cc) * p.effectiveParents).squareRoot()
        for j in 0..<n { covariancePath[j] = (1 - p.cc) * covariancePath[j] + ccFactor * yw[j] }
        // C ← (1 − c₁ − c_μ + c₁ δ) C + c₁ p_c p_cᵀ + c_μ Σ wᵢ yᵢ yᵢᵀ.
        let delta = stalled ? p.cc * (2 - p.cc) : 0
        let keep = 1 - p.c1 - p.cmu + p.c1 * delta
        var weighted = y
        for k in 0..<p.parents { for j in 0..<n { weighted[k * n + j] *= p.weights[k] } }
        for i in 0..<(n * n) { covariance[i] *= keep }
        for i in 0..<n { for j in 0..<n { covariance[i * n + j] += p.c1 * covariancePath[i] * covariancePath[j] } }
        y.withUnsafeBufferPointer { yb in
            weighted.withUnsafeBufferPointer { wb in
                covariance.withUnsafeMutableBufferPointer { cb in
                    BLAS.gemm(.transposed, .none, m: n, n: n, k: p.parents, alpha: p.cmu, a: wb, lda: n, b: yb, ldb: n,
                              beta: 1, c: cb, ldc: n)
                }
            }
        }
        // Symmetrise what rounding made uneven.
        for i in 0..<n { for j in (i + 1)..<n {
            let average = (covariance[i * n + j] + covariance[j * n + i]) / 2
            covariance[i * n + j] = average
            covariance[j * n + i] = average
        } }
        sigma *= exp((p.cs / p.damping) * (stepNorm / p.expectedNorm - 1))
        if Double(evaluations - decomposedAt) > Double(p.populationSize) / (p.c1 + p.cmu) / Double(n) / 10 {
            decompose()
        }
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

    /// Why the run should stop, by pycma's tests, or `nil` to go on.
    public var stop: StopReason? {
        let n = dimension
        let window = 10 + Int((30 * Double(n) / Double(parameters.populationSize)).rounded(.up))
        if recentBest.count >= window, let low = recentBest.min(), let high = recentBest.max(),
           high - low < tolerances.function {
            return .functionTolerance
        }
        if (0..<n).allSatisfy({ sigma * max(covariance[$0 * n + $0].squareRoot(), abs(covariancePath[$0])) < tolerances.step }) {
            return .stepTolerance
        }
        if let high = scales.max(), let low = scales.min(), low > 0, (high / low) * (high / low) > tolerances.condition {
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
        a.parameters == b.parameters && a.mean == b.mean && a.sigma == b.sigma && a.covariance == b.covariance
            && a.covariancePath == b.covariancePath && a.stepPath == b.stepPath && a.basis == b.basis && a.scales == b.scales
            && a.generation == b.generation && a.evaluations == b.evaluations && a.decomposedAt == b.decomposedAt
            && a.recentBest == b.recentBest && a.bestCandidate == b.bestCandidate && a.bestValue == b.bestValue
            && a.tolerances == b.tolerances
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(mean)
        hasher.combine(sigma)
        hasher.combine(generation)
    }
}

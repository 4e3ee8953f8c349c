import Foundation

/// An estimation-of-distribution emitter: draws children from a multivariate normal
/// model N(m, σ² C) and re-estimates the model from the children the archive took.
///
/// This is EMNA (Larrañaga & Lozano 2002, *Estimation of Distribution Algorithms*, ch. 3)
/// with learning rates, as in the EMNA variants of the CMA-ES literature (Hansen 2006,
/// *The CMA Evolution Strategy: A Comparing Review*, §3): after each iteration, with
/// `x₁ … xₙ` the children that were added to the archive (status new or improved) and
/// `yᵢ = (xᵢ − m) / σ`,
///
/// ```
/// m ← (1 − c_m) · m + c_m · mean(xᵢ)
/// C ← (1 − c) · C + c · (1/n) Σ yᵢ yᵢᵀ
/// ```
///
/// and `C = L Lᵀ` is refactored (a small ridge is added when rounding makes `C` lose
/// positive definiteness). The covariance is estimated around the *old* mean, as in
/// CMA-ES's rank-μ update. A child is `m + σ · L z` with `z ~ N(0, I)` drawn from its
/// row's own random stream, then brought into ``bounds``.
///
/// State, for a `d`-dimensional genome: ``mean`` (`d`), ``covariance`` and ``cholesky``
/// (`d` × `d`, row-major; ``cholesky`` is lower triangular). It is saved as binary parts
/// (``saveState()``), so a 100 × 100 model costs 160 kB per checkpoint in which it
/// changed, and nothing in one in which it did not.
public struct GaussianModelEmitter: Emitter {
    public typealias Genome = [Double]

    public let batchSize: Int
    /// The step size σ: children are drawn from N(m, σ² C).
    public let sigma: Double
    /// The mean's learning rate c_m, in (0, 1].
    public let meanLearningRate: Double
    /// The covariance's learning rate c, in (0, 1].
    public let covarianceLearningRate: Double
    /// The mean the model starts from (its covariance starts as the identity).
    public let initialMean: [Double]
    /// Applied to every child after sampling.
    public let bounds: GenomeBounds?

    /// The model's mean m, `d` numbers.
    public internal(set) var mean: [Double]
    /// The model's covariance C, `d` × `d`, row-major, symmetric positive definite.
    public internal(set) var covariance: [Double]
    /// The lower-triangular Cholesky factor L of ``covariance`` (`C = L Lᵀ`), `d` × `d`,
    /// row-major, zero above the diagonal.
    public internal(set) var cholesky: [Double]
    /// The iterations whose children changed the model.
    public internal(set) var updates: Int
    /// The factorisations that needed a ridge added to the covariance.
    public internal(set) var repairs: Int

    /// Creates the emitter with the model N(`initialMean`, σ² I).
    ///
    /// - Parameters:
    ///   - initialMean: The model's first mean: non-empty and finite; its length is the
    ///     emitter's ``genomeLayout``.
    ///   - sigma: The step size σ, finite and above 0.
    ///   - batchSize: Children per iteration, at least 1.
    ///   - meanLearningRate: c_m, in (0, 1] (1 by default: the mean of the added children).
    ///   - covarianceLearningRate: c, in (0, 1] (0.2 by default).
    ///   - bounds: Optional box children are brought back into, of `initialMean`'s dimension.
    /// - Throws: ``ParameterError`` for a value outside these ranges.
    /// - Complexity: O(d²) memory.
    public init(initialMean: [Double], sigma: Double, batchSize: Int, meanLearningRate: Double = 1,
                covarianceLearningRate: Double = 0.2, bounds: GenomeBounds? = nil) throws(ParameterError) {
        try ParameterError.requirePositive(batchSize, Self.self, "batchSize")
        try ParameterError.require(!initialMean.isEmpty, Self.self, "initialMean", "must not be empty")
        try ParameterError.require(initialMean.allSatisfy(\.isFinite), Self.self, "initialMean",
                                   "must be finite (holds NaN or an infinity)")
        try ParameterError.require(sigma.isFinite && sigma > 0, Self.self, "sigma", "must be finite and positive (got \(sigma))")
        for (name, rate) in [("meanLearningRate", meanLearningRate), ("covarianceLearningRate", covarianceLearningRate)] {
            try ParameterError.require(rate > 0 && rate <= 1, Self.self, name, "must be in (0, 1] (got \(rate))")
        }
        if let bounds {
            try ParameterError.require(bounds.box.dimension == initialMean.count, Self.self, "bounds",
                                       "have dimension \(bounds.box.dimension), the initial mean \(initialMean.count)")
        }
        let d = initialMean.count
        self.batchSize = batchSize
        self.sigma = sigma
        self.meanLearningRate = meanLearningRate
        self.covarianceLearningRate = covarianceLearningRate
        self.initialMean = initialMean
        self.bounds = bounds
        mean = initialMean
        covariance = Matrix.identity(d).storage
        cholesky = covariance
        updates = 0
        repairs = 0
    }

    /// The dimension of the children: the length of ``initialMean``.
    public var genomeLayout: Int? { initialMean.count }

    /// Draws each row's child `m + σ · L z`, `z ~ N(0, I)` from the row's stream, then
    /// applies ``bounds``; children have no parent (−1).
    ///
    /// - Complexity: O(d²) per child.
    public func generate<A: Archive>(rows: Range<Int>, into children: inout VectorColumn, parents: inout [Int32],
                                     archive: A, context: GenerationContext) where A.Genome == [Double] {
        let d = mean.count
        precondition(children.dimension == d, "children and model differ in dimension")
        var z = [Double](repeating: 0, count: d)
        cholesky.withUnsafeBufferPointer { l in
            children.storage.withUnsafeMutableBufferPointer { out in
                for (position, row) in rows.enumerated() {
                    var rng = context.stream(row: row)
                    parents[position] = -1
                    z.withUnsafeMutableBufferPointer { NormalSampler.fill($0, using: &rng) }
                    let child = UnsafeMutableBufferPointer(rebasing: out[position * d ..< (position + 1) * d])
                    for i in 0..<d {
                        var sum = 0.0
                        for j in 0...i { sum += l[i * d + j] * z[j] }
                        child[i] = mean[i] + sigma * sum
                    }
                    bounds?.apply(to: child)
                }
            }
        }
    }

    /// Re-estimates the model from this emitter's children that were added to the archive;
    /// the model is unchanged when none was.
    ///
    /// - Complexity: O(n d² + d³) for n added children.
    public mutating func tell<A: Archive>(_ feedback: EmitterFeedback<[Double]>, archive: A) where A.Genome == [Double] {
        let added = feedback.rows.filter { feedback.report.statuses[$0].isAdded }
        guard !added.isEmpty else { return }
        let d = mean.count, n = Double(added.count)
        var average = [Double](repeating: 0, count: d)
        var sample = [Double](repeating: 0, count: d * d)
        var y = [Double](repeating: 0, count: d)
        for row in added {
            let x = feedback.children[row]
            for i in 0..<d {
                average[i] += x[i] / n
                y[i] = (x[i] - mean[i]) / sigma
            }
            for i in 0..<d {
                for j in 0...i { sample[i * d + j] += y[i] * y[j] / n }
            }
        }
        let c = covarianceLearningRate
        for i in 0..<d {
            for j in 0...i {
                let value = (1 - c) * covariance[i * d + j] + c * sample[i * d + j]
                covariance[i * d + j] = value
                covariance[j * d + i] = value
            }
        }
        for i in 0..<d { mean[i] = (1 - meanLearningRate) * mean[i] + meanLearningRate * average[i] }
        refactor()
        updates += 1
    }

    /// Recomputes ``cholesky``; when rounding left ``covariance`` not positive definite,
    /// adds a ridge of 10⁻¹⁰ times its mean diagonal (growing tenfold until it factors),
    /// and falls back to the identity when nothing helps (a non-finite covariance).
    mutating func refactor() {
        let d = mean.count
        if let factor = try? Cholesky(Matrix(rows: d, columns: d, storage: covariance)) {
            cholesky = factor.lower.storage
            return
        }
        repairs += 1
        let scale = max((0..<d).reduce(0) { $0 + covariance[$1 * d + $1] } / Double(d), 1e-300)
        var ridge = 1e-10 * scale
        for _ in 0..<12 {
            var ridged = covariance
            for i in 0..<d { ridged[i * d + i] += ridge }
            if let factor = try? Cholesky(Matrix(rows: d, columns: d, storage: ridged)) {
                covariance = ridged
                cholesky = factor.lower.storage
                return
            }
            ridge *= 10
        }
        covariance = Matrix.identity(d).storage
        cholesky = covariance
    }
}

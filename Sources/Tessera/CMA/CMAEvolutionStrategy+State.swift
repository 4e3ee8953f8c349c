extension CMAEvolutionStrategy {
    /// The scalars of a saved strategy, one small JSON part.
    struct Scalars: Codable, Hashable {
        var sigma: Double
        var generation: Int
        var evaluations: Int
        var decomposedAt: Int
        var recentBest: [Double]
        var bestValue: Double?
    }

    /// The state as binary parts — `mean`, `covariancePath`, `stepPath`, `scales` (n
    /// doubles each), `covariance` and `basis` (n × n, row-major), `bestCandidate` (n
    /// doubles, or none before a value was told) — and a JSON part `scalars` (σ, the
    /// counters, the recent and best values), every key prefixed by `prefix`. The parameters
    /// and tolerances are configuration, rebuilt by the caller.
    ///
    /// - Complexity: O(n²).
    public func save(into state: inout ComponentState, prefix: String) {
        state.set(prefix + "mean", .doubles(mean))
        state.set(prefix + "covariance", .doubles(covariance))
        state.set(prefix + "covariancePath", .doubles(covariancePath))
        state.set(prefix + "stepPath", .doubles(stepPath))
        state.set(prefix + "basis", .doubles(basis))
        state.set(prefix + "scales", .doubles(scales))
        state.set(prefix + "bestCandidate", .doubles(progress.bestCandidate))
        // Plain numbers and arrays: encoding cannot fail.
        try! state.set(prefix + "scalars", json: Scalars(sigma: sigma, generation: generation, evaluations: evaluations,
                                                         decomposedAt: decomposedAt, recentBest: progress.recentBest,
                                                         bestValue: progress.bestValue))
    }

    /// Restores what ``save(into:prefix:)`` wrote, after checking it: this strategy's
    /// dimension, finite numbers, a symmetric covariance with a positive diagonal, positive
    /// scales, σ finite and positive, counters of at least 0. Nothing changes when it throws.
    ///
    /// - Throws: ``RestoreError`` for a missing, mismatched or impossible part.
    /// - Complexity: O(n²).
    public mutating func restore(from state: ComponentState, prefix: String) throws {
        let n = dimension
        let reader = StrategyStateReader(state: state, prefix: prefix, owner: "CMAEvolutionStrategy")
        let mean = try reader.finite("mean", count: n)
        let covariance = try reader.finite("covariance", count: n * n)
        let covariancePath = try reader.finite("covariancePath", count: n)
        let stepPath = try reader.finite("stepPath", count: n)
        let basis = try reader.finite("basis", count: n * n)
        let scales = try reader.finite("scales", count: n)
        let scalars = try reader.decode(Scalars.self, "scalars")
        let bestCandidate = try state.doubles(prefix + "bestCandidate")
        let progress = CMAProgress(recentBest: scalars.recentBest, bestCandidate: bestCandidate, bestValue: scalars.bestValue)
        try reader.check(sigma: scalars.sigma, generation: scalars.generation, evaluations: scalars.evaluations,
                         progress: progress, dimension: n)
        for i in 0..<n {
            guard covariance[i * n + i] > 0 else { throw reader.refuse("covariance has a diagonal element at or below 0 (row \(i))") }
            for j in 0..<i where covariance[i * n + j] != covariance[j * n + i] {
                throw reader.refuse("covariance is not symmetric (row \(i), column \(j))")
            }
        }
        guard scales.allSatisfy({ $0 > 0 }) else { throw reader.refuse("scales are not all positive") }
        guard scalars.decomposedAt >= 0 && scalars.decomposedAt <= scalars.evaluations else {
            throw reader.refuse("decomposition count \(scalars.decomposedAt) is outside 0...\(scalars.evaluations)")
        }
        self.mean = mean
        self.covariance = covariance
        self.covariancePath = covariancePath
        self.stepPath = stepPath
        self.basis = basis
        self.scales = scales
        sigma = scalars.sigma
        generation = scalars.generation
        evaluations = scalars.evaluations
        decomposedAt = scalars.decomposedAt
        self.progress = progress
    }
}

extension SeparableCMAEvolutionStrategy {
    /// The scalars of a saved strategy, one small JSON part.
    struct Scalars: Codable, Hashable {
        var sigma: Double
        var generation: Int
        var evaluations: Int
        var recentBest: [Double]
        var bestValue: Double?
    }

    /// The state as binary parts — `mean`, `variances`, `covariancePath`, `stepPath` (n
    /// doubles each), `bestCandidate` (n doubles, or none before a value was told) — and a
    /// JSON part `scalars` (σ, counters, recent and best values), keys prefixed by `prefix`.
    ///
    /// - Complexity: O(n).
    public func save(into state: inout ComponentState, prefix: String) {
        state.set(prefix + "mean", .doubles(mean))
        state.set(prefix + "variances", .doubles(variances))
        state.set(prefix + "covariancePath", .doubles(covariancePath))
        state.set(prefix + "stepPath", .doubles(stepPath))
        state.set(prefix + "bestCandidate", .doubles(progress.bestCandidate))
        // Plain numbers and arrays: encoding cannot fail.
        try! state.set(prefix + "scalars", json: Scalars(sigma: sigma, generation: generation, evaluations: evaluations,
                                                         recentBest: progress.recentBest, bestValue: progress.bestValue))
    }

    /// Restores what ``save(into:prefix:)`` wrote, after checking this strategy's
    /// dimension, finite numbers, positive variances, σ and the counters. Nothing changes
    /// when it throws.
    ///
    /// - Throws: ``RestoreError`` for a missing, mismatched or impossible part.
    public mutating func restore(from state: ComponentState, prefix: String) throws {
        let n = dimension
        let reader = StrategyStateReader(state: state, prefix: prefix, owner: "SeparableCMAEvolutionStrategy")
        let mean = try reader.finite("mean", count: n)
        let variances = try reader.finite("variances", count: n)
        let covariancePath = try reader.finite("covariancePath", count: n)
        let stepPath = try reader.finite("stepPath", count: n)
        let scalars = try reader.decode(Scalars.self, "scalars")
        let progress = CMAProgress(recentBest: scalars.recentBest, bestCandidate: try state.doubles(prefix + "bestCandidate"),
                                   bestValue: scalars.bestValue)
        try reader.check(sigma: scalars.sigma, generation: scalars.generation, evaluations: scalars.evaluations,
                         progress: progress, dimension: n)
        guard variances.allSatisfy({ $0 > 0 }) else { throw reader.refuse("variances are not all positive") }
        self.mean = mean
        self.variances = variances
        self.covariancePath = covariancePath
        self.stepPath = stepPath
        sigma = scalars.sigma
        generation = scalars.generation
        evaluations = scalars.evaluations
        self.progress = progress
    }
}

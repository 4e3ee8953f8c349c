extension LMMAEvolutionStrategy {
    /// The scalars of a saved strategy, one small JSON part.
    struct Scalars: Codable, Hashable {
        var sigma: Double
        var generation: Int
        var evaluations: Int
        var recentBest: [Double]
        var bestValue: Double?
    }

    /// The state as binary parts — `mean`, `stepPath` (n doubles each), `vectors` (m × n,
    /// row-major), `bestCandidate` (n doubles, or none before a value was told) — and a JSON
    /// part `scalars` (σ, counters, recent and best values), keys prefixed by `prefix`.
    ///
    /// - Complexity: O(m n).
    public func save(into state: inout ComponentState, prefix: String) {
        state.set(prefix + "mean", .doubles(mean))
        state.set(prefix + "stepPath", .doubles(stepPath))
        state.set(prefix + "vectors", .doubles(vectors))
        state.set(prefix + "bestCandidate", .doubles(progress.bestCandidate))
        // Plain numbers and arrays: encoding cannot fail.
        try! state.set(prefix + "scalars", json: Scalars(sigma: sigma, generation: generation, evaluations: evaluations,
                                                         recentBest: progress.recentBest, bestValue: progress.bestValue))
    }

    /// Restores what ``save(into:prefix:)`` wrote, after checking this strategy's
    /// dimension and vector count, finite numbers, σ and the counters. Nothing changes when
    /// it throws.
    ///
    /// - Throws: ``RestoreError`` for a missing, mismatched or impossible part.
    public mutating func restore(from state: ComponentState, prefix: String) throws {
        let n = dimension
        let reader = StrategyStateReader(state: state, prefix: prefix, owner: "LMMAEvolutionStrategy")
        let mean = try reader.finite("mean", count: n)
        let stepPath = try reader.finite("stepPath", count: n)
        let vectors = try reader.finite("vectors", count: vectorCount * n)
        let scalars = try reader.decode(Scalars.self, "scalars")
        let progress = CMAProgress(recentBest: scalars.recentBest, bestCandidate: try state.doubles(prefix + "bestCandidate"),
                                   bestValue: scalars.bestValue)
        try reader.check(sigma: scalars.sigma, generation: scalars.generation, evaluations: scalars.evaluations,
                         progress: progress, dimension: n)
        self.mean = mean
        self.stepPath = stepPath
        self.vectors = vectors
        sigma = scalars.sigma
        generation = scalars.generation
        evaluations = scalars.evaluations
        self.progress = progress
    }
}

extension Scheduler {
    /// The number of whole iterations that reach at least `evaluations` evaluations:
    /// `ceil(evaluations / batchSize)`.
    public func iterations(toReach evaluations: Int) -> Int {
        (evaluations + batchSize - 1) / batchSize
    }

    /// Runs whole iterations until at least `totalEvaluations` evaluations have been
    /// performed in the run (counting those done before, so a resumed run continues to
    /// the same total), or until `observer` returns `false`.
    ///
    /// - Parameters:
    ///   - domain: The domain evaluating the offspring.
    ///   - totalEvaluations: The run's evaluation budget; the run stops at
    ///     `ceil(totalEvaluations / batchSize)` iterations.
    ///   - evaluator: Workers and timeout.
    ///   - observer: Called after every iteration with the scheduler; return `false` to
    ///     stop at this iteration boundary.
    /// - Returns: Whether the budget was reached (`false` when the observer stopped it).
    @discardableResult
    public mutating func run<D: Domain>(domain: D, totalEvaluations: Int, evaluator: ParallelEvaluator,
                                        observer: (Scheduler) -> Bool = { _ in true }) async -> Bool where D.Genome == A.Genome {
        precondition(totalEvaluations > 0, "the evaluation budget must be positive")
        let target = iterations(toReach: totalEvaluations)
        while iteration < target {
            await step(domain: domain, evaluator: evaluator)
            if !observer(self) { return iteration >= target }
        }
        return true
    }
}

extension Scheduler {
    /// The number of whole iterations that reach at least `evaluations` evaluations:
    /// `ceil(evaluations / batchSize)`, or 0 when `evaluations` is not positive.
    ///
    /// Computed without overflow for every `Int`, `Int.max` included.
    /// - Complexity: O(number of emitters).
    public func iterations(toReach evaluations: Int) -> Int {
        guard evaluations > 0 else { return 0 }
        return (evaluations - 1) / batchSize + 1
    }

    /// Runs whole iterations until at least `totalEvaluations` evaluations have been
    /// performed in the run (counting those done before, so a resumed run continues to
    /// the same total), or until `observer` returns `false`.
    ///
    /// Any budget is accepted: one at or below the evaluations already performed returns
    /// `true` at once, and `Int.max` runs until the observer stops the run.
    ///
    /// - Parameters:
    ///   - domain: The domain evaluating the offspring.
    ///   - totalEvaluations: The run's evaluation budget; the run stops at
    ///     `ceil(totalEvaluations / batchSize)` iterations.
    ///   - evaluator: How batches are made and evaluated: a ``ParallelEvaluator`` (workers
    ///     and time-out) or a ``ConcurrentEvaluator``.
    ///   - observer: Called after every iteration with the scheduler; return `false` to
    ///     stop at this iteration boundary.
    /// - Returns: Whether the budget was reached (`false` when the observer stopped it).
    @discardableResult
    public mutating func run<D: Domain, E: Evaluator>(domain: D, totalEvaluations: Int, evaluator: E,
                                                      observer: (Scheduler) -> Bool = { _ in true }) async -> Bool
    where D.Genome == A.Genome {
        await iterate(to: totalEvaluations, observer: observer) { await $0.step(domain: domain, evaluator: evaluator) }
    }

    /// Runs whole iterations of a domain that awaits its evaluations until at least
    /// `totalEvaluations` evaluations have been performed in the run, or until `observer`
    /// returns `false`; as ``run(domain:totalEvaluations:evaluator:observer:)``.
    ///
    /// Retried attempts of transient failures are not evaluations: the budget counts rows.
    ///
    /// - Parameters:
    ///   - domain: The domain evaluating the offspring, one awaited call per row.
    ///   - totalEvaluations: The run's evaluation budget.
    ///   - evaluator: Calls in flight, time-out and retries (a ``ConcurrentEvaluator``).
    ///   - observer: Called after every iteration; return `false` to stop there.
    /// - Returns: Whether the budget was reached (`false` when the observer stopped it).
    @discardableResult
    public mutating func run<D: AsyncDomain, E: AsyncEvaluator>(domain: D, totalEvaluations: Int, evaluator: E,
                                                                observer: (Scheduler) -> Bool = { _ in true }) async -> Bool
    where D.Genome == A.Genome {
        await iterate(to: totalEvaluations, observer: observer) { await $0.step(domain: domain, evaluator: evaluator) }
    }

    /// Calls `step` for whole iterations until at least `totalEvaluations` evaluations
    /// have been performed in the run, or until `observer` returns `false`.
    private mutating func iterate(to totalEvaluations: Int, observer: (Scheduler) -> Bool,
                                  step: (inout Scheduler) async -> Void) async -> Bool {
        guard totalEvaluations > evaluations else { return true }
        let target = iterations(toReach: totalEvaluations)
        while iteration < target {
            await step(&self)
            if !observer(self) { return iteration >= target }
        }
        return true
    }
}

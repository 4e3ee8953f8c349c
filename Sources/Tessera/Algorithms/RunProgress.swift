/// Where a run stands after an iteration, for progress displays and observers.
public struct RunProgress: Sendable {
    /// Evaluations performed so far.
    public var evaluations: Int
    /// Iterations completed.
    public var iteration: Int
    /// Failed evaluations so far.
    public var failedEvaluations: Int
    /// The run's budget.
    public var totalEvaluations: Int

    /// A progress report.
    public init(evaluations: Int, iteration: Int, failedEvaluations: Int, totalEvaluations: Int) {
        self.evaluations = evaluations
        self.iteration = iteration
        self.failedEvaluations = failedEvaluations
        self.totalEvaluations = totalEvaluations
    }
}

/// What one emitter learns after an iteration: its rows of the batch, their evaluations
/// and what the archive made of them.
///
/// The columns cover the whole iteration's batch (no copy is made); the emitter's own
/// rows are ``rows``.
public struct EmitterFeedback<Genome: Tessera.Genome>: Sendable {
    /// The emitter's rows in the iteration's batch.
    public let rows: Range<Int>
    /// Every offspring of the iteration.
    public let children: BatchColumn<Genome.Column>
    /// Every evaluation of the iteration.
    public let evaluations: EvaluationBatch
    /// The archive's verdict on every row.
    public let report: AddReport
    /// The first parent cell of every row, or −1.
    public let parents: [Int32]
    /// The iteration's context (for emitter-level random draws in tell).
    public let context: GenerationContext
    /// The run's evaluation count before the batch: row `r` is evaluation
    /// `firstEvaluation + r`, the number an elite keeps as its entry (and a learned
    /// descriptor keeps its observation under).
    public let firstEvaluation: Int

    /// Creates feedback (schedulers do this).
    public init(rows: Range<Int>, children: BatchColumn<Genome.Column>, evaluations: EvaluationBatch, report: AddReport,
                parents: [Int32], context: GenerationContext, firstEvaluation: Int = 0) {
        self.firstEvaluation = firstEvaluation
        self.rows = rows
        self.children = children
        self.evaluations = evaluations
        self.report = report
        self.parents = parents
        self.context = context
    }
}

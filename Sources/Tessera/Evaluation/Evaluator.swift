/// Makes and evaluates the batches of a run: the seam between a ``Scheduler`` and the
/// machinery that runs a domain's code.
///
/// The scheduler hands an evaluator the iteration's ``Offspring`` and its domain; the
/// evaluator returns the ticket of the genomes it made and one evaluation row per genome,
/// row `i` for genome `i` whatever order the work finished in. Insertion and feedback
/// stay with the scheduler, so an evaluator decides only where and when rows are made
/// and scored. Two evaluators ship:
///
/// - ``ParallelEvaluator``: a pool of CPU threads; each worker generates and evaluates a
///   contiguous chunk of rows (the fast path for cheap synchronous domains).
/// - ``ConcurrentEvaluator``: structured concurrency for work that waits (I/O); a limit on
///   calls in flight, time-outs that cancel, transient failures retried. It also drives
///   ``AsyncDomain``s, as an ``AsyncEvaluator``.
///
/// Conforming evaluators must keep results independent of their scheduling: generate
/// rows with ``Offspring/generate(_:)`` or ``Offspring/generate(awaiting:)`` (each row has
/// its own random stream) and write each evaluation at its row.
public protocol Evaluator: Sendable {
    /// Generates the iteration's offspring and evaluates them on a synchronous domain.
    ///
    /// - Parameters:
    ///   - offspring: The iteration's rows, not yet made.
    ///   - domain: Scores the genomes.
    /// - Returns: The ticket of the genomes made (for ``Scheduler/tell(_:_:)``) and one
    ///   evaluation row per genome, failed rows marked.
    func evaluate<A: Archive, D: Domain>(_ offspring: Offspring<A>, on domain: D) async
        -> (Scheduler<A>.Ticket, EvaluationBatch) where D.Genome == A.Genome
}

/// An evaluator that can also drive domains that await each evaluation (``AsyncDomain``).
public protocol AsyncEvaluator: Evaluator {
    /// Generates the iteration's offspring and evaluates them, one awaited call per row.
    ///
    /// - Parameters:
    ///   - offspring: The iteration's rows, not yet made.
    ///   - domain: Scores one genome per call, given the row's ``EvaluationContext``.
    /// - Returns: The ticket of the genomes made and one evaluation row per genome, failed
    ///   rows marked; ``EvaluationBatch/retries`` counts the attempts retried.
    func evaluate<A: Archive, D: AsyncDomain>(_ offspring: Offspring<A>, on domain: D) async
        -> (Scheduler<A>.Ticket, EvaluationBatch) where D.Genome == A.Genome
}

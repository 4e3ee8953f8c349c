/// Makes and evaluates the batches of a run: the seam between a ``Scheduler`` and the
/// machinery that runs a domain's code.
///
/// The scheduler hands an evaluator the iteration's ``Offspring`` and its domain; the
/// evaluator returns the ticket of the genomes it made and one evaluation row per genome,
/// row `i` for genome `i` whatever order the work finished in. Insertion and feedback
/// stay with the scheduler, so an evaluator decides only where and when rows are made
/// and scored. ``ParallelEvaluator``, a pool of CPU threads where each worker generates
/// and evaluates a contiguous chunk of rows, is the fast path for cheap synchronous
/// domains.
///
/// Conforming evaluators must keep results independent of their scheduling: generate
/// rows with ``Offspring/generate(_:)`` (each row has its own random stream) and write
/// each evaluation at its row.
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

/// A problem whose evaluations wait: each genome is scored by an awaited call (a worker
/// process, an HTTP service, a language-model judge, a remote simulator).
///
/// A ``ConcurrentEvaluator`` keeps many calls in flight and writes each result at its row,
/// so the archive never depends on which call finished first. The call receives the
/// row's ``EvaluationContext``: draw any randomness from its ``EvaluationContext/stream``
/// (the same at every retry) so a run stays reproducible.
///
/// How a call reports trouble:
/// - Throw a ``TransientEvaluationError`` (such as ``TransientError``) for a failure that
///   may pass (a rate limit): the row is retried by the evaluator's ``RetryPolicy`` and
///   the retries do not count against the budget.
/// - Throw any other error for a permanent failure: the row fails with
///   ``EvaluationFailure/threw(_:)``, and only that row.
/// - Honour cancellation (`Task.sleep`, `URLSession` and `Task.checkCancellation()` do):
///   a call that outlives the time-out is cancelled and its row fails with
///   ``EvaluationFailure/timedOut(seconds:)``; the evaluator waits for the call to end.
public protocol AsyncDomain<Genome>: Sendable {
    /// What is evolved.
    associatedtype Genome: Tessera.Genome

    /// The descriptor space: its dimension and the box that archives partition.
    var descriptorSpace: Box { get }

    /// The shape shared by all genomes (the dimension of real vectors).
    var genomeLayout: Genome.Column.Layout { get }

    /// The number of `Float` components of each evaluation's observation
    /// (``Evaluation/observation``); 0, the default, for none. See
    /// ``Domain/observationDimension``.
    var observationDimension: Int { get }

    /// The box genomes live in, when the domain has one (real vectors only).
    var genomeBounds: Box? { get }

    /// Scores one genome.
    ///
    /// - Parameters:
    ///   - genome: The genome of the row.
    ///   - context: The row, iteration and attempt, and the row's random stream.
    /// - Returns: The objective, the descriptor (of ``descriptorSpace``'s dimension) and
    ///   optional metadata; non-finite values fail the row.
    /// - Throws: A ``TransientEvaluationError`` to have the row retried; any other error
    ///   fails the row; `CancellationError` when cancelled at the time-out.
    func evaluate(_ genome: Genome, context: EvaluationContext) async throws -> Evaluation
}

extension AsyncDomain {
    /// Domains have no genome box unless they say so.
    public var genomeBounds: Box? { nil }
    /// Domains report no observation unless they say so.
    public var observationDimension: Int { 0 }
}

extension AsyncDomain where Genome.Column.Layout == ObjectColumn<Genome>.Empty {
    /// Value genomes share no layout.
    public var genomeLayout: ObjectColumn<Genome>.Empty { .init() }
}

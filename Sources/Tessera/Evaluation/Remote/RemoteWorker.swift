/// One place outside the process that evaluates batches of rows over the evaluator
/// protocol (`Docs/EvaluatorProtocol.md`): a worker process Tessera spawned
/// (``WorkerProcess``), or one request slot of an HTTP service (``HTTPWorker``).
///
/// A ``RemoteEvaluator`` owns several workers and hands each at most one batch at a time.
/// A worker never throws from ``evaluate(_:)``: every item it was given comes back with an
/// outcome (``RemoteAnswer``), so a dead process or a dead server fails rows, never the
/// run.
public protocol RemoteWorker: Sendable {
    /// Greets the worker (`hello`) and reads the domain its `ready` declares.
    ///
    /// - Throws: ``RemoteEvaluatorError`` when the worker cannot be reached, answers
    ///   something that is not `ready`, or speaks another protocol version.
    func start() async throws(RemoteEvaluatorError) -> WorkerDomain

    /// Evaluates one batch and returns an outcome for each of its items.
    ///
    /// Ids the worker did not answer come back as ``RemoteOutcome/lost(_:)``; answers for
    /// ids not in the batch, or a second answer for an id, are dropped and counted in
    /// ``RemoteAnswer/dropped``.
    func evaluate(_ items: [WorkerItem]) async -> RemoteAnswer

    /// Says `shutdown` and releases the worker (ends its process; closes connections).
    func shutdown() async

    /// Where the worker is, for messages: "worker 2 (pid 4411)", "http://host:8000".
    var name: String { get }
}

/// What a ``RemoteWorker`` made of one batch.
public struct RemoteAnswer: Sendable {
    /// The outcome of each item sent, by id.
    public var outcomes: [Int: RemoteOutcome]
    /// Answers dropped: for an id that was not sent, or a second answer for an id.
    public var dropped: Int
    /// Lines or bodies that were not protocol messages, dropped.
    public var malformed: Int
    /// Attempts retried after a transient failure (an HTTP 429 or 5xx, a time-out).
    public var retries: Int
    /// Times the worker was restarted before answering (a worker process that had died).
    public var restarts: Int

    /// Creates an answer.
    public init(outcomes: [Int: RemoteOutcome] = [:], dropped: Int = 0, malformed: Int = 0, retries: Int = 0,
                restarts: Int = 0) {
        self.outcomes = outcomes
        self.dropped = dropped
        self.malformed = malformed
        self.retries = retries
        self.restarts = restarts
    }
}

/// What became of one item sent to a ``RemoteWorker``.
public enum RemoteOutcome: Sendable, Hashable {
    /// The worker answered the row (an evaluation, or its own reason for failing it).
    case answered(WorkerOutcome)
    /// The worker could not answer (its process died, it timed out, it never sent the
    /// id). The evaluator sends the row once more, alone; a second loss fails it with
    /// this reason.
    case lost(String)
    /// The worker did not answer within the per-evaluation time-out (its process was
    /// ended). Like ``lost(_:)``, the row is sent once more, alone; a second time-out
    /// fails it as ``EvaluationFailure/timedOut(seconds:)``.
    case timedOut(seconds: Double)
    /// The row fails for good with this reason (an HTTP 401, retries spent on 503s).
    case failed(String)
}

/// Why an evaluator outside the process could not start or keep going, in one line.
public struct RemoteEvaluatorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An evaluation error that may pass if the call is made again: a rate limit, a busy
/// service, a dropped connection.
///
/// A ``ConcurrentEvaluator`` retries a row whose call throws an error conforming to this
/// protocol (up to its ``RetryPolicy``), and the retried attempts are not evaluations:
/// they do not count against the run's budget and the row counts once, with the result
/// of its last attempt. Any other error is permanent: the row fails with
/// ``EvaluationFailure/threw(_:)`` at once. Conform your own error types, or throw
/// ``TransientError``.
public protocol TransientEvaluationError: Error {}

/// A ready-made transient error: the call may succeed if it is made again.
public struct TransientError: TransientEvaluationError, Hashable, CustomStringConvertible {
    /// What went wrong, for the failure log.
    public var message: String

    /// Creates a transient error.
    ///
    /// - Parameter message: What went wrong ("rate limited", "503 from the service").
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

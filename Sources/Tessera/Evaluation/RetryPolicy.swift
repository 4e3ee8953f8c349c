import Foundation

/// How often and how patiently a ``ConcurrentEvaluator`` retries a row after a
/// ``TransientEvaluationError``: a bounded number of attempts, with an exponential
/// back-off between them.
///
/// The wait before attempt `n + 1` is `min(initialBackoff × multiplier^(n − 1), maximumBackoff)`.
/// It changes when a retry happens, never what it computes: the retried call gets the
/// row's same ``EvaluationContext/stream``.
public struct RetryPolicy: Sendable, Hashable {
    /// The most attempts at one row, the first included (1 means no retry).
    public let maximumAttempts: Int
    /// The wait before the second attempt.
    public let initialBackoff: Duration
    /// The factor applied to the wait after every further attempt.
    public let multiplier: Double
    /// The longest wait between two attempts.
    public let maximumBackoff: Duration

    /// Four attempts, waiting 50 ms, then 100 ms, then 200 ms.
    public static let standard = RetryPolicy(checkedAttempts: 4, initialBackoff: .milliseconds(50), multiplier: 2,
                                             maximumBackoff: .seconds(5))

    /// No retry: a transient failure fails the row like a permanent one.
    public static let never = RetryPolicy(checkedAttempts: 1, initialBackoff: .zero, multiplier: 1, maximumBackoff: .zero)

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - maximumAttempts: The most attempts at one row, at least 1.
    ///   - initialBackoff: The wait before the second attempt, not negative.
    ///   - multiplier: The growth of the wait per attempt, finite and at least 1.
    ///   - maximumBackoff: The cap on the wait, at least `initialBackoff`.
    /// - Throws: ``ParameterError`` for a value out of those ranges.
    public init(maximumAttempts: Int, initialBackoff: Duration = .milliseconds(50), multiplier: Double = 2,
                maximumBackoff: Duration = .seconds(5)) throws(ParameterError) {
        try ParameterError.require(maximumAttempts >= 1, Self.self, "maximumAttempts", "must be at least 1 (got \(maximumAttempts))")
        try ParameterError.require(initialBackoff >= .zero, Self.self, "initialBackoff", "must not be negative (got \(initialBackoff))")
        try ParameterError.require(multiplier >= 1 && multiplier.isFinite, Self.self, "multiplier",
                                   "must be finite and at least 1 (got \(multiplier))")
        try ParameterError.require(maximumBackoff >= initialBackoff, Self.self, "maximumBackoff",
                                   "must be at least initialBackoff (got \(maximumBackoff))")
        self.init(checkedAttempts: maximumAttempts, initialBackoff: initialBackoff, multiplier: multiplier,
                  maximumBackoff: maximumBackoff)
    }

    private init(checkedAttempts: Int, initialBackoff: Duration, multiplier: Double, maximumBackoff: Duration) {
        maximumAttempts = checkedAttempts
        self.initialBackoff = initialBackoff
        self.multiplier = multiplier
        self.maximumBackoff = maximumBackoff
    }

    /// The wait after failed attempt `attempt` (from 1) before the next one.
    ///
    /// - Complexity: O(1).
    public func backoff(after attempt: Int) -> Duration {
        let factor = Foundation.pow(multiplier, Double(Swift.max(0, attempt - 1)))
        let seconds = initialBackoff.seconds * factor
        return seconds.isFinite && seconds < maximumBackoff.seconds ? initialBackoff * factor : maximumBackoff
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}

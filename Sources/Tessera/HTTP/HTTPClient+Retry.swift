import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// How a request ended after its retries.
public enum HTTPExchange: Sendable {
    /// A 2xx answer's body.
    case answered(Data)
    /// Failed for good, with a one-line reason naming the URL.
    case failed(String)
    /// The calling task was cancelled.
    case cancelled
}

extension HTTPClient {
    /// POSTs `body` to `endpoint`, retrying transient failures, and returns how it ended
    /// with the number of attempts retried. Cancelling the calling task cancels it.
    ///
    /// A transient failure (``HTTPAttempt/isTransient``) is retried up to the policy's
    /// ``RetryPolicy/maximumAttempts`` in all. Before attempt `n + 1` it waits the policy's
    /// ``RetryPolicy/backoff(after:)`` for `n` times a jitter uniform in [0.5, 1], or the
    /// server's `Retry-After` if longer (capped at ``longestRetryAfter``). The jitter comes
    /// from `SystemRandomNumberGenerator`: it spreads the slots' retries apart and changes
    /// only when a request is sent, never what is evaluated. Any other failure ends at once.
    ///
    /// - Parameter validate: Checks a 2xx answer's body: `nil` when it is usable, else why
    ///   not; an unusable body (cut off, not the JSON expected) is retried like a transient
    ///   failure.
    public func post(_ endpoint: URL, body: Data, validate: (@Sendable (Data) -> String?)? = nil) async -> (HTTPExchange, retries: Int) {
        let attempts = retry.maximumAttempts
        var generator = SystemRandomNumberGenerator()
        for attempt in 1...attempts {
            let outcome = await self.attempt(request(endpoint, body: body))
            let reason: String
            var retryAfter: Duration?
            switch outcome {
            case .response(let status, let data, _) where (200..<300).contains(status):
                guard let problem = validate?(data) else { return (.answered(data), attempt - 1) }
                reason = "an unusable answer from \(endpoint.absoluteString) (\(problem))"
            case .response(let status, let data, let wait):
                guard outcome.isTransient else { return (.failed(refusal(status, body: data, endpoint: endpoint)), attempt - 1) }
                reason = "HTTP \(status) from \(endpoint.absoluteString)"
                retryAfter = wait
            case .timedOut:
                reason = "timed out after \(Self.text(timeout)) s waiting for \(endpoint.absoluteString)"
            case .unreachable(let why):
                reason = "cannot reach \(endpoint.absoluteString): \(why)"
            case .cancelled:
                return (.cancelled, attempt - 1)
            case .failed(let why):
                return (.failed("request to \(endpoint.absoluteString) failed: \(why)"), attempt - 1)
            }
            guard attempt < attempts else {
                return (.failed("\(reason) after \(attempts) attempt\(attempts == 1 ? "" : "s")"), attempt - 1)
            }
            let wait = Self.wait(after: attempt, of: retry, retryAfter: retryAfter, using: &generator)
            do { try await Task.sleep(for: wait) } catch { return (.cancelled, attempt - 1) }
        }
        preconditionFailure("a retry policy has at least one attempt")
    }

    /// The wait after failed attempt `attempt` (from 1): the policy's back-off times a
    /// jitter uniform in [0.5, 1], or `retryAfter` capped at ``longestRetryAfter`` if that
    /// is longer.
    ///
    /// - Complexity: O(1).
    static func wait(after attempt: Int, of retry: RetryPolicy, retryAfter: Duration?,
                     using generator: inout some RandomNumberGenerator) -> Duration {
        let jittered = retry.backoff(after: attempt) * Double.random(in: 0.5...1, using: &generator)
        return max(jittered, min(retryAfter ?? .zero, longestRetryAfter))
    }

    /// The one-line reason for a permanent HTTP failure: the status and the first line of
    /// the body (at most 200 characters, the token redacted), or the status's name.
    func refusal(_ status: Int, body: Data, endpoint: URL) -> String {
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        var line = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        if let token { line = token.redacting(line) }
        if line.count > 200 { line = String(line.prefix(200)) + "…" }
        if line.isEmpty { line = HTTPURLResponse.localizedString(forStatusCode: status) }
        return "HTTP \(status) from \(endpoint.absoluteString): \(line)"
    }

    /// A duration in seconds, shortest form: `0.5`, `120`.
    static func text(_ duration: Duration) -> String {
        // Milliseconds are enough, and avoid Duration's binary noise (0.30000000000000004).
        let milliseconds = (duration.seconds * 1000).rounded()
        return milliseconds.truncatingRemainder(dividingBy: 1000) == 0 ? String(Int64(milliseconds / 1000))
                                                                        : String(milliseconds / 1000)
    }
}

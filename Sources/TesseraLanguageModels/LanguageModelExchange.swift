import Foundation

/// One request to a language-model server and what came of it: the unit a run records, so
/// a recorded run can be replayed without a server.
public struct LanguageModelExchange: Hashable, Sendable, Codable {
    /// What was asked.
    public var request: LanguageModelRequest
    /// The answer, or `nil` when the request failed.
    public var answer: LanguageModelAnswer?
    /// Why the request failed (one line), or `nil`.
    public var failure: String?
    /// The base URL that answered.
    public var server: String
    /// Wall time from the first attempt to the answer, in seconds.
    public var seconds: Double
    /// Attempts retried after transient failures or unusable answers.
    public var retries: Int

    /// Creates an exchange.
    public init(request: LanguageModelRequest, answer: LanguageModelAnswer?, failure: String?, server: String, seconds: Double,
                retries: Int) {
        self.request = request
        self.answer = answer
        self.failure = failure
        self.server = server
        self.seconds = seconds
        self.retries = retries
    }
}

/// What a ``LanguageModelClient`` has done so far: the figures a run reports
/// (`llm_requests`, `llm_failures`, `llm_retries`, `llm_seconds`, `llm_prompt_tokens`,
/// `llm_completion_tokens`).
public struct LanguageModelStatistics: Hashable, Sendable, Codable {
    /// Requests sent (each once, however often it was retried).
    public var requests = 0
    /// Requests that failed after their retries.
    public var failures = 0
    /// Attempts retried.
    public var retries = 0
    /// Wall time of the requests, summed, in seconds.
    public var seconds = 0.0
    /// Prompt tokens, as the servers reported them.
    public var promptTokens = 0
    /// Generated tokens, as the servers reported them.
    public var completionTokens = 0
    /// Requests answered from the recording, not sent (not in ``requests``).
    public var replayed = 0
    /// Requests a replay needed and its recording lacked (failed, not sent; not in
    /// ``requests``).
    public var missing = 0

    /// No request yet.
    public init() {}

    /// The figures of two sessions together.
    public static func + (a: Self, b: Self) -> Self {
        var sum = a
        sum.requests += b.requests
        sum.failures += b.failures
        sum.retries += b.retries
        sum.seconds += b.seconds
        sum.promptTokens += b.promptTokens
        sum.completionTokens += b.completionTokens
        sum.replayed += b.replayed
        sum.missing += b.missing
        return sum
    }

    /// What `b`'s figures add to `a`'s, for `a` taken after `b` (one session's share).
    public static func - (a: Self, b: Self) -> Self {
        var difference = a
        difference.requests -= b.requests
        difference.failures -= b.failures
        difference.retries -= b.retries
        difference.seconds -= b.seconds
        difference.promptTokens -= b.promptTokens
        difference.completionTokens -= b.completionTokens
        difference.replayed -= b.replayed
        difference.missing -= b.missing
        return difference
    }

    enum CodingKeys: String, CodingKey {
        case requests, failures, retries, seconds, replayed, missing
        case promptTokens = "prompt_tokens", completionTokens = "completion_tokens"
    }

    /// Reads figures, every count non-negative and the seconds finite (a file's values are
    /// checked).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func count(_ key: CodingKeys) throws -> Int {
            let value = try c.decodeIfPresent(Int.self, forKey: key) ?? 0
            guard value >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(key.stringValue) is negative")
            }
            return value
        }
        requests = try count(.requests)
        failures = try count(.failures)
        retries = try count(.retries)
        promptTokens = try count(.promptTokens)
        completionTokens = try count(.completionTokens)
        replayed = try count(.replayed)
        missing = try count(.missing)
        seconds = try c.decodeIfPresent(Double.self, forKey: .seconds) ?? 0
        guard seconds.isFinite, seconds >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .seconds, in: c, debugDescription: "seconds is not a finite non-negative number")
        }
    }

    /// Adds one exchange.
    public mutating func record(_ exchange: LanguageModelExchange) {
        requests += 1
        if exchange.failure != nil { failures += 1 }
        retries += exchange.retries
        seconds += exchange.seconds
        promptTokens += exchange.answer?.promptTokens ?? 0
        completionTokens += exchange.answer?.completionTokens ?? 0
    }
}

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

    /// No request yet.
    public init() {}

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

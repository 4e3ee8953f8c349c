import Foundation

/// One request to an OpenAI-compatible server: a prompt for `/completions`, or messages
/// for `/chat/completions`, with the sampling parameters QDAIF uses.
///
/// Parameters left `nil` are not sent, so the server's defaults apply.
public struct LanguageModelRequest: Hashable, Sendable, Codable {
    /// What the model continues.
    public enum Prompt: Hashable, Sendable, Codable {
        /// Plain text, for `/completions` (base models, few-shot prompts).
        case text(String)
        /// A conversation, for `/chat/completions` (instruction-tuned models).
        case chat([ChatMessage])
    }

    /// The prompt.
    public var prompt: Prompt
    /// The most tokens to generate.
    public var maxTokens: Int?
    /// The sampling temperature.
    public var temperature: Double?
    /// Nucleus sampling's probability mass.
    public var topP: Double?
    /// Completions per prompt.
    public var n: Int?
    /// The server's sampling seed, for servers that honour it.
    public var seed: UInt64?
    /// Sequences that end a completion.
    public var stop: [String]
    /// Alternatives reported per generated token (`top_logprobs`), or `nil` for no
    /// log-probabilities.
    public var topLogprobs: Int?

    /// Creates a request.
    public init(prompt: Prompt, maxTokens: Int? = nil, temperature: Double? = nil, topP: Double? = nil, n: Int? = nil,
                seed: UInt64? = nil, stop: [String] = [], topLogprobs: Int? = nil) {
        self.prompt = prompt
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.n = n
        self.seed = seed
        self.stop = stop
        self.topLogprobs = topLogprobs
    }

    /// The path appended to a base URL ending in `/v1`: `completions` or `chat/completions`.
    public var path: String {
        switch prompt {
        case .text: "completions"
        case .chat: "chat/completions"
        }
    }

    /// The JSON body for `model`, with keys sorted so equal requests give equal bytes.
    ///
    /// `/completions` asks for log-probabilities with `"logprobs": k` (the legacy field);
    /// `/chat/completions` with `"logprobs": true, "top_logprobs": k`.
    public func body(model: String?) -> Data {
        var object: [String: Any] = [:]
        if let model { object["model"] = model }
        switch prompt {
        case .text(let text):
            object["prompt"] = text
            if let topLogprobs { object["logprobs"] = topLogprobs }
        case .chat(let messages):
            object["messages"] = messages.map { ["role": $0.role, "content": $0.content] }
            if let topLogprobs {
                object["logprobs"] = true
                object["top_logprobs"] = topLogprobs
            }
        }
        if let maxTokens { object["max_tokens"] = maxTokens }
        if let temperature { object["temperature"] = temperature }
        if let topP { object["top_p"] = topP }
        if let n { object["n"] = n }
        if let seed { object["seed"] = seed }
        if !stop.isEmpty { object["stop"] = stop }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}

/// One message of a chat prompt.
public struct ChatMessage: Hashable, Sendable, Codable {
    /// `system`, `user` or `assistant`.
    public var role: String
    /// The text.
    public var content: String

    /// Creates a message.
    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

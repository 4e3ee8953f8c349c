import Foundation

/// A server's answer to a ``LanguageModelRequest``, read from the JSON servers really send:
/// the completions' text (`choices[].text`, or `choices[].message.content` from chat), their
/// log-probabilities in either layout, the finish reasons and the token counts.
///
/// Log-probabilities come in two layouts, and servers mix them:
/// - the legacy completions layout (OpenAI's `/v1/completions`, vLLM): `logprobs.tokens`,
///   `logprobs.token_logprobs` and `logprobs.top_logprobs`, a list of `{token: logprob}`
///   objects;
/// - the chat layout (`/v1/chat/completions` everywhere, and llama.cpp's server from
///   `/v1/completions` too): `logprobs.content`, a list of `{token, logprob,
///   top_logprobs: [{token, logprob}]}`.
public struct LanguageModelAnswer: Hashable, Sendable, Codable {
    /// The completions, in the server's order.
    public var choices: [Choice]
    /// Tokens in the prompt, when the server reports them.
    public var promptTokens: Int?
    /// Tokens generated, when the server reports them.
    public var completionTokens: Int?
    /// The model the server says answered.
    public var model: String?

    /// One completion.
    public struct Choice: Hashable, Sendable, Codable {
        /// The generated text.
        public var text: String
        /// Each generated token with its log-probability and alternatives, when asked for.
        public var tokens: [TokenLogprob]?
        /// Why generation stopped (`stop`, `length`), when the server says.
        public var finishReason: String?

        /// Creates a choice.
        public init(text: String, tokens: [TokenLogprob]? = nil, finishReason: String? = nil) {
            self.text = text
            self.tokens = tokens
            self.finishReason = finishReason
        }
    }

    /// Creates an answer.
    public init(choices: [Choice], promptTokens: Int? = nil, completionTokens: Int? = nil, model: String? = nil) {
        self.choices = choices
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.model = model
    }

    /// Reads a server's JSON body.
    ///
    /// - Throws: ``LanguageModelError`` naming what is wrong: a body that is not JSON (cut
    ///   off), an `error` object, no `choices`, a choice without text, log-probabilities
    ///   in neither layout. A malformed body is worth a retry; the client retries it.
    public init(json body: Data) throws(LanguageModelError) {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            let text = String(decoding: body.prefix(120), as: UTF8.self)
            throw LanguageModelError("the answer is not a JSON object (cut off?): \(text)\(body.count > 120 ? "…" : "")")
        }
        if let error = object["error"] {
            let message = (error as? [String: Any])?["message"] as? String ?? String(describing: error)
            throw LanguageModelError("the server answered an error: \(message.prefix(200))")
        }
        guard let rawChoices = object["choices"] as? [[String: Any]], !rawChoices.isEmpty else {
            throw LanguageModelError("the answer has no \"choices\"")
        }
        var choices = [Choice]()
        for (index, raw) in rawChoices.enumerated() {
            let text: String
            if let plain = raw["text"] as? String {
                text = plain
            } else if let message = raw["message"] as? [String: Any], let content = message["content"] as? String {
                text = content
            } else if let message = raw["message"] as? [String: Any], message["content"] is NSNull {
                text = ""
            } else {
                throw LanguageModelError("choice \(index) has neither \"text\" nor \"message.content\"")
            }
            var tokens: [TokenLogprob]?
            if let logprobs = raw["logprobs"] as? [String: Any] {
                tokens = try Self.tokens(logprobs, choice: index)
            } else if let logprobs = raw["logprobs"], !(logprobs is NSNull) {
                throw LanguageModelError("choice \(index) has log-probabilities in no known layout")
            }
            choices.append(Choice(text: text, tokens: tokens, finishReason: raw["finish_reason"] as? String))
        }
        let usage = object["usage"] as? [String: Any]
        self.init(choices: choices, promptTokens: Self.integer(usage?["prompt_tokens"]),
                  completionTokens: Self.integer(usage?["completion_tokens"]), model: object["model"] as? String)
    }

    /// The tokens of one choice's `logprobs`, in either layout.
    private static func tokens(_ logprobs: [String: Any], choice: Int) throws(LanguageModelError) -> [TokenLogprob] {
        if let content = logprobs["content"] as? [[String: Any]] {
            // The chat layout.
            return try content.enumerated().map { (position, entry) throws(LanguageModelError) in
                guard let token = entry["token"] as? String, let logprob = number(entry["logprob"]) else {
                    throw LanguageModelError("choice \(choice), token \(position): no \"token\" and \"logprob\"")
                }
                let top = (entry["top_logprobs"] as? [[String: Any]] ?? []).compactMap { alternative -> TokenLogprob.Alternative? in
                    guard let token = alternative["token"] as? String, let logprob = number(alternative["logprob"]) else { return nil }
                    return TokenLogprob.Alternative(token: token, logprob: logprob)
                }
                return TokenLogprob(token: token, logprob: logprob, alternatives: top)
            }
        }
        if logprobs["content"] is NSNull { return [] }
        if let tokens = logprobs["tokens"] as? [String] {
            // The legacy completions layout.
            let values = logprobs["token_logprobs"] as? [Any] ?? []
            let tops = logprobs["top_logprobs"] as? [Any] ?? []
            return tokens.enumerated().map { position, token in
                let logprob = position < values.count ? number(values[position]) ?? -.infinity : -.infinity
                var alternatives = [TokenLogprob.Alternative]()
                if position < tops.count, let top = tops[position] as? [String: Any] {
                    alternatives = top.compactMap { key, value in number(value).map { TokenLogprob.Alternative(token: key, logprob: $0) } }
                        .sorted { $0.logprob != $1.logprob ? $0.logprob > $1.logprob : $0.token < $1.token }
                }
                return TokenLogprob(token: token, logprob: logprob, alternatives: alternatives)
            }
        }
        throw LanguageModelError("choice \(choice) has log-probabilities in no known layout (neither \"content\" nor \"tokens\")")
    }

    private static func number(_ value: Any?) -> Double? {
        if let value = value as? Double { return value }
        if let value = value as? Int { return Double(value) }
        return (value as? NSNumber)?.doubleValue
    }

    private static func integer(_ value: Any?) -> Int? { number(value).flatMap { $0.isFinite ? Int(exactly: $0) : nil } }
}

/// One generated token: its text, its log-probability, and the alternatives the server
/// reported at its position (`top_logprobs`), most probable first.
public struct TokenLogprob: Hashable, Sendable, Codable {
    /// The token as generated (with its leading space, if any).
    public var token: String
    /// Its natural log-probability.
    public var logprob: Double
    /// The most probable tokens at this position.
    public var alternatives: [Alternative]

    /// One alternative token.
    public struct Alternative: Hashable, Sendable, Codable {
        /// The token.
        public var token: String
        /// Its natural log-probability.
        public var logprob: Double

        /// Creates an alternative.
        public init(token: String, logprob: Double) {
            self.token = token
            self.logprob = logprob
        }
    }

    /// Creates a token.
    public init(token: String, logprob: Double, alternatives: [Alternative] = []) {
        self.token = token
        self.logprob = logprob
        self.alternatives = alternatives
    }
}

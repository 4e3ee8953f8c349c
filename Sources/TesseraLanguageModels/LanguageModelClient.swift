import Foundation
import Synchronization
import Tessera

/// A client of OpenAI-compatible servers (llama.cpp's server, Ollama, vLLM, TGI, hosted
/// APIs): `POST {base}/completions` or `{base}/chat/completions`, over ``HTTPClient``.
///
/// - Several base URLs are served round robin, one request each in turn.
/// - At most ``concurrency`` requests are in flight; more wait their turn, first come first
///   served.
/// - 429, 5xx, time-outs, dropped connections and unusable bodies (cut-off JSON, no
///   choices) are retried with exponential back-off and jitter, honouring `Retry-After`.
/// - The API key is read from the environment variable whose name is given and sent as a
///   bearer token; it is never printed, logged or recorded.
///
/// ``send(_:)`` never throws: every request ends as a ``LanguageModelExchange`` with an
/// answer or a one-line failure, and ``statistics`` counts them.
public final class LanguageModelClient: Sendable {
    /// The base URLs, each ending in `/v1` (or wherever `completions` lives).
    public let baseURLs: [URL]
    /// The model name sent, or `nil` to let the server choose.
    public let model: String?
    /// The most requests in flight.
    public let concurrency: Int

    /// The exchanges answered so far and reused, or `nil` when nothing is recorded.
    public let recording: LanguageModelRecording?
    /// Whether requests are answered from ``recording`` only, never sent.
    public let replaysOnly: Bool

    /// The environment variable the key is read from, or `nil` (its name only).
    public let keyVariable: String?

    let http: HTTPClient?
    private let gate: RequestGate
    private let state = Mutex(State())

    private struct State {
        var next = 0
        var statistics = LanguageModelStatistics()
        var latestFailure: String?
    }

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - baseURLs: One or more base URLs including `/v1` (`http://127.0.0.1:8080/v1`);
    ///     `http` or `https`, with a host, no query, no fragment, no user or password.
    ///   - model: The model name, or `nil`.
    ///   - keyVariable: The environment variable holding the API key, or `nil`.
    ///   - concurrency: Requests in flight, 1 … 1024.
    ///   - timeout: The longest one attempt may take.
    ///   - retry: Attempts and back-off.
    ///   - environment: Where `keyVariable` is read.
    ///   - recording: Where exchanges are kept and reused, or `nil`.
    /// - Throws: ``LanguageModelError`` in one line for a bad URL or value, or a key
    ///   variable that is not set or empty (naming the variable, never the key).
    public init(baseURLs: [URL], model: String? = nil, keyVariable: String? = nil, concurrency: Int = 4,
                timeout: Duration = .seconds(120), retry: RetryPolicy = .standard,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                recording: LanguageModelRecording? = nil) throws(LanguageModelError) {
        guard !baseURLs.isEmpty else { throw LanguageModelError("give at least one language-model server URL") }
        for url in baseURLs {
            let text = url.absoluteString
            guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host?.isEmpty == false else {
                throw LanguageModelError("the language-model URL must be http:// or https:// with a host (got '\(text)')")
            }
            guard url.user == nil, url.password == nil else {
                throw LanguageModelError("the language-model URL must not hold a user or password; give --llm-key-env instead")
            }
            guard url.query == nil, url.fragment == nil, !text.contains("?"), !text.contains("#") else {
                throw LanguageModelError("the language-model URL must not have a query or a fragment (got '\(text)')")
            }
        }
        if let model, model.isEmpty { throw LanguageModelError("the model name is empty") }
        do {
            http = try HTTPClient(connections: concurrency, tokenVariable: keyVariable, timeout: timeout, retry: retry,
                                  environment: environment)
        } catch {
            throw LanguageModelError(error.message.replacingOccurrences(of: "token variable", with: "API key variable"))
        }
        self.baseURLs = baseURLs.map { url in
            var text = url.absoluteString
            while text.hasSuffix("/") { text.removeLast() }
            return URL(string: text)!
        }
        self.model = model
        self.keyVariable = keyVariable
        self.concurrency = concurrency
        self.recording = recording
        replaysOnly = false
        gate = RequestGate(limit: concurrency)
    }

    /// A client that answers every request from `recording` and sends none: a request the
    /// recording does not hold fails with "not in the recording".
    public init(replaying recording: LanguageModelRecording, model: String?) {
        baseURLs = []
        self.model = model
        keyVariable = nil
        concurrency = 1
        self.recording = recording
        replaysOnly = true
        http = nil
        gate = RequestGate(limit: 1)
    }

    /// What the client has done so far.
    public var statistics: LanguageModelStatistics { state.withLock { $0.statistics } }

    /// Why the latest failed request failed, or `nil` when none has.
    public var latestFailure: String? { state.withLock { $0.latestFailure } }

    /// Sends `request` to the next server in turn, once a slot is free, and waits for the
    /// answer through its retries.
    public func send(_ request: LanguageModelRequest) async -> LanguageModelExchange {
        if let recorded = recording?.exchange(for: request, model: model) {
            state.withLock { $0.statistics.replayed += 1 }
            return recorded
        }
        guard let http, !replaysOnly else {
            let missing = LanguageModelExchange(request: request, answer: nil, failure: "the request is not in the recording (a replay sends none)",
                                                server: "recording", seconds: 0, retries: 0)
            state.withLock { state in
                state.statistics.missing += 1
                state.latestFailure = missing.failure
            }
            return missing
        }
        let base = state.withLock { state in
            defer { state.next += 1 }
            return baseURLs[state.next % baseURLs.count]
        }
        let endpoint = base.appendingPathComponent(request.path)
        await gate.enter()
        let clock = ContinuousClock(), start = clock.now
        let (result, retries) = await http.post(endpoint, body: request.body(model: model)) { body in
            if case .failure(let error) = Self.parse(body) { return error.message }
            return nil
        }
        let seconds = (clock.now - start) / .seconds(1)
        gate.leave()
        var exchange = LanguageModelExchange(request: request, answer: nil, failure: nil, server: base.absoluteString,
                                             seconds: seconds, retries: retries)
        switch result {
        case .answered(let body):
            switch Self.parse(body) {
            case .success(let answer): exchange.answer = answer
            case .failure(let error): exchange.failure = error.message
            }
        case .failed(let reason): exchange.failure = reason
        case .cancelled: exchange.failure = "the request to \(endpoint.absoluteString) was cancelled"
        }
        state.withLock { state in
            state.statistics.record(exchange)
            if let failure = exchange.failure { state.latestFailure = failure }
        }
        recording?.record(exchange, model: model)
        return exchange
    }

    /// A body read as an answer.
    static func parse(_ body: Data) -> Result<LanguageModelAnswer, LanguageModelError> {
        Result { () throws(LanguageModelError) in try LanguageModelAnswer(json: body) }
    }

    /// Lets requests under way finish, then releases the connections.
    public func close() { http?.invalidate() }
}

/// At most `limit` holders at once; the others wait in order of arrival.
final class RequestGate: Sendable {
    private struct State {
        var free: Int
        var waiting: [CheckedContinuation<Void, Never>] = []
        var head = 0
    }

    private let state: Mutex<State>

    init(limit: Int) { state = Mutex(State(free: limit)) }

    func enter() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let admitted = state.withLock { state -> Bool in
                if state.free > 0 {
                    state.free -= 1
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if admitted { continuation.resume() }
        }
    }

    func leave() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.head < state.waiting.count {
                defer {
                    state.head += 1
                    if state.head == state.waiting.count {
                        state.waiting.removeAll()
                        state.head = 0
                    }
                }
                return state.waiting[state.head]
            }
            state.free += 1
            return nil
        }
        next?.resume()
    }
}

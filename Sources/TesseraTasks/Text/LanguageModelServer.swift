import Foundation
import Tessera
import TesseraLanguageModels

/// Where a text run's language model is served and how it is called: what a run's file
/// records so `resume` reaches the same servers (the key's variable by name, never the key).
public struct LanguageModelServer: Codable, Hashable, Sendable {
    /// Base URLs including `/v1`, served round robin.
    public var urls: [String]
    /// The model name sent, or `nil` to let the server choose.
    public var model: String?
    /// The environment variable holding the API key, or `nil`.
    public var keyVariable: String?
    /// Requests in flight at most.
    public var concurrency: Int

    /// The most requests in flight.
    public static let maximumConcurrency = 1024
    /// Requests in flight by default.
    public static let defaultConcurrency = 4

    /// Settings for `urls`.
    public init(urls: [String], model: String? = nil, keyVariable: String? = nil, concurrency: Int = Self.defaultConcurrency) {
        self.urls = urls
        self.model = model
        self.keyVariable = keyVariable
        self.concurrency = concurrency
    }

    enum CodingKeys: String, CodingKey {
        case urls, model, concurrency
        case keyVariable = "key_variable"
    }

    /// Reads settings, checked as ``check()`` checks them.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        urls = try c.decode([String].self, forKey: .urls)
        model = try c.decodeIfPresent(String.self, forKey: .model)
        keyVariable = try c.decodeIfPresent(String.self, forKey: .keyVariable)
        concurrency = try c.decode(Int.self, forKey: .concurrency)
        if let problem = problem {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "the language-model server: \(problem)"))
        }
    }

    /// What is wrong with the settings, in one line, or `nil`.
    public var problem: String? {
        guard !urls.isEmpty, urls.count <= 64 else { return "give 1 to 64 server URLs (got \(urls.count))" }
        if let problem = urls.lazy.compactMap(Self.problem(url:)).first { return problem }
        if let model, model.isEmpty || model.count > 256 { return "the model name must have 1 to 256 characters" }
        if let keyVariable, !Self.isVariableName(keyVariable) {
            return "the key variable must name an environment variable (letters, digits and _), got '\(keyVariable)'"
        }
        guard (1...Self.maximumConcurrency).contains(concurrency) else {
            return "the concurrency must be in 1...\(Self.maximumConcurrency) (got \(concurrency))"
        }
        return nil
    }

    /// What is wrong with a server's base URL, in one line, or `nil`: it must be `http://` or
    /// `https://` with a host, and hold no user, password, query or fragment.
    public static func problem(url: String) -> String? {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              parsed.host?.isEmpty == false
        else { return "'\(url)' is not an http:// or https:// URL with a host" }
        guard parsed.user == nil, parsed.password == nil else {
            // Not echoed: it holds a secret.
            return "must not hold a user or password; put the key in an environment variable and name it (--llm-key-env)"
        }
        guard parsed.query == nil, parsed.fragment == nil else { return "'\(url)' must not have a query or a fragment" }
        return nil
    }

    /// Whether `name` can be an environment variable's name.
    public static func isVariableName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 128 && name.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" }
            && !name.first!.isNumber
    }

    /// A client of these servers.
    ///
    /// - Parameters:
    ///   - timeout: The longest one request may take.
    ///   - recording: The run's recording, reused and extended.
    /// - Throws: ``LanguageModelError`` for a bad URL or an unset key variable.
    public func client(timeout: Duration, recording: LanguageModelRecording,
                       environment: [String: String] = ProcessInfo.processInfo.environment) throws(LanguageModelError) -> LanguageModelClient {
        try LanguageModelClient(baseURLs: urls.compactMap(URL.init(string:)), model: model, keyVariable: keyVariable,
                                concurrency: concurrency, timeout: timeout, environment: environment, recording: recording)
    }
}

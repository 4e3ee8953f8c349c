import Foundation

/// A bearer token for an HTTP service, redacted wherever it could be shown.
///
/// Its text reaches only the `Authorization` header: ``description``, ``debugDescription``
/// and its mirror all say `<redacted>`, and it is deliberately not `Codable`, so it never
/// lands in a log, an error, a checkpoint or a `dump`.
struct BearerToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret.
    private let secret: String

    /// Wraps a token already checked to be a legal header value.
    init(_ secret: String) { self.secret = secret }

    /// The `Authorization` header's value: `Bearer TOKEN`.
    var headerValue: String { "Bearer \(secret)" }

    /// `text` with every occurrence of the token replaced by `<redacted>`, for text that
    /// came from elsewhere (a server's error body) and may echo it.
    func redacting(_ text: String) -> String {
        secret.isEmpty ? text : text.replacingOccurrences(of: secret, with: "<redacted>")
    }

    var description: String { "<redacted>" }
    var debugDescription: String { "<redacted>" }
    var customMirror: Mirror { Mirror(self, children: [:]) }
}

extension BearerToken {
    /// The bearer token in the environment variable `name`.
    static func read(from name: String, in environment: [String: String]) throws(HTTPClientError) -> BearerToken {
        guard !name.isEmpty else { throw HTTPClientError("the token variable's name is empty") }
        guard let value = environment[name] else {
            throw HTTPClientError("the token variable \(name) is not set")
        }
        let token = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw HTTPClientError("the token variable \(name) is empty") }
        guard token.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw HTTPClientError("the token in \(name) holds characters an HTTP header cannot carry (only visible ASCII)")
        }
        return BearerToken(token)
    }
}

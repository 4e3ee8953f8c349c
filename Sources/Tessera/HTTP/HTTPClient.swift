import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A JSON `POST` client over Foundation's `URLSession` for the services Tessera calls (an
/// evaluation service, a language-model server): exact time-outs, retries with back-off,
/// jitter and `Retry-After` on transient failures, an optional bearer token that is never
/// shown, and no redirects (a token must not follow one to another host).
///
/// ``post(_:body:validate:)`` returns how a request ended (``HTTPExchange``) and never
/// throws: a dead server or a spent retry budget is a one-line reason the caller turns into
/// failed rows.
public final class HTTPClient: Sendable {
    /// The longest one attempt may take.
    public let timeout: Duration
    /// Attempts and back-off for transient failures.
    public let retry: RetryPolicy
    /// The bearer token sent with every request, if any.
    let token: BearerToken?
    /// The `Accept` header sent.
    let accept: String
    /// The session every request goes through.
    let session: URLSession

    /// The longest wait a `Retry-After` header can impose: 60 s.
    public static let longestRetryAfter: Duration = .seconds(60)

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - connections: The most connections to one host, 1 … 1024: the caller's
    ///     concurrency limit.
    ///   - tokenVariable: The name of an environment variable holding a bearer token sent
    ///     as `Authorization: Bearer TOKEN`, or `nil`. It is read once, white space trimmed,
    ///     and never shown anywhere.
    ///   - timeout: The longest one attempt may take, positive.
    ///   - retry: Attempts and back-off for transient failures.
    ///   - accept: The `Accept` header.
    ///   - environment: Where `tokenVariable` is read.
    /// - Throws: ``HTTPClientError`` in one line for a value out of range, or a token
    ///   variable that is not set, is empty, or holds characters a header cannot carry
    ///   (naming the variable, never its value).
    public init(connections: Int, tokenVariable: String? = nil, timeout: Duration, retry: RetryPolicy = .standard,
                accept: String = "application/json",
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(HTTPClientError) {
        guard (1...1024).contains(connections) else {
            throw HTTPClientError("the number of HTTP connections must be in 1...1024 (got \(connections))")
        }
        guard timeout > .zero else { throw HTTPClientError("the HTTP time-out must be positive (got \(timeout))") }
        token = try tokenVariable.map { name throws(HTTPClientError) in try BearerToken.read(from: name, in: environment) }
        self.timeout = timeout
        self.retry = retry
        self.accept = accept
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Self.backstop(timeout)
        configuration.timeoutIntervalForResource = Self.backstop(timeout)
        configuration.httpMaximumConnectionsPerHost = connections
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration, delegate: RedirectRefusal(), delegateQueue: nil)
    }

    /// The time-out given to `URLSession`, a backstop: ``timeout`` rounded up to whole
    /// seconds, plus one. swift-corelibs-foundation truncates its time-outs to whole
    /// seconds (0.5 s would fire at once), so the exact ``timeout`` is enforced by
    /// ``attempt(_:)``'s own timer.
    private static func backstop(_ timeout: Duration) -> TimeInterval { timeout.seconds.rounded(.up) + 1 }

    /// Lets the requests under way finish, then releases the session; later requests fail.
    public func invalidate() { session.finishTasksAndInvalidate() }

    /// A `POST` of `body` to `endpoint`, with the token and the time-out.
    func request(_ endpoint: URL, body: Data) -> URLRequest {
        var request = URLRequest(url: endpoint, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: Self.backstop(timeout))
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(accept, forHTTPHeaderField: "Accept")
        if let token { request.setValue(token.headerValue, forHTTPHeaderField: "Authorization") }
        return request
    }
}

/// Why an ``HTTPClient`` cannot be made, in one line.
public struct HTTPClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Refuses every redirect, so a request's bearer token never follows one to another host:
/// the 3xx answer itself comes back, and fails the request with its status.
final class RedirectRefusal: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

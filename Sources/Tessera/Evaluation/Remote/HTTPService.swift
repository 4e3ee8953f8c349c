import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What the request slots of one HTTP evaluation service share (``HTTPWorker/slots(baseURL:count:tokenVariable:timeout:retry:environment:)``):
/// one `URLSession`, the endpoints, the token, the time-out and the retry policy.
///
/// The session allows as many connections to the host as there are slots, so the slots
/// are the concurrency limit. It is invalidated when the last slot shuts down.
final class HTTPService: Sendable {
    /// The service's base URL without a trailing slash or `/v1`: `http://127.0.0.1:8000`.
    let base: String
    /// `{base}/v1/hello`.
    let helloURL: URL
    /// `{base}/v1/evaluate`.
    let evaluateURL: URL
    /// The bearer token sent with every request, if any.
    let token: BearerToken?
    /// The longest one attempt may take.
    let timeout: Duration
    /// Attempts and back-off for transient failures.
    let retry: RetryPolicy
    /// The session every slot sends through.
    let session: URLSession
    /// The slots not shut down yet.
    private let openSlots: Mutex<Set<Int>>

    /// The longest wait a `Retry-After` header can impose: 60 s.
    static let longestRetryAfter: Duration = .seconds(60)

    /// Creates the shared part of `count` slots; the inputs are already checked.
    init(base: String, count: Int, token: BearerToken?, timeout: Duration, retry: RetryPolicy) {
        self.base = base
        helloURL = URL(string: base + "/v1/hello")!
        evaluateURL = URL(string: base + "/v1/evaluate")!
        self.token = token
        self.timeout = timeout
        self.retry = retry
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Self.backstop(timeout)
        configuration.timeoutIntervalForResource = Self.backstop(timeout)
        configuration.httpMaximumConnectionsPerHost = count
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration, delegate: RedirectRefusal(), delegateQueue: nil)
        openSlots = Mutex(Set(0..<count))
    }

    /// The time-out given to `URLSession`, a backstop: ``timeout`` rounded up to whole
    /// seconds, plus one. swift-corelibs-foundation truncates its time-outs to whole
    /// seconds (0.5 s would fire at once), so the exact ``timeout`` is enforced by
    /// ``attempt(_:)``'s own timer.
    private static func backstop(_ timeout: Duration) -> TimeInterval { timeout.seconds.rounded(.up) + 1 }

    /// Whether `slot` has not shut down.
    func isOpen(_ slot: Int) -> Bool { openSlots.withLock { $0.contains(slot) } }

    /// Shuts `slot` down; the last slot to go invalidates the session (requests under
    /// way finish first). A second call for a slot does nothing.
    func close(_ slot: Int) {
        let last = openSlots.withLock { open in open.remove(slot) != nil && open.isEmpty }
        if last { session.finishTasksAndInvalidate() }
    }

    /// A `POST` of `body` to `endpoint`, with the token and the time-out.
    func request(_ endpoint: URL, body: Data) -> URLRequest {
        var request = URLRequest(url: endpoint, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: Self.backstop(timeout))
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/x-ndjson, application/json", forHTTPHeaderField: "Accept")
        if let token { request.setValue(token.headerValue, forHTTPHeaderField: "Authorization") }
        return request
    }
}

/// Refuses every redirect, so a request's bearer token never follows one to another host:
/// the 3xx answer itself comes back, and fails the request's rows with its status.
final class RedirectRefusal: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

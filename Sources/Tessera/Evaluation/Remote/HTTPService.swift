import Foundation
import Synchronization

/// What the request slots of one HTTP evaluation service share (``HTTPWorker/slots(baseURL:count:tokenVariable:timeout:retry:environment:)``):
/// the endpoints and one ``HTTPClient`` (its session, token, time-out and retry policy).
///
/// The client allows as many connections to the host as there are slots, so the slots
/// are the concurrency limit. Its session is invalidated when the last slot shuts down.
final class HTTPService: Sendable {
    /// The service's base URL without a trailing slash or `/v1`: `http://127.0.0.1:8000`.
    let base: String
    /// `{base}/v1/hello`.
    let helloURL: URL
    /// `{base}/v1/evaluate`.
    let evaluateURL: URL
    /// The client every slot sends through.
    let client: HTTPClient
    /// The slots not shut down yet.
    private let openSlots: Mutex<Set<Int>>

    /// Creates the shared part of `count` slots; the inputs are already checked.
    init(base: String, count: Int, client: HTTPClient) {
        self.base = base
        helloURL = URL(string: base + "/v1/hello")!
        evaluateURL = URL(string: base + "/v1/evaluate")!
        self.client = client
        openSlots = Mutex(Set(0..<count))
    }

    /// Whether `slot` has not shut down.
    func isOpen(_ slot: Int) -> Bool { openSlots.withLock { $0.contains(slot) } }

    /// Shuts `slot` down; the last slot to go invalidates the session (requests under
    /// way finish first). A second call for a slot does nothing.
    func close(_ slot: Int) {
        let last = openSlots.withLock { open in open.remove(slot) != nil && open.isEmpty }
        if last { client.invalidate() }
    }
}

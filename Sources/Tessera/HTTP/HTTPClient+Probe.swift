import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What a ``HTTPClient/probe(_:)`` found: whether a service can be reached and accepts
/// the client's credentials, before a run relies on it.
public enum HTTPProbe: Sendable, Hashable {
    /// The service answered with this status, other than 401 and 403 (a 404 means only that
    /// it has no such page: it is there).
    case reachable(status: Int)
    /// The service answered 401 or 403: it refuses the credentials (or their absence).
    case refused(status: Int, detail: String)
    /// No answer: why, in a few words.
    case unreachable(String)
}

extension HTTPClient {
    /// One `GET` of `url`, with the bearer token when there is one, without retries:
    /// whether the service is there and accepts the token.
    public func probe(_ url: URL) async -> HTTPProbe {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout.seconds.rounded(.up) + 1)
        request.httpMethod = "GET"
        request.setValue(accept, forHTTPHeaderField: "Accept")
        if let token { request.setValue(token.headerValue, forHTTPHeaderField: "Authorization") }
        switch await attempt(request) {
        case .response(let status, let body, _) where status == 401 || status == 403:
            var detail = String(decoding: body.prefix(200), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
            if let token { detail = token.redacting(detail) }
            return .refused(status: status, detail: detail)
        case .response(let status, _, _): return .reachable(status: status)
        case .timedOut: return .unreachable("no answer within \(timeout.seconds) s")
        case .unreachable(let why), .failed(let why): return .unreachable(why)
        case .cancelled: return .unreachable("cancelled")
        }
    }
}

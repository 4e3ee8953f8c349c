import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What became of one HTTP request.
enum HTTPAttempt: Sendable {
    /// The server answered: its status, body and the wait its `Retry-After` asks for.
    case response(status: Int, body: Data, retryAfter: Duration?)
    /// No answer within the time-out.
    case timedOut
    /// No connection, or the connection dropped: why, in a few words.
    case unreachable(String)
    /// The calling task was cancelled.
    case cancelled
    /// Any other failure (a bad TLS certificate, an unsupported URL): why.
    case failed(String)

    /// Whether a new attempt may succeed: a time-out, a refused or dropped connection,
    /// or HTTP 429, 500, 502, 503 or 504.
    var isTransient: Bool {
        switch self {
        case .response(let status, _, _): return [429, 500, 502, 503, 504].contains(status)
        case .timedOut, .unreachable: return true
        case .cancelled, .failed: return false
        }
    }
}

extension HTTPClient {
    /// Sends `request` once and waits at most ``timeout`` for the whole answer.
    ///
    /// Cancelling the calling task cancels the request. The time-out is a timer that
    /// cancels the request, so a server that trickles bytes cannot hold an attempt past it
    /// either; the session's own, coarser time-out is only a backstop.
    func attempt(_ request: URLRequest) async -> HTTPAttempt {
        if Task.isCancelled { return .cancelled }
        let call = HTTPCall()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<HTTPAttempt, Never>) in
                let task = session.dataTask(with: request) { data, response, error in
                    continuation.resume(returning: call.finish(data: data, response: response, error: error))
                }
                call.begin(task)
                task.resume()
                // A Dispatch timer, not a Task: it fires on time even when the cooperative
                // pool is busy. After an answer it finds the call finished and does nothing.
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout.seconds) { call.stop(.expired) }
            }
        } onCancel: {
            call.stop(.cancelled)
        }
    }
}

/// One request under way: its task, and why it was stopped if it was.
private final class HTTPCall: Sendable {
    /// Why a request was stopped before its answer.
    enum Stop: Sendable { case cancelled, expired }

    private struct State {
        var task: URLSessionDataTask?
        var stop: Stop?
        var finished = false
    }

    private let state = Mutex(State())

    /// Records the task; cancels it at once if the caller was cancelled before it existed.
    func begin(_ task: URLSessionDataTask) {
        let stopped = state.withLock { state in
            state.task = task
            return state.stop != nil
        }
        if stopped { task.cancel() }
    }

    /// Cancels the request for `reason`, unless it already finished or was stopped.
    func stop(_ reason: Stop) {
        let task = state.withLock { state -> URLSessionDataTask? in
            guard !state.finished, state.stop == nil else { return nil }
            state.stop = reason
            return state.task
        }
        task?.cancel()
    }

    /// What the request came to.
    func finish(data: Data?, response: URLResponse?, error: (any Error)?) -> HTTPAttempt {
        let stop = state.withLock { state in
            state.finished = true
            state.task = nil  // The pending timer keeps only this small call alive.
            return state.stop
        }
        if let error {
            switch stop {
            case .cancelled?: return .cancelled
            case .expired?: return .timedOut
            case nil: return Self.classify(error)
            }
        }
        guard let http = response as? HTTPURLResponse else { return .failed("the answer is not an HTTP response") }
        let retryAfter = http.allHeaderFields.first { ($0.key as? String)?.lowercased() == "retry-after" }
            .flatMap { $0.value as? String }.flatMap { RetryAfter.delay($0) }
        return .response(status: http.statusCode, body: data ?? Data(), retryAfter: retryAfter)
    }

    /// A transport error as an attempt.
    private static func classify(_ error: any Error) -> HTTPAttempt {
        guard let error = error as? URLError else { return .failed(String(describing: error)) }
        switch error.code {
        case .timedOut: return .timedOut
        case .cancelled: return .cancelled
        case .cannotConnectToHost: return .unreachable("connection refused")
        case .networkConnectionLost: return .unreachable("the connection was lost")
        case .cannotFindHost, .dnsLookupFailed: return .unreachable("host not found")
        case .notConnectedToInternet: return .unreachable("no network")
        case .badServerResponse, .zeroByteResource: return .unreachable("the server closed the connection without an answer")
        default: return .failed("URL error \(error.code.rawValue)")
        }
    }
}

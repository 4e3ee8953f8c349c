import Foundation
import Synchronization

/// Every exchange of a run with its language-model servers, keyed by what was asked (the
/// endpoint and the request's exact bytes, model included), in the order they were first
/// made.
///
/// A ``LanguageModelClient`` given a recording answers a request it already holds from it
/// instead of sending it again (a resumed run never pays twice for a call, and a text is
/// judged the same whatever batch it is in), records every new answer, and in replay mode
/// (``LanguageModelClient/init(replaying:model:)``) answers only from it. Failed exchanges
/// are not kept: a later run asks again.
public final class LanguageModelRecording: Sendable {
    private struct State {
        var byKey: [String: LanguageModelExchange] = [:]
        var order: [String] = []
        /// The first of ``order`` not yet handed to ``takeUnsaved()``.
        var saved = 0
    }

    private let state = Mutex(State())

    /// An empty recording.
    public init() {}

    /// A recording holding `exchanges` (as ``exchanges`` returned them, or as a file kept
    /// them), all counted as saved.
    public convenience init(_ exchanges: [LanguageModelExchange], model: String?) {
        self.init()
        for exchange in exchanges { record(exchange, model: model) }
        state.withLock { $0.saved = $0.order.count }
    }

    /// The key of a request: its path and exact body (the model included).
    public static func key(_ request: LanguageModelRequest, model: String?) -> String {
        request.path + "\n" + String(decoding: request.body(model: model), as: UTF8.self)
    }

    /// The exchanges recorded since the last call (or since the recording was made from
    /// saved ones), in order, with their keys: what a run writes to its file next.
    public func takeUnsaved() -> [(key: String, exchange: LanguageModelExchange)] {
        state.withLock { state in
            defer { state.saved = state.order.count }
            return state.order[state.saved...].map { ($0, state.byKey[$0]!) }
        }
    }

    /// Puts `count` exchanges handed out by ``takeUnsaved()`` back in line (their write
    /// failed), so the next call hands them out again.
    public func markUnsaved(_ count: Int) {
        state.withLock { $0.saved = max(0, $0.saved - count) }
    }

    /// The recorded answer to `request`, or `nil`.
    public func exchange(for request: LanguageModelRequest, model: String?) -> LanguageModelExchange? {
        let key = Self.key(request, model: model)
        return state.withLock { $0.byKey[key] }
    }

    /// Keeps a successful exchange (the first for its request wins).
    public func record(_ exchange: LanguageModelExchange, model: String?) {
        guard exchange.answer != nil else { return }
        let key = Self.key(exchange.request, model: model)
        state.withLock { state in
            guard state.byKey[key] == nil else { return }
            state.byKey[key] = exchange
            state.order.append(key)
        }
    }

    /// The exchanges, in the order they were first made.
    public var exchanges: [LanguageModelExchange] { state.withLock { state in state.order.map { state.byKey[$0]! } } }

    /// The number of exchanges.
    public var count: Int { state.withLock { $0.order.count } }
}

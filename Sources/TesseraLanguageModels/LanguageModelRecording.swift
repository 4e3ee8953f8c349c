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
    }

    private let state = Mutex(State())

    /// An empty recording.
    public init() {}

    /// A recording holding `exchanges` (as ``exchanges`` returned them).
    public convenience init(_ exchanges: [LanguageModelExchange], model: String?) {
        self.init()
        for exchange in exchanges { record(exchange, model: model) }
    }

    /// The key of a request: its path and exact body.
    static func key(_ request: LanguageModelRequest, model: String?) -> String {
        request.path + "\n" + String(decoding: request.body(model: model), as: UTF8.self)
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

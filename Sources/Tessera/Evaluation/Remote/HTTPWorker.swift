import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One request slot of an HTTP evaluation service: a ``RemoteWorker`` that sends each
/// batch as one `POST` (`Docs/EvaluatorProtocol.md`, HTTP transport).
///
/// Make the slots with ``slots(baseURL:count:tokenVariable:timeout:retry:environment:)``:
/// they share one `URLSession`, and since a ``RemoteEvaluator`` gives each worker at most
/// one batch at a time, their count is the number of requests the service sees at once.
///
/// The contract, for a base URL `http://host:8000`:
/// - `POST /v1/hello` with a `hello` line answers 200 with a `ready` line;
/// - `POST /v1/evaluate` with an `evaluate` line (`Content-Type: application/json`)
///   answers 200 with `result` lines (NDJSON), one per item, in any order;
/// - with a token, every request carries `Authorization: Bearer TOKEN`.
///
/// HTTP 429, 500, 502, 503 and 504, a time-out and a refused or dropped connection are
/// transient: the request is retried by the ``RetryPolicy``, honouring `Retry-After` (up
/// to 60 s), and when the attempts are spent every row of the batch fails with the last
/// reason. Any other status fails every row at once with the status and the first line of
/// the body. The token never appears in ``name``, in a description, in an error or in a
/// reason.
public struct HTTPWorker: RemoteWorker, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// What the slots of the service share.
    let service: HTTPService
    /// This slot's index, from 0.
    let slot: Int
    /// How many slots share the service.
    let slotCount: Int

    /// A slot of `service`.
    init(service: HTTPService, slot: Int, of slotCount: Int) {
        self.service = service
        self.slot = slot
        self.slotCount = slotCount
    }

    /// The service and the slot: `http://127.0.0.1:8000 (slot 1 of 4)`.
    public var name: String { "\(service.base) (slot \(slot + 1) of \(slotCount))" }

    /// The ``name``.
    public var description: String { name }

    /// The ``name``.
    public var debugDescription: String { "HTTPWorker(\(name))" }

    /// The base URL and the slot only, so a `dump` cannot show the token.
    public var customMirror: Mirror {
        Mirror(self, children: ["base": service.base, "slot": slot + 1, "slots": slotCount])
    }

    /// Sends `hello` to `{base}/v1/hello` and returns the domain of the `ready` it answers.
    ///
    /// Transient failures are retried as for ``evaluate(_:)``.
    ///
    /// - Throws: ``RemoteEvaluatorError`` in one line naming the URL: the service cannot
    ///   be reached (`cannot reach http://…: connection refused after 4 attempts`), answers
    ///   an HTTP error, answers something other than `ready`, or speaks another protocol
    ///   version; or the slot is shut down, or the task cancelled.
    public func start() async throws(RemoteEvaluatorError) -> WorkerDomain {
        let url = service.helloURL.absoluteString
        guard service.isOpen(slot) else { throw RemoteEvaluatorError("\(name) is shut down") }
        let hello = WorkerMessage.hello(protocolVersion: WorkerMessage.protocolVersion, tessera: TesseraInfo.version)
        let body: Data
        switch await service.client.post(service.helloURL, body: Data((hello.line + "\n").utf8)).0 {
        case .answered(let data): body = data
        case .failed(let reason): throw RemoteEvaluatorError(reason)
        case .cancelled: throw RemoteEvaluatorError("the hello to \(url) was cancelled")
        }
        let line = String(decoding: body, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty } ?? ""
        let message: WorkerMessage
        do {
            message = try WorkerMessage(line: line)
        } catch {
            throw RemoteEvaluatorError("\(url) did not answer 'ready': \(error.message)")
        }
        guard case .ready(let version, let domain) = message else {
            throw RemoteEvaluatorError("\(url) did not answer 'ready': \(WorkerMessage.excerpt(line))")
        }
        guard version == WorkerMessage.protocolVersion else {
            throw RemoteEvaluatorError("\(url) speaks evaluator protocol version \(version); this Tessera speaks version \(WorkerMessage.protocolVersion)")
        }
        return domain
    }

    /// POSTs the batch to `{base}/v1/evaluate` and reads one `result` line per item.
    ///
    /// Rows the body does not answer are ``RemoteOutcome/lost(_:)``; lines that are not
    /// `result` messages count in ``RemoteAnswer/malformed``; results for ids not sent or
    /// already answered count in ``RemoteAnswer/dropped``; retried attempts count in
    /// ``RemoteAnswer/retries``. When the request fails for good (an HTTP 4xx, retries
    /// spent), or the calling task is cancelled (which cancels the request), every row is
    /// ``RemoteOutcome/failed(_:)`` with the reason in one line.
    ///
    /// - Complexity: One request (more on transient failures); O(n) in the body's size.
    public func evaluate(_ items: [WorkerItem]) async -> RemoteAnswer {
        guard !items.isEmpty else { return RemoteAnswer() }
        guard service.isOpen(slot) else { return Self.failing(items, "\(name) is shut down") }
        let body = Data((WorkerMessage.evaluate(items).line + "\n").utf8)
        let (exchange, retries) = await service.client.post(service.evaluateURL, body: body)
        var answer: RemoteAnswer
        switch exchange {
        case .answered(let data): answer = Self.answer(data, to: items, from: service.evaluateURL.absoluteString)
        case .failed(let reason): answer = Self.failing(items, reason)
        case .cancelled: answer = Self.failing(items, "the request to \(service.evaluateURL.absoluteString) was cancelled")
        }
        answer.retries = retries
        return answer
    }

    /// Releases the slot; the last slot of the service to shut down invalidates the
    /// shared session, after its requests under way. The service itself is not told:
    /// the HTTP contract has no `shutdown` (the service outlives a run). Calling it twice
    /// does nothing more; a slot shut down fails its rows and cannot start.
    public func shutdown() async {
        service.close(slot)
    }

    /// An answer that fails every item with `reason`.
    static func failing(_ items: [WorkerItem], _ reason: String) -> RemoteAnswer {
        RemoteAnswer(outcomes: Dictionary(items.map { ($0.id, RemoteOutcome.failed(reason)) }, uniquingKeysWith: { first, _ in first }))
    }
}

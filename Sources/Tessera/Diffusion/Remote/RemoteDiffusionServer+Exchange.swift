import Foundation
import Synchronization

extension RemoteDiffusionServer {
    /// POSTs `body` to `endpoint` and reads the answer, counting the request in
    /// ``statistics``.
    ///
    /// - Parameter read: Reads a 2xx body; what it throws makes the answer unusable, which
    ///   is retried like a transient failure.
    /// - Throws: ``RemoteDiffusionError`` when the request fails for good;
    ///   `CancellationError` when the task is cancelled.
    func exchange<Answer: Sendable>(_ body: Data, to endpoint: URL,
                                    read: @escaping @Sendable (Data) throws(RemoteDiffusionError) -> Answer) async throws -> (Answer, retries: Int) {
        let clock = ContinuousClock(), start = clock.now
        let (result, retries) = await Self.send(body, to: endpoint, via: client, read: read)
        let seconds = (clock.now - start) / .seconds(1)
        switch result {
        case .success(let answer):
            record(seconds: seconds, retries: retries, failed: false)
            return (answer, retries)
        case .failure(let error):
            record(seconds: seconds, retries: retries, failed: true)
            throw error
        }
    }

    /// POSTs `body` to `endpoint` through `client`, retrying transient failures and
    /// unusable answers, and returns the answer `read` makes of the body with the number of
    /// attempts retried.
    ///
    /// The body is read once: the answer read while validating it is the one returned.
    /// The result fails with ``RemoteDiffusionError`` when the request fails for good, or
    /// `CancellationError` when the task is cancelled.
    static func send<Answer: Sendable>(_ body: Data, to endpoint: URL, via client: HTTPClient,
                                       read: @escaping @Sendable (Data) throws(RemoteDiffusionError) -> Answer) async
        -> (result: Result<Answer, any Error>, retries: Int) {
        let slot = AnswerSlot<Answer>()
        let token = client.token
        let (exchange, retries) = await client.post(endpoint, body: body) { data in
            do throws(RemoteDiffusionError) {
                slot.keep(try read(data))
                return nil
            } catch {
                return token.map { $0.redacting(error.message) } ?? error.message
            }
        }
        switch exchange {
        case .answered(let data):
            if let answer = slot.take() { return (.success(answer), retries) }
            do { return (.success(try read(data)), retries) } catch { return (.failure(error), retries) }
        case .failed(let reason):
            return (.failure(RemoteDiffusionError(refusal(reason, from: endpoint))), retries)
        case .cancelled:
            return (.failure(CancellationError()), retries)
        }
    }

    /// `reason` with a refusal's JSON body (`HTTP 400 from URL: {"error": "…"}`) replaced by
    /// its `error` text on one line; any other reason as it is.
    static func refusal(_ reason: String, from endpoint: URL) -> String {
        let marker = " from \(endpoint.absoluteString): "
        guard reason.hasPrefix("HTTP "), let range = reason.range(of: marker) else { return reason }
        let line = reason[range.upperBound...]
        // The client cuts a long line at 200 characters and marks it "…": close the string
        // it cut to read what is left.
        let candidates = [(String(line), "")] + (line.hasSuffix("…") ? [(line.dropLast() + "\"}", "…")] : [])
        for (candidate, cut) in candidates {
            if let object = try? JSONSerialization.jsonObject(with: Data(candidate.utf8)) as? [String: Any],
               let error = object["error"] as? String, !error.isEmpty {
                return reason[..<range.upperBound] + oneLine(error) + cut
            }
        }
        return reason
    }

    /// `data` decoded as `type`: JSON (JSON5, for the NaN and infinities Python writes).
    ///
    /// - Throws: ``RemoteDiffusionError`` naming the field that is missing, null or of
    ///   the wrong type, or saying the body is not JSON.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(RemoteDiffusionError) -> T {
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        do {
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            throw RemoteDiffusionError(problem(error))
        } catch {
            throw RemoteDiffusionError("not JSON")
        }
    }

    /// What a decoding error says of the answer, naming the field.
    static func problem(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { text, key in
                if let index = key.intValue { return text + "[\(index)]" }
                return text.isEmpty ? key.stringValue : text + "." + key.stringValue
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "field \(path(context.codingPath + [key])) is missing"
        case .valueNotFound(_, let context):
            return "field \(path(context.codingPath)) is null"
        case .typeMismatch(let type, let context):
            return "field \(path(context.codingPath)) is not \(kind(type))"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "not JSON"
        case .dataCorrupted(let context):
            return "field \(path(context.codingPath)) cannot be read: \(oneLine(context.debugDescription, limit: 120))"
        @unknown default:
            return "not the JSON expected"
        }
    }

    /// The JSON kind a Swift type is read from.
    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        case is Bool.Type: return "a Boolean"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object"
        }
    }
}

/// The answer a validation read, kept so the body is not read twice.
final class AnswerSlot<Answer: Sendable>: Sendable {
    private let value = Mutex<Answer?>(nil)

    /// Keeps `answer`, replacing any earlier one (an earlier attempt's).
    func keep(_ answer: Answer) { value.withLock { $0 = answer } }

    /// The answer kept, if any, and forgets it.
    func take() -> Answer? { value.withLock { slot in defer { slot = nil }; return slot } }
}

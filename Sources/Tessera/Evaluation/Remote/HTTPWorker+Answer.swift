import Foundation

extension HTTPWorker {
    /// Reads the NDJSON body of an `evaluate` answer: one outcome per item.
    ///
    /// A line that is not a `result` message counts in ``RemoteAnswer/malformed``; a result
    /// for an id not in `items`, or for an id already answered, counts in
    /// ``RemoteAnswer/dropped`` (the first answer stands); an item with no result is
    /// ``RemoteOutcome/lost(_:)`` (`http://…/v1/evaluate did not answer row 7`). Blank lines
    /// and `\r\n` endings are accepted.
    ///
    /// - Complexity: O(n) in the body's size.
    static func answer(_ body: Data, to items: [WorkerItem], from endpoint: String) -> RemoteAnswer {
        var unanswered = Set(items.map(\.id))
        var answer = RemoteAnswer()
        for raw in body.split(separator: UInt8(ascii: "\n")) {
            let line = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            guard case .result(let id, let outcome)? = try? WorkerMessage(line: line) else {
                answer.malformed += 1
                continue
            }
            guard unanswered.remove(id) != nil else {
                answer.dropped += 1
                continue
            }
            answer.outcomes[id] = .answered(outcome)
        }
        for id in unanswered { answer.outcomes[id] = .lost("\(endpoint) did not answer row \(id)") }
        return answer
    }
}

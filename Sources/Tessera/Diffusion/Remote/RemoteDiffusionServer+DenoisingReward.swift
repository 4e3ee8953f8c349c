import Foundation

extension RemoteDiffusionServer: DenoisingReward {
    /// The descriptors' names, one per dimension; empty when there are none.
    public var descriptorNames: [String] { model.descriptors.map(\.name) }

    /// The box of the declared bounds; `nil` when there are no descriptors.
    public var descriptorSpace: Box? {
        model.descriptors.isEmpty ? nil : Box(lower: model.descriptors.map(\.low), upper: model.descriptors.map(\.high))
    }

    /// Scores `rows` outputs on the server (`POST /v1/score`): the reward in use and the
    /// descriptors of each.
    ///
    /// A row fails alone (``OutputScore/failure``, one line) when its reward is `null` or
    /// not finite, or its descriptor has the wrong count or a value not finite: the
    /// server's `errors` entry for it says why, or else the reason found.
    ///
    /// - Parameter outputs: `rows` final latents of ``latentCount`` numbers, row after row.
    /// - Returns: One score per row.
    /// - Throws: ``RemoteDiffusionError`` when the request fails for good, or the answer's
    ///   `rewards`, `descriptors` or `errors` has other than `rows` entries;
    ///   `CancellationError` when the task is cancelled.
    /// - Precondition: `outputs.count == rows · latentCount`.
    public func score(_ outputs: [Float], rows: Int) async throws -> [OutputScore] {
        precondition(rows >= 0 && outputs.count == rows * latentCount, "\(outputs.count) numbers for \(rows) outputs of \(latentCount)")
        guard rows > 0 else { return [] }
        var body = Data()
        body.reserveCapacity(outputs.count * 16 / 3 + 64)
        body.append(contentsOf: "{\"rows\":\(rows),\"latents\":\"".utf8)
        body.append(WireTensor.bytes(outputs).base64EncodedData())
        body.append(contentsOf: "\"}".utf8)
        let (answer, _) = try await exchange(body, to: scoreURL) { data throws(RemoteDiffusionError) in
            try Self.decode(ScoreAnswer.self, from: data)
        }
        for (field, count) in [("rewards", answer.rewards.count), ("descriptors", answer.descriptors?.count ?? rows),
                               ("errors", answer.errors?.count ?? rows)] where count != rows {
            record(failure: true)
            throw RemoteDiffusionError("the denoising server \(server) answered a score of \(rows) outputs with \(count) \(field)")
        }
        let dimension = model.descriptors.count
        let scores = (0..<rows).map { row -> OutputScore in
            let error = answer.errors?[row].map { text in client.token.map { $0.redacting(text) } ?? text }
                .map { Self.oneLine($0) }.flatMap { $0.isEmpty ? nil : $0 }
            guard let reward = answer.rewards[row] else { return OutputScore(failure: error ?? "the server gave no reward") }
            guard reward.isFinite else { return OutputScore(failure: error ?? "reward \(reward) is not finite") }
            let descriptor = answer.descriptors?[row] ?? []
            guard descriptor.count == dimension else {
                return OutputScore(failure: error ?? "\(descriptor.count) descriptor values, expected \(dimension)")
            }
            guard descriptor.allSatisfy(\.isFinite) else { return OutputScore(failure: error ?? "descriptor \(descriptor) is not finite") }
            return OutputScore(reward: reward, descriptor: descriptor)
        }
        record(scored: rows)
        return scores
    }

    /// The answer to `score`: per row a reward or `null`, a descriptor or `null`, an error
    /// or `null`; `descriptors` and `errors` may be `null` or missing as a whole.
    struct ScoreAnswer: Decodable {
        var rewards: [Double?]
        var descriptors: [[Double]?]?
        var errors: [String?]?
    }
}

import Foundation

extension RemoteDiffusionServer: DenoisingGenerator {
    /// The latent's shape, outermost first.
    public var latentShape: [Int] { model.latentShape }
    /// Sampling steps from noise to output.
    public var stepCount: Int { model.stepCount }
    /// Where a latent's noise starts.
    public var noiseOffset: Int { model.noiseOffset }
    /// Standard normals each step consumes per row.
    public var stepNoiseCount: Int { model.stepNoiseCount }
    /// How EvoSearch mutates a latent, as the server declares.
    public var mutation: LatentMutation { model.mutation }

    /// σ_t of the additive mutation at step `i`, as the server declares.
    ///
    /// - Precondition: `i` in 0 ..< ``stepCount``.
    public func noiseDeviation(atStep i: Int) -> Double {
        precondition((0..<model.stepCount).contains(i), "step \(i) outside 0..<\(model.stepCount)")
        return model.noiseDeviations[i]
    }

    /// Applies sampling steps `start ..< end` to `rows` latents on the server
    /// (`POST /v1/advance`).
    ///
    /// - Parameters:
    ///   - latents: `rows` latents of ``latentCount`` numbers, row after row, advanced in place.
    ///   - noise: `rows · (end − start) · stepNoiseCount` standard normals, row by row and,
    ///     within a row, step by step.
    /// - Returns: The NFE the server reports, in 0 … rows · (end − start) · 1000.
    /// - Throws: ``RemoteDiffusionError`` when the request fails for good or the answer has
    ///   the wrong number of latent numbers or an NFE out of range (`latents` is then
    ///   unchanged); `CancellationError` when the task is cancelled.
    /// - Precondition: `0 ≤ start ≤ end ≤ stepCount` and the counts above.
    /// - Complexity: One request (more on transient failures) of O(rows · (L + noise)) bytes.
    public func advance(_ latents: inout [Float], rows: Int, from start: Int, to end: Int, noise: [Float]) async throws -> Int {
        precondition(rows >= 0 && 0 <= start && start <= end && end <= stepCount, "advance \(rows) rows from \(start) to \(end) of \(stepCount) steps")
        precondition(latents.count == rows * latentCount && noise.count == rows * (end - start) * stepNoiseCount,
                     "\(latents.count) latent and \(noise.count) noise numbers for \(rows) rows")
        guard rows > 0, end > start else { return 0 }
        var body = Data()
        body.reserveCapacity((latents.count + noise.count) * 16 / 3 + 128)
        body.append(contentsOf: "{\"from\":\(start),\"to\":\(end),\"rows\":\(rows),\"latents\":\"".utf8)
        body.append(WireTensor.bytes(latents).base64EncodedData())
        body.append(contentsOf: "\",\"noise\":\"".utf8)
        body.append(WireTensor.bytes(noise).base64EncodedData())
        body.append(contentsOf: "\"}".utf8)
        let ((advanced, nfe), _) = try await exchange(body, to: advanceURL) { data throws(RemoteDiffusionError) in
            let answer = try Self.decode(AdvanceAnswer.self, from: data)
            guard let values = WireTensor.floats(base64: answer.latents) else {
                throw RemoteDiffusionError("field latents is not base64 of float32 values")
            }
            return (values, answer.nfe)
        }
        guard advanced.count == latents.count else {
            record(failure: true)
            throw RemoteDiffusionError("the denoising server \(server) answered an advance of \(rows) rows with \(advanced.count) latent numbers, expected \(latents.count)")
        }
        let most = rows * (end - start) * 1000
        guard (0...most).contains(nfe) else {
            record(failure: true)
            throw RemoteDiffusionError("the denoising server \(server) answered an advance of \(rows) rows from step \(start) to \(end) with nfe \(nfe), expected 0...\(most)")
        }
        latents = advanced
        record(nfe: nfe)
        return nfe
    }

    /// The answer to `advance`.
    struct AdvanceAnswer: Decodable {
        var latents: String
        var nfe: Int
    }
}

import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

/// ``RemoteDiffusionServer`` against a loopback stand-in (`Fixtures/diffusion_stub.py`):
/// the hello read and checked field by field, tensors advanced and scored exactly, transient
/// failures retried, wrong answers and refusals failing at once with the server's words,
/// failed rows as data, redirects refused, a token sent but never shown, and cancellation.
@Suite(.serialized, .timeLimit(.minutes(1))) struct RemoteDiffusionServerTests {
    /// Short back-offs keep every test well under a few seconds.
    static let quick = try! RetryPolicy(maximumAttempts: 3, initialBackoff: .milliseconds(20))

    static func connect(_ stub: DiffusionStub, _ mode: String, reward: String? = nil, timeout: Duration = .seconds(5),
                        retry: RetryPolicy = quick) async throws -> RemoteDiffusionServer {
        try await RemoteDiffusionServer.connect(to: stub.url(mode), reward: reward, timeout: timeout, retry: retry)
    }

    /// The message of what `body` throws, or "" when it does not throw.
    static func failure(_ body: () async throws -> Void) async -> String {
        do {
            try await body()
            return ""
        } catch let error as RemoteDiffusionError {
            return error.message
        } catch {
            return "not a RemoteDiffusionError: \(error)"
        }
    }

    /// What the stub makes of `x`: x + 0.5 z per step, rounded to float32 after each.
    static func advanced(_ x: [Float], noise: [Float], steps: Int) -> [Float] {
        var x = x
        for step in 0..<steps {
            for j in x.indices { x[j] = Float(Double(x[j]) + 0.5 * Double(noise[step * 4 + j])) }
        }
        return x
    }

    @Test func theHelloIsReadIntoTheModel() async throws {
        try await withTaskExecutorPreference(DedicatedExecutor()) {
            let stub = try DiffusionStub()
            defer { stub.stop() }
            let server = try await Self.connect(stub, "ok")
            #expect(server.server == "\(stub.base)/ok")
            #expect(server.latentShape == [4] && server.latentCount == 4 && server.stepCount == 3 && server.noiseOffset == 0)
            #expect(server.stepNoiseCount == 4 && server.mutation == .additive && server.noiseDeviation(atStep: 1) == 0.5)
            #expect(server.descriptorNames == ["first"] && server.descriptorSpace == Box(lower: [-2], upper: [2]))
            let model = server.model
            #expect(model.summary == "stub: x + 0.5 z per step" && model.reward == .init(name: "sum", summary: "the sum of the latent"))
            #expect(model.rewards == ["sum", "negsum"] && model.picture == .init(offset: 0, width: 2, height: 2))
            #expect(server.statistics.requests == 1 && server.statistics.retries == 0)
            // The model saves as the hello itself and reads back equal.
            let saved = try JSONEncoder().encode(model)
            #expect(try JSONDecoder().decode(RemoteDiffusionModel.self, from: saved) == model)
            let keys = try #require(try JSONSerialization.jsonObject(with: saved) as? [String: Any]).keys
            #expect(Set(keys) == ["protocol", "model", "latent_shape", "noise_offset", "step_noise", "steps", "noise_deviations",
                                  "mutation", "reward", "rewards", "descriptors", "picture"])
            // A trailing /v1/ is the same server; the reward asked for is the one used.
            let other = try await RemoteDiffusionServer.connect(to: URL(string: "\(stub.base)/ok/v1/")!, reward: "negsum", timeout: .seconds(5))
            #expect(other.server == server.server && other.model.reward.name == "negsum" && other.model != model)
            #expect("\(other)" == "\(stub.base)/ok (stub: x + 0.5 z per step, reward negsum)")
            // An unknown reward is the server's 400, in its own words.
            let unknown = await Self.failure { _ = try await Self.connect(stub, "ok", reward: "nope") }
            #expect(unknown == "HTTP 400 from \(stub.base)/ok/v1/hello: unknown reward 'nope'; offered: sum, negsum", "\(unknown)")
        }
    }

    @Test func advanceAndScoreFollowTheProtocol() async throws {
        try await withTaskExecutorPreference(DedicatedExecutor()) {
            let stub = try DiffusionStub()
            defer { stub.stop() }
            let server = try await Self.connect(stub, "ok")
            let start: [Float] = [0.5, -1, 2.25, 0, -0.0, 1e-3, 3, -4]
            let noise: [Float] = (0..<16).map { Float($0) * 0.375 - 2 }
            var latents = start
            let nfe = try await server.advance(&latents, rows: 2, from: 0, to: 2, noise: noise)
            let expected = Self.advanced(Array(start[0..<4]), noise: Array(noise[0..<8]), steps: 2)
                + Self.advanced(Array(start[4..<8]), noise: Array(noise[8..<16]), steps: 2)
            #expect(nfe == 4 && latents == expected)
            var unchanged = latents
            #expect(try await server.advance(&unchanged, rows: 2, from: 2, to: 2, noise: []) == 0 && unchanged == latents)
            let outputs = latents + [5, 0, 0, 0]
            let scores = try await server.score(outputs, rows: 3)
            #expect(scores.count == 3)
            for row in 0..<3 {
                let x = outputs[(row * 4)..<((row + 1) * 4)]
                let sum = x.reduce(0.0) { $0 + Double($1) }
                #expect(scores[row] == OutputScore(reward: sum, descriptor: [min(2, max(-2, Double(x.first!)))]), "row \(row)")
            }
            #expect(try await server.score([], rows: 0).isEmpty)
            let figures = server.statistics
            #expect(figures.requests == 3 && figures.nfe == 4 && figures.scored == 3 && figures.failures == 0 && figures.seconds > 0)
            #expect(try await stub.requests("ok") == 3, "nothing is sent for no rows or no steps")
        }
    }

    @Test func transientFailuresAreRetried() async throws {
        try await withTaskExecutorPreference(DedicatedExecutor()) {
            let stub = try DiffusionStub()
            defer { stub.stop() }
            let flaky = try await Self.connect(stub, "flaky")
            var latents: [Float] = [1, 2, 3, 4]
            #expect(try await flaky.advance(&latents, rows: 1, from: 0, to: 3, noise: [Float](repeating: 1, count: 12)) == 3)
            #expect(latents == [2.5, 3.5, 4.5, 5.5])
            #expect(try await flaky.score(latents, rows: 1) == [OutputScore(reward: 16, descriptor: [2])])
            #expect(flaky.statistics.retries == 3 && flaky.statistics.requests == 3 && flaky.statistics.failures == 0)
            let clock = ContinuousClock(), start = clock.now
            let busy = try await Self.connect(stub, "busy")
            #expect(clock.now - start >= .seconds(1), "Retry-After is honoured")
            #expect(busy.statistics.retries == 1)
        }
    }

    @Test func spentRetriesNameWhatHappenedAndTheAttempts() async throws {
        try await withTaskExecutorPreference(DedicatedExecutor()) {
            let stub = try DiffusionStub()
            defer { stub.stop() }
            var latents: [Float] = [1, 2, 3, 4]
            let noise = [Float](repeating: 0, count: 4)
            let down = try await Self.connect(stub, "down")
            let overloaded = await Self.failure { _ = try await down.advance(&latents, rows: 1, from: 0, to: 1, noise: noise) }
            #expect(overloaded == "HTTP 503 from \(stub.base)/down/v1/advance after 3 attempts", "\(overloaded)")
            #expect(down.statistics.failures == 1 && down.statistics.retries == 2)
            let garbage = try await Self.connect(stub, "garbage")
            let unreadable = await Self.failure { _ = try await garbage.score(latents, rows: 1) }
            #expect(unreadable == "an unusable answer from \(stub.base)/garbage/v1/score (not JSON) after 3 attempts", "\(unreadable)")
            let nofield = try await Self.connect(stub, "nofield")
            let missing = await Self.failure { _ = try await nofield.advance(&latents, rows: 1, from: 0, to: 1, noise: noise) }
            #expect(missing.contains("(field nfe is missing) after 3 attempts"), "\(missing)")
            let hang = try await Self.connect(stub, "hang", timeout: .milliseconds(300), retry: try RetryPolicy(maximumAttempts: 2, initialBackoff: .milliseconds(20)))
            let clock = ContinuousClock(), start = clock.now
            let slow = await Self.failure { _ = try await hang.score(latents, rows: 1) }
            #expect(slow == "timed out after 0.3 s waiting for \(stub.base)/hang/v1/score after 2 attempts", "\(slow)")
            #expect(clock.now - start < .seconds(3))
            #expect(latents == [1, 2, 3, 4], "a failed advance leaves the latents alone")
        }
    }

    @Test func wrongAnswersAndRefusalsFailAtOnce() async throws {
        try await withTaskExecutorPreference(DedicatedExecutor()) {
            let stub = try DiffusionStub()
            defer { stub.stop() }
            var latents: [Float] = [1, 2, 3, 4, 5, 6, 7, 8]
            let noise = [Float](repeating: 0.5, count: 8)
            let short = try await Self.connect(stub, "short")
            let cut = await Self.failure { _ = try await short.advance(&latents, rows: 2, from: 0, to: 1, noise: noise) }
            #expect(cut == "the denoising server \(stub.base)/short answered an advance of 2 rows with 7 latent numbers, expected 8", "\(cut)")
            #expect(short.statistics.retries == 0 && short.statistics.failures == 1 && latents == [1, 2, 3, 4, 5, 6, 7, 8])
            let nfe = try await Self.connect(stub, "nfe")
            let spent = await Self.failure { _ = try await nfe.advance(&latents, rows: 2, from: 0, to: 1, noise: noise) }
            #expect(spent.contains("with nfe 2001, expected 0...2000"), "\(spent)")
            let few = try await Self.connect(stub, "fewrewards")
            let rewards = await Self.failure { _ = try await few.score(latents, rows: 2) }
            #expect(rewards == "the denoising server \(stub.base)/fewrewards answered a score of 2 outputs with 1 rewards", "\(rewards)")
            let reject = try await Self.connect(stub, "reject")
            let refused = await Self.failure { _ = try await reject.advance(&latents, rows: 2, from: 0, to: 1, noise: noise) }
            let prefix = "HTTP 400 from \(stub.base)/reject/v1/advance: rows are wrong xxx"
            #expect(refused.hasPrefix(prefix) && refused.hasSuffix("x…") && !refused.contains("\n") && !refused.contains("{"), "\(refused)")
            #expect(refused.count < prefix.count + 200 && reject.statistics.retries == 0)
        }
    }

    @Test func failedRowsAreDataAndTheOthersCount() async throws {
        try await withTaskExecutorPreference(DedicatedExecutor()) {
            let stub = try DiffusionStub()
            defer { stub.stop() }
            let outputs: [Float] = [1, 0, 0, 0, 2, 0, 0, 0, -3, 0, 0, 0]
            let rowError = try await Self.connect(stub, "rowerror")
            let scores = try await rowError.score(outputs, rows: 3)
            #expect(scores == [OutputScore(reward: 1, descriptor: [1]), OutputScore(failure: "the decoder failed at line 3"),
                               OutputScore(reward: -3, descriptor: [-2])])
            let nan = try await Self.connect(stub, "nan")
            let odd = try await nan.score(outputs, rows: 3)
            #expect(odd == [OutputScore(failure: "reward nan is not finite"), OutputScore(reward: 2, descriptor: [2]),
                            OutputScore(failure: "2 descriptor values, expected 1")], "\(odd)")
            #expect(nan.statistics.scored == 3 && nan.statistics.failures == 0)
        }
    }

    /// Every bad field of a hello is refused with its name and the server; a field that is
    /// missing or of the wrong type makes the answer unusable (retried, then refused).
    @Test func badHelloFieldsAreRefusedByName() async throws {
        try await withTaskExecutorPreference(DedicatedExecutor()) {
            let stub = try DiffusionStub()
            defer { stub.stop() }
            let cases = [
                ("protocol", "bad protocol: it speaks 'tessera-denoising/2'"), ("shape", "bad latent_shape: every size must be at least 1"),
                ("emptyshape", "bad latent_shape"), ("huge", "bad latent_shape: the latent must hold at most 16777216 numbers"),
                ("offset", "bad noise_offset: must be in 0..<4 (got 4)"), ("stepnoise", "bad step_noise: must be in 0...64 (got 65)"),
                ("steps", "bad steps: must be in 1...10000 (got 0)"), ("deviation", "bad noise_deviations: entry 1 must be finite and non-negative"),
                ("deviations", "bad noise_deviations: must hold one number per step (3, got 2)"),
                ("nandeviation", "bad noise_deviations: entry 1"), ("bounds", "bad descriptors[0]: low must be below high"),
                ("unnamed", "bad descriptors[0]: its name is empty"), ("picture", "bad picture: values 2 ..< 6 do not fit in a latent of 4"),
                ("offered", "bad rewards: the reward in use, 'sum', is not among those offered"),
            ]
            for (mode, words) in cases {
                let message = await Self.failure { _ = try await Self.connect(stub, "hello-\(mode)") }
                #expect(message.hasPrefix("the denoising server \(stub.base)/hello-\(mode) declares a \(words)"), "\(mode): \(message)")
            }
            for (mode, words) in [("mutation", "(field mutation cannot be read"), ("rewardname", "(field reward.name is missing)"),
                                  ("nosteps", "(field steps is missing)"), ("stringsteps", "(field steps is not an integer)"),
                                  ("notjson", "(not JSON)")] {
                let message = await Self.failure { _ = try await Self.connect(stub, "hello-\(mode)", retry: .never) }
                #expect(message.hasPrefix("an unusable answer from \(stub.base)/hello-\(mode)/v1/hello \(words)") && message.hasSuffix("after 1 attempt"),
                        "\(mode): \(message)")
            }
        }
    }

    @Test func redirectsAreRefusedAndBadURLsAreOneLineErrors() async throws {
        try await withTaskExecutorPreference(DedicatedExecutor()) {
            let stub = try DiffusionStub()
            defer { stub.stop() }
            let redirect = await Self.failure { _ = try await Self.connect(stub, "redirect") }
            #expect(redirect.hasPrefix("HTTP 307 from \(stub.base)/redirect/v1/hello: "), "\(redirect)")
            #expect(try await stub.requests("ok") == 0, "the redirect was not followed")
            let password = await Self.failure {
                _ = try await RemoteDiffusionServer.connect(to: URL(string: "http://user:hunter2@127.0.0.1:1")!, reward: nil, timeout: .seconds(1))
            }
            #expect(password.contains("user or password") && !password.contains("hunter2"), "\(password)")
            for (url, words) in [("ftp://host/x", "http:// or https://"), ("http://host/x?a=1", "query")] {
                let message = await Self.failure { _ = try await RemoteDiffusionServer.connect(to: URL(string: url)!, reward: nil, timeout: .seconds(1)) }
                #expect(message.contains(words), "\(message)")
            }
            let empty = await Self.failure { _ = try await Self.connect(stub, "ok", reward: "") }
            #expect(empty.contains("reward name") && empty.contains("empty"))
            let refused = await Self.failure {
                _ = try await RemoteDiffusionServer.connect(to: URL(string: "http://127.0.0.1:1")!, reward: nil, timeout: .seconds(1), retry: .never)
            }
            #expect(refused == "cannot reach http://127.0.0.1:1/v1/hello: connection refused after 1 attempt", "\(refused)")
        }
    }

    @Test func theTokenIsSentAndNeverShown() async throws {
        try await withTaskExecutorPreference(DedicatedExecutor()) {
            let token = "tok-\(UUID().uuidString)"
            let stub = try DiffusionStub(environment: ["STUB_TOKEN": token])
            defer { stub.stop() }
            let refused = await Self.failure { _ = try await Self.connect(stub, "token") }
            #expect(refused == "HTTP 401 from \(stub.base)/token/v1/hello: missing or wrong token", "\(refused)")
            let wrong = await Self.failure {
                _ = try await RemoteDiffusionServer.connect(to: stub.url("token"), reward: nil, timeout: .seconds(5), retry: Self.quick,
                                                            tokenVariable: "DIFFUSION_TOKEN", environment: ["DIFFUSION_TOKEN": "not-it"])
            }
            #expect(wrong.contains("HTTP 401"))
            let server = try await RemoteDiffusionServer.connect(to: stub.url("token"), reward: nil, timeout: .seconds(5), retry: Self.quick,
                                                                 tokenVariable: "DIFFUSION_TOKEN", environment: ["DIFFUSION_TOKEN": " \(token)\n"])
            let scores = try await server.score([1, 2, 3, 4, 5, 6, 7, 8], rows: 2)
            #expect(scores == [OutputScore(failure: "bad row under token <redacted>"), OutputScore(reward: 26, descriptor: [2])])
            var dumped = ""
            dump(server, to: &dumped)
            for text in [dumped, "\(server)", String(reflecting: server), scores[0].failure ?? "", refused] {
                #expect(!text.contains(token))
            }
            let unset = await Self.failure {
                _ = try await RemoteDiffusionServer.connect(to: stub.url("token"), reward: nil, timeout: .seconds(5), tokenVariable: "UNSET_ANYWHERE",
                                                            environment: [:])
            }
            #expect(unset == "the token variable UNSET_ANYWHERE is not set")
        }
    }

    @Test func cancellingTheTaskCancelsTheRequest() async throws {
        try await withTaskExecutorPreference(DedicatedExecutor()) {
            let stub = try DiffusionStub()
            defer { stub.stop() }
            let server = try await Self.connect(stub, "hang", timeout: .seconds(30))
            let clock = ContinuousClock(), start = clock.now
            let task = Task {
                var latents: [Float] = [1, 2, 3, 4]
                return try await server.advance(&latents, rows: 1, from: 0, to: 1, noise: [0, 0, 0, 0])
            }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            // The hang answers after 5 s: only a cancelled request throws CancellationError;
            // the clock rules out waiting for the hang's end, with room for a loaded machine.
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(clock.now - start < .seconds(4.9))
        }
    }
}

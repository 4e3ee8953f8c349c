import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// ``HTTPWorker`` against a loopback stand-in service (`Fixtures/http_stub.py`): answers
/// read row by row, transient failures retried (Retry-After honoured), permanent ones
/// failing the batch at once, a dead or slow server bounded in time, and a token that is
/// sent but never shown.
@Suite(.serialized, .timeLimit(.minutes(1))) struct HTTPWorkerTests {
    static let stub = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/http_stub.py")

    /// Short back-offs keep every test well under 10 s.
    static let quick = try! RetryPolicy(maximumAttempts: 3, initialBackoff: .milliseconds(20))

    /// A running stand-in service; ``stop()`` kills it, and it exits by itself when its
    /// stdin closes (should the test process die first).
    struct Stub {
        let script: PythonProcess
        /// `http://127.0.0.1:PORT`.
        let base: String

        /// Starts `http_stub.py --mode mode` and waits for its `listening on` line.
        init(_ mode: String, environment: [String: String] = [:]) throws {
            script = try PythonProcess([HTTPWorkerTests.stub.path, "--mode", mode], environment: environment)
            guard script.firstLine.hasPrefix("listening on ") else {
                script.kill()
                throw RemoteEvaluatorError("the stub did not start: \(script.firstLine)")
            }
            base = String(script.firstLine.dropFirst("listening on ".count))
        }

        var url: URL { URL(string: base)! }

        /// Kills the stub (SIGKILL: a child inherits the test runner's blocked SIGTERM).
        func stop() { script.kill() }
    }

    static func items(_ count: Int, from first: Int = 10) -> [WorkerItem] {
        (0..<count).map { WorkerItem(id: first + $0, genome: [Double($0) * 0.5, 1 - Double($0), 0.25], seed: UInt64($0)) }
    }

    /// The sphere the stub evaluates.
    static func expected(_ item: WorkerItem) -> RemoteOutcome {
        .answered(.evaluation(Evaluation(objective: -item.genome.reduce(0) { $0 + $1 * $1 }, descriptor: [item.genome[0], item.genome[1]])))
    }

    static func worker(_ stub: Stub, count: Int = 1, timeout: Duration = .seconds(5), retry: RetryPolicy = quick,
                       tokenVariable: String? = nil, environment: [String: String] = [:]) throws -> HTTPWorker {
        try HTTPWorker.slots(baseURL: stub.url, count: count, tokenVariable: tokenVariable, timeout: timeout, retry: retry,
                             environment: environment)[0]
    }

    /// The outcomes an answer gives `items`, in their order.
    static func outcomes(_ answer: RemoteAnswer, _ items: [WorkerItem]) -> [RemoteOutcome?] { items.map { answer.outcomes[$0.id] } }

    @Test func itGreetsTheServiceAndReadsEveryRowInAnyOrder() async throws {
        let stub = try Stub("ok")
        defer { stub.stop() }
        // A trailing /v1/ is the same service.
        let workers = try HTTPWorker.slots(baseURL: URL(string: stub.base + "/v1/")!, count: 2, timeout: .seconds(5), retry: Self.quick)
        #expect(workers.map(\.name) == ["\(stub.base) (slot 1 of 2)", "\(stub.base) (slot 2 of 2)"])
        let domain = try await workers[1].start()
        #expect(domain.genomeDimension == 2 && domain.descriptorNames == ["x0", "x1"])
        #expect(domain.descriptorSpace == Box(lower: [-5, -5], upper: [5, 5]))
        let items = Self.items(5)
        async let first = workers[0].evaluate(items)
        async let second = workers[1].evaluate(Self.items(3, from: 100))
        let (answer, other) = await (first, second)
        #expect(Self.outcomes(answer, items) == items.map(Self.expected))
        #expect(answer.outcomes.count == 5 && answer.dropped == 0 && answer.malformed == 0 && answer.retries == 0)
        #expect(other.outcomes.count == 3 && other.outcomes[102] == Self.expected(Self.items(3, from: 100)[2]))
        #expect(await workers[0].evaluate([]).outcomes.isEmpty)
        for worker in workers { await worker.shutdown() }
    }

    @Test func serverErrorsAreRetriedAndCounted() async throws {
        let stub = try Stub("500-twice")
        defer { stub.stop() }
        let worker = try Self.worker(stub)
        let items = Self.items(4)
        let answer = await worker.evaluate(items)
        #expect(Self.outcomes(answer, items) == items.map(Self.expected))
        #expect(answer.retries == 2)
    }

    @Test func spentRetriesFailEveryRowWithTheStatus() async throws {
        let stub = try Stub("always-503")
        defer { stub.stop() }
        let worker = try Self.worker(stub)
        _ = try await worker.start()
        let items = Self.items(3)
        let answer = await worker.evaluate(items)
        let reason = "HTTP 503 from \(stub.base)/v1/evaluate after 3 attempts"
        #expect(Self.outcomes(answer, items) == Array(repeating: .failed(reason), count: 3))
        #expect(answer.retries == 2)
    }

    @Test func retryAfterIsWaitedFor() async throws {
        let stub = try Stub("429")
        defer { stub.stop() }
        let worker = try Self.worker(stub)
        let items = Self.items(2)
        let clock = ContinuousClock()
        let start = clock.now
        let answer = await worker.evaluate(items)
        let elapsed = clock.now - start
        #expect(Self.outcomes(answer, items) == items.map(Self.expected))
        #expect(answer.retries == 1)
        #expect(elapsed >= .seconds(1), "Retry-After: 1 waited for, not the 20 ms back-off (\(elapsed))")
        #expect(elapsed < .seconds(5))
    }

    @Test func aSlowServerTimesOutWithinTheBound() async throws {
        let stub = try Stub("slow")
        defer { stub.stop() }
        let worker = try Self.worker(stub, timeout: .milliseconds(500), retry: try RetryPolicy(maximumAttempts: 2, initialBackoff: .milliseconds(20)))
        let items = Self.items(2)
        let clock = ContinuousClock()
        let start = clock.now
        let answer = await worker.evaluate(items)
        let elapsed = clock.now - start
        let reason = "timed out after 0.5 s waiting for \(stub.base)/v1/evaluate after 2 attempts"
        #expect(Self.outcomes(answer, items) == [.failed(reason), .failed(reason)])
        #expect(answer.retries == 1)
        // The stub answers after 3 s: rows failed as timed out prove the 0.5 s timer fired
        // first, twice (at least 1 s). The upper bound only rules out a hang: on a loaded
        // 2-core machine Dispatch's timers have fired many seconds late.
        #expect(elapsed >= .seconds(1) && elapsed < .seconds(60), "two 0.5 s attempts, not the 3 s answer (\(elapsed))")
    }

    @Test func cancellingTheCallerCancelsTheRequest() async throws {
        let stub = try Stub("slow")
        defer { stub.stop() }
        let worker = try Self.worker(stub, timeout: .seconds(20))
        let items = Self.items(2)
        let clock = ContinuousClock()
        let start = clock.now
        let task = Task { await worker.evaluate(items) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let answer = await task.value
        let elapsed = clock.now - start
        let reason = "the request to \(stub.base)/v1/evaluate was cancelled"
        #expect(Self.outcomes(answer, items) == [.failed(reason), .failed(reason)])
        #expect(elapsed < .seconds(2), "the 3 s request was cancelled (\(elapsed))")
    }

    @Test func aTokenIsSentAndItsAbsenceIsAPermanentFailure() async throws {
        let stub = try Stub("token", environment: ["HTTP_STUB_TOKEN": "secret-token"])
        defer { stub.stop() }
        let items = Self.items(2)

        let anonymous = try Self.worker(stub)
        await #expect(throws: RemoteEvaluatorError("HTTP 401 from \(stub.base)/v1/hello: missing or wrong bearer token (got None)")) {
            try await anonymous.start()
        }
        let refused = await anonymous.evaluate(items)
        let reason = "HTTP 401 from \(stub.base)/v1/evaluate: missing or wrong bearer token (got None)"
        #expect(Self.outcomes(refused, items) == [.failed(reason), .failed(reason)])
        #expect(refused.retries == 0, "a 401 is not retried")

        let trusted = try Self.worker(stub, tokenVariable: "STUB_TOKEN", environment: ["STUB_TOKEN": " secret-token\n"])
        #expect(try await trusted.start().genomeDimension == 2)
        let answer = await trusted.evaluate(items)
        #expect(Self.outcomes(answer, items) == items.map(Self.expected))
    }

    @Test func aRedirectIsNotFollowed() async throws {
        let stub = try Stub("redirect")
        defer { stub.stop() }
        let worker = try Self.worker(stub, tokenVariable: "STUB_TOKEN", environment: ["STUB_TOKEN": "secret-token"])
        _ = try await worker.start()
        let items = Self.items(2)
        let answer = await worker.evaluate(items)
        for outcome in Self.outcomes(answer, items) {
            guard case .failed(let reason)? = outcome else { Issue.record("\(String(describing: outcome))"); continue }
            #expect(reason.hasPrefix("HTTP 307 from \(stub.base)/v1/evaluate"), "the 307 itself comes back: \(reason)")
        }
    }

    @Test func theTokenIsNeverShown() async throws {
        let stub = try Stub("token", environment: ["HTTP_STUB_TOKEN": "secret-token"])
        defer { stub.stop() }
        let token = "wrong-secret-42"
        let worker = try Self.worker(stub, tokenVariable: "STUB_TOKEN", environment: ["STUB_TOKEN": token])
        var dumped = ""
        dump(worker, to: &dumped)
        var texts = [worker.name, String(describing: worker), String(reflecting: worker), "\(worker)", dumped]
        // The stub echoes the Authorization header it got in its 401 body.
        do {
            _ = try await worker.start()
            Issue.record("a wrong token was accepted")
        } catch {
            texts.append(error.message)
            #expect(error.message.contains("<redacted>"), "\(error.message)")
        }
        let answer = await worker.evaluate(Self.items(1))
        guard case .failed(let reason)? = answer.outcomes[10] else { Issue.record("not failed: \(answer.outcomes)"); return }
        texts.append(reason)
        #expect(reason.hasPrefix("HTTP 401 from \(stub.base)/v1/evaluate: "))
        stub.stop()
        await #expect(throws: RemoteEvaluatorError.self) { try await worker.start() }
        do { _ = try await worker.start() } catch { texts.append(error.message) }
        let gone = await worker.evaluate(Self.items(1))
        texts += gone.outcomes.values.map { "\($0)" }
        for text in texts { #expect(!text.contains(token) && !text.contains("secret"), "\(text)") }
        #expect(texts.count == 9)
    }

    @Test func aDeadPortFailsRowsQuickly() async throws {
        let stub = try Stub("ok")
        stub.stop()  // Nothing listens on its port any more.
        let worker = try Self.worker(stub)
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: RemoteEvaluatorError("cannot reach \(stub.base)/v1/hello: connection refused after 3 attempts")) {
            try await worker.start()
        }
        let items = Self.items(3)
        let answer = await worker.evaluate(items)
        let reason = "cannot reach \(stub.base)/v1/evaluate: connection refused after 3 attempts"
        #expect(Self.outcomes(answer, items) == Array(repeating: .failed(reason), count: 3))
        #expect(answer.retries == 2)
        #expect(clock.now - start < .seconds(5))
    }

    @Test func badLinesAreCountedAndTheFirstAnswerStands() async throws {
        let stub = try Stub("garbage")
        defer { stub.stop() }
        let worker = try Self.worker(stub)
        let items = Self.items(4)
        let answer = await worker.evaluate(items)
        #expect(Self.outcomes(answer, items) == items.map(Self.expected))
        #expect(answer.outcomes.count == 4, "no outcome for the unknown id")
        #expect(answer.malformed == 2, "a line that is not JSON and a message that is not a result")
        #expect(answer.dropped == 2, "a second answer for an id and an answer for an id not sent")
    }

    @Test func anUnansweredRowIsLost() async throws {
        let stub = try Stub("missing")
        defer { stub.stop() }
        let worker = try Self.worker(stub)
        let items = Self.items(3)
        let answer = await worker.evaluate(items)
        #expect(Self.outcomes(answer, items) == [Self.expected(items[0]), Self.expected(items[1]),
                                                   .lost("\(stub.base)/v1/evaluate did not answer row 12")])
        #expect(answer.dropped == 0 && answer.malformed == 0 && answer.retries == 0)
    }

    @Test func anotherProtocolVersionIsRefused() async throws {
        let stub = try Stub("bad-ready")
        defer { stub.stop() }
        let worker = try Self.worker(stub)
        await #expect(throws: RemoteEvaluatorError("\(stub.base)/v1/hello speaks evaluator protocol version 99; this Tessera speaks version 1")) {
            try await worker.start()
        }
    }

    @Test func aShutDownSlotRefusesWork() async throws {
        let stub = try Stub("ok")
        defer { stub.stop() }
        let workers = try HTTPWorker.slots(baseURL: stub.url, count: 2, timeout: .seconds(5), retry: Self.quick)
        await workers[0].shutdown()
        await workers[0].shutdown()
        let items = Self.items(1)
        #expect(await workers[1].evaluate(items).outcomes[10] == Self.expected(items[0]), "the other slot still works")
        #expect(await workers[0].evaluate(items).outcomes[10] == .failed("\(stub.base) (slot 1 of 2) is shut down"))
        await workers[1].shutdown()
        await #expect(throws: RemoteEvaluatorError("\(stub.base) (slot 2 of 2) is shut down")) { try await workers[1].start() }
    }

    @Test func theBaseURLIsNormalisedAndBadInputsAreOneLineErrors() throws {
        #expect(try HTTPWorker.base(of: URL(string: "http://h:8000")!) == "http://h:8000")
        #expect(try HTTPWorker.base(of: URL(string: "http://h:8000/")!) == "http://h:8000")
        #expect(try HTTPWorker.base(of: URL(string: "http://h:8000/v1/")!) == "http://h:8000")
        #expect(try HTTPWorker.base(of: URL(string: "HTTPS://h/tessera/v1")!) == "HTTPS://h/tessera")
        #expect(try HTTPWorker.slots(baseURL: URL(string: "https://h/tessera/")!, count: 1)[0].service.evaluateURL.absoluteString
                == "https://h/tessera/v1/evaluate")

        func failure(_ url: String, count: Int = 1, timeout: Duration = .seconds(1), variable: String? = nil,
                     environment: [String: String] = [:]) -> String {
            do {
                _ = try HTTPWorker.slots(baseURL: URL(string: url)!, count: count, tokenVariable: variable, timeout: timeout,
                                         environment: environment)
                return "no error"
            } catch { return error.message }
        }
        #expect(failure("ftp://h:8000") == "the evaluation service URL must start with http:// or https:// (got 'ftp://h:8000')")
        #expect(failure("http:///v1") == "the evaluation service URL has no host (got 'http:///v1')")
        #expect(failure("http://h:8000/?a=1") == "the evaluation service URL must not have a query or a fragment (got 'http://h:8000/?a=1')")
        #expect(failure("http://me:hunter2@h:8000") == "the evaluation service URL must not hold a user or password; give a token variable instead")
        #expect(failure("http://h", count: 0) == "the number of HTTP slots must be in 1...1024 (got 0)")
        #expect(failure("http://h", count: 1025) == "the number of HTTP slots must be in 1...1024 (got 1025)")
        #expect(failure("http://h", timeout: .zero) == "the HTTP time-out must be positive (got 0.0 seconds)")
        #expect(failure("http://h", variable: "TESSERA_TOKEN") == "the token variable TESSERA_TOKEN is not set")
        #expect(failure("http://h", variable: "TESSERA_TOKEN", environment: ["TESSERA_TOKEN": " \n"]) == "the token variable TESSERA_TOKEN is empty")
        let injected = failure("http://h", variable: "TESSERA_TOKEN", environment: ["TESSERA_TOKEN": "abc\r\nX-Evil: 1"])
        #expect(injected == "the token in TESSERA_TOKEN holds characters an HTTP header cannot carry (only visible ASCII)")
    }

    @Test func theWaitIsAJitteredBackoffOrACappedRetryAfter() throws {
        let policy = try RetryPolicy(maximumAttempts: 5, initialBackoff: .milliseconds(100), multiplier: 2)
        var rng = Xoshiro256(seed: 11)
        for attempt in 1...3 {
            let backoff = policy.backoff(after: attempt)
            let waits = (0..<200).map { _ in HTTPClient.wait(after: attempt, of: policy, retryAfter: nil, using: &rng) }
            #expect(waits.allSatisfy { $0 >= backoff * 0.5 && $0 <= backoff }, "attempt \(attempt)")
            #expect(waits.min()! < backoff * 0.6 && waits.max()! > backoff * 0.9, "spread over [0.5, 1], attempt \(attempt)")
        }
        #expect(HTTPClient.wait(after: 1, of: policy, retryAfter: .seconds(2), using: &rng) == .seconds(2))
        #expect(HTTPClient.wait(after: 1, of: policy, retryAfter: .seconds(3600), using: &rng) == .seconds(60), "capped")
        #expect(HTTPClient.wait(after: 3, of: policy, retryAfter: .milliseconds(1), using: &rng) >= .milliseconds(200))
    }

    @Test func retryAfterReadsSecondsAndDates() {
        let now = Date(timeIntervalSince1970: 1_445_412_470)  // Wed, 21 Oct 2015 07:27:50 GMT
        #expect(RetryAfter.delay("1", now: now) == .seconds(1))
        #expect(RetryAfter.delay(" 120 ", now: now) == .seconds(120))
        #expect(RetryAfter.delay("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == .seconds(10))
        #expect(RetryAfter.delay("Wednesday, 21-Oct-15 07:28:00 GMT", now: now) == .seconds(10))
        #expect(RetryAfter.delay("Wed Oct 21 07:28:00 2015", now: now) == .seconds(10))
        #expect(RetryAfter.delay("Wed, 21 Oct 2015 07:00:00 GMT", now: now) == .zero, "a date past is no wait")
        #expect(RetryAfter.delay("soon", now: now) == nil)
        #expect(RetryAfter.delay("-5", now: now) == nil)
        #expect(RetryAfter.delay("99999999999999999999999", now: now)! > HTTPClient.longestRetryAfter)
    }
}

/// Whole runs on a ``RemoteEvaluator`` of HTTP slots: a service that answers 500 twice,
/// 429 with `Retry-After`, or too slowly still gives a run whose every evaluation is
/// accounted for, retried requests counted and the rows it could not answer failed with
/// their reason.
@Suite(.serialized, .timeLimit(.minutes(2))) struct HTTPRunTests {
    func run(_ mode: String, timeout: Duration = .seconds(5)) async throws -> (Scheduler<GridArchive<[Double]>>, RemoteStatistics) {
        let stub = try HTTPWorkerTests.Stub(mode)
        defer { stub.stop() }
        let slots = try HTTPWorker.slots(baseURL: stub.url, count: 2, timeout: timeout, retry: HTTPWorkerTests.quick)
        let remote = try await RemoteEvaluator.start(slots, maximumBatch: 16)
        let archive = try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: remote.descriptorSpace, genomeLayout: 2)
        let emitter = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(GaussianMutation(sigma: 0.5)),
                                        initialGenome: [0, 0], batchSize: 32)
        var scheduler = try Scheduler(archive: archive, emitters: [emitter], seed: 3)
        await scheduler.run(domain: remote, totalEvaluations: 96, evaluator: try ConcurrentEvaluator(maximumInFlight: 32))
        await remote.shutdown()
        #expect(scheduler.evaluations == 96, "\(mode): every row is counted once")
        return (scheduler, remote.statistics)
    }

    @Test func transientStatusesAreRetriedAndTheRunIsTheCleanOne() async throws {
        let (clean, _) = try await run("ok")
        #expect(clean.failures.count == 0)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for mode in ["500-twice", "429"] {
            let (scheduler, statistics) = try await run(mode)
            #expect(scheduler.failures.count == 0, "\(mode): \(scheduler.failures)")
            #expect(statistics.retries >= 2 || (mode == "429" && statistics.retries >= 1), "\(mode): \(statistics)")
            #expect(try encoder.encode(scheduler.archive) == encoder.encode(clean.archive), "\(mode): retries change nothing")
        }
    }

    @Test func aServiceTooSlowForTheTimeOutFailsEveryRowWithTheReason() async throws {
        let (scheduler, statistics) = try await run("slow", timeout: .milliseconds(300))
        #expect(scheduler.failures.count == 96 && scheduler.failures.byKind == ["rejected": 96], "\(scheduler.failures.byKind)")
        #expect(scheduler.failures.examples.allSatisfy { $0.message.contains("timed out after 0.3 s") }, "\(scheduler.failures.examples)")
        #expect(statistics.retries > 0)
    }
}

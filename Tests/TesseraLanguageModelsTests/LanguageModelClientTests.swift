import Foundation
import Testing
import Tessera
import TesseraTestSupport
@testable import TesseraLanguageModels

/// ``LanguageModelClient`` against a loopback stand-in of an OpenAI-compatible server
/// (`Fixtures/openai_stub.py`): answers read in both layouts, 500s, 429 with Retry-After and
/// cut-off bodies retried and counted, a slow server failing within its time-out, a key
/// sent but never shown, servers served round robin, and never more requests in flight
/// than the limit.
@Suite(.serialized, .timeLimit(.minutes(2))) struct LanguageModelClientTests {
    static let stub = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/openai_stub.py")
    static let quick = try! RetryPolicy(maximumAttempts: 3, initialBackoff: .milliseconds(20))

    /// A running stub and its `/v1` base URL.
    final class Stub {
        let script: PythonProcess
        let base: URL

        init(_ mode: String, environment: [String: String?] = [:]) throws {
            script = try PythonProcess([LanguageModelClientTests.stub.path, "--mode", mode], environment: environment)
            guard script.firstLine.hasPrefix("listening on ") else { throw LanguageModelError("the stub did not start: \(script.firstLine)") }
            base = URL(string: String(script.firstLine.dropFirst("listening on ".count)) + "/v1")!
        }

        /// The stub's request count and its most requests in flight at once.
        func stats() async throws -> (requests: Int, maxInFlight: Int) {
            let client = try HTTPClient(connections: 1, timeout: .seconds(5))
            let (exchange, _) = await client.post(base.deletingLastPathComponent().appendingPathComponent("stats"), body: Data("{}".utf8))
            guard case .answered(let data) = exchange,
                  let object = try JSONSerialization.jsonObject(with: data) as? [String: Int] else { throw LanguageModelError("no stats") }
            return (object["requests"] ?? -1, object["max_in_flight"] ?? -1)
        }

        deinit { script.kill() }
    }

    static func prompt(_ text: String) -> String { "### Instruction:\nIs this good?\n\n### Input:\n\(text)\n\n### Response:\n" }

    static func judge(_ text: String) -> LanguageModelRequest {
        LanguageModelRequest(prompt: .text(prompt(text)), maxTokens: 1, temperature: 0, topLogprobs: 5)
    }

    @Test func completionsAndChatAreReadInTheirLayouts() async throws {
        let stub = try Stub("ok")
        let client = try LanguageModelClient(baseURLs: [stub.base], model: "stub-model", retry: Self.quick)
        let judged = await client.send(Self.judge("A story."))
        let answer = try #require(judged.answer, "\(judged.failure ?? "")")
        let length = Self.prompt("A story.").count
        #expect(answer.choices[0].text == " echo \(length)" && answer.model == "stub-model" && judged.retries == 0)
        let yes = try OptionScores.probabilities(of: ["yes", "no"], at: try #require(answer.choices[0].tokens?.first))
        let expected = (exp(-0.25) + exp(-3.0)) / (exp(-0.25) + exp(-3.0) + exp(-1.5))
        #expect(abs(yes[0] - expected) < 1e-12)
        let chat = await client.send(LanguageModelRequest(prompt: .chat([ChatMessage(role: "user", content: "Rate it")]), topLogprobs: 3))
        #expect(chat.answer?.choices[0].text == " echo 7" && chat.answer?.choices[0].tokens?.first?.alternatives.count == 3)
        #expect(chat.server == stub.base.absoluteString)
        let figures = client.statistics
        #expect(figures.requests == 2 && figures.failures == 0 && figures.promptTokens == length / 4 + 7 / 4 && figures.completionTokens == 4,
                "\(figures)")
    }

    @Test func transientFailuresAndCutOffBodiesAreRetried() async throws {
        for (mode, minimumRetries) in [("500-twice", 2), ("429", 1), ("cut", 1)] {
            let stub = try Stub(mode)
            let client = try LanguageModelClient(baseURLs: [stub.base], retry: Self.quick)
            let clock = ContinuousClock(), start = clock.now
            let exchange = await client.send(Self.judge("x"))
            #expect(exchange.answer?.choices[0].text == " echo \(Self.prompt("x").count)", "\(mode): \(exchange.failure ?? "")")
            #expect(exchange.retries >= minimumRetries && client.statistics.retries == exchange.retries, "\(mode)")
            if mode == "429" { #expect(clock.now - start >= .seconds(1), "Retry-After is honoured") }
        }
    }

    @Test func aSlowServerFailsWithinItsTimeOutAndTheFailureIsCounted() async throws {
        let stub = try Stub("slow")
        let client = try LanguageModelClient(baseURLs: [stub.base], timeout: .milliseconds(300), retry: Self.quick)
        let clock = ContinuousClock(), start = clock.now
        let exchange = await client.send(Self.judge("x"))
        #expect(exchange.answer == nil && exchange.failure?.contains("timed out after 0.3 s") == true, "\(exchange.failure ?? "")")
        // The message says which timer fired (ours, at 0.3 s, not the session's whole-second
        // backstop); the clock only rules out a hang, with room for a loaded machine.
        #expect(clock.now - start < .seconds(10))
        #expect(client.statistics.failures == 1 && client.statistics.requests == 1)
    }

    @Test func theKeyIsSentAndNeverShown() async throws {
        let key = "sk-test-\(UUID().uuidString)"
        let stub = try Stub("key", environment: ["STUB_KEY": key])
        let refused = try LanguageModelClient(baseURLs: [stub.base], retry: Self.quick)
        let failure = try #require(await refused.send(Self.judge("x")).failure)
        #expect(failure.contains("HTTP 401") && failure.contains("invalid api key"), "\(failure)")
        let client = try LanguageModelClient(baseURLs: [stub.base], keyVariable: "MY_KEY", retry: Self.quick, environment: ["MY_KEY": key])
        let exchange = await client.send(Self.judge("x"))
        #expect(exchange.answer != nil)
        var dumped = ""
        dump(client, to: &dumped)
        let encoded = String(decoding: try JSONEncoder().encode(exchange), as: UTF8.self)
        for text in [dumped, encoded, String(describing: client), "\(exchange)"] { #expect(!text.contains(key)) }
        #expect(throws: LanguageModelError("the API key variable NOT_SET_ANYWHERE is not set")) {
            try LanguageModelClient(baseURLs: [stub.base], keyVariable: "NOT_SET_ANYWHERE", environment: [:])
        }
    }

    /// Sends `count` judge requests at once and returns their exchanges.
    func sendAll(_ client: LanguageModelClient, count: Int) async -> [LanguageModelExchange] {
        await withTaskGroup(of: LanguageModelExchange.self) { group in
            for i in 0..<count { group.addTask { await client.send(Self.judge(String(repeating: "a", count: i))) } }
            var all = [LanguageModelExchange]()
            for await exchange in group { all.append(exchange) }
            return all
        }
    }

    @Test func serversAreServedRoundRobin() async throws {
        let first = try Stub("ok"), second = try Stub("ok")
        let client = try LanguageModelClient(baseURLs: [first.base, second.base], concurrency: 4, retry: Self.quick)
        let exchanges = await sendAll(client, count: 24)
        #expect(exchanges.allSatisfy { $0.answer != nil })
        let (a, b) = (try await first.stats(), try await second.stats())
        #expect(a.requests == 12 && b.requests == 12, "round robin: \(a), \(b)")
        #expect(Set(exchanges.map(\.server)) == [first.base.absoluteString, second.base.absoluteString])
    }

    @Test func neverMoreRequestsInFlightThanTheLimit() async throws {
        let stub = try Stub("ok")
        let client = try LanguageModelClient(baseURLs: [stub.base], concurrency: 3, retry: Self.quick)
        let exchanges = await sendAll(client, count: 30)
        #expect(exchanges.allSatisfy { $0.answer != nil })
        let stats = try await stub.stats()
        #expect(stats.requests == 30 && stats.maxInFlight == 3, "the limit is reached and never passed: \(stats)")
    }

    @Test func badSettingsAreOneLineErrors() {
        for (urls, words) in [([URL]([]), "at least one"), ([URL(string: "ftp://h/v1")!], "http:// or https://"),
                              ([URL(string: "http://u:p@h/v1")!], "user or password"), ([URL(string: "http://h/v1?x=1")!], "query")] {
            #expect(throws: LanguageModelError.self) { try LanguageModelClient(baseURLs: urls) }
            do { _ = try LanguageModelClient(baseURLs: urls) } catch { #expect(error.message.contains(words), "\(error.message)") }
        }
        #expect(throws: LanguageModelError.self) { try LanguageModelClient(baseURLs: [URL(string: "http://h/v1")!], concurrency: 0) }
        #expect(throws: LanguageModelError.self) { try LanguageModelClient(baseURLs: [URL(string: "http://h/v1")!], model: "") }
    }
}

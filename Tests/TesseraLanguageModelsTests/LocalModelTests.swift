import Foundation
import Testing
import Tessera
import TesseraTestSupport
@testable import TesseraLanguageModels

/// QDAIF on the real local model (llama.cpp's server with Gemma 3 270M, from
/// `Scripts/setup-local-llm.sh`), when `TESSERA_LLM_TESTS=1` asks for it: its build takes
/// about 12 minutes, so default CI does not run it.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["TESSERA_LLM_TESTS"] == "1"), .timeLimit(.minutes(10)))
struct LocalModelTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scripts/start-local-llm.py")

    @Test func qdaifRunsOnTheRealModel() async throws {
        let server = try PythonProcess([Self.script.path, "--port", "0"])
        defer { server.kill() }
        guard server.firstLine.hasPrefix("listening on ") else {
            Issue.record("the local model did not start (run Scripts/setup-local-llm.sh): \(server.firstLine)")
            return
        }
        let base = URL(string: String(server.firstLine.dropFirst("listening on ".count)))!
        let domain = try #require(TextDomain.builtIn(named: "opinions"))
        let client = try LanguageModelClient(baseURLs: [base], concurrency: 2)
        let judge = TextJudge(domain: domain, client: client)
        let archive = try GridArchive<String>(shape: judge.gridShape, descriptorSpace: judge.descriptorSpace, genomeLayout: .init())
        var scheduler = try Scheduler(archive: archive, emitters: [try LMXEmitter(domain: domain, client: client, batchSize: 8)], seed: 1)
        let clock = ContinuousClock(), start = clock.now
        await scheduler.run(domain: judge, totalEvaluations: 32, evaluator: try ConcurrentEvaluator(maximumInFlight: 8))
        let seconds = (clock.now - start) / .seconds(1)
        let figures = client.statistics
        print("local model: \(figures.requests) requests in \(seconds) s, \(figures.completionTokens) completion tokens, "
              + "\(scheduler.archive.stats.numElites) elites, QD score \(scheduler.archive.stats.qdScore), \(scheduler.failures.count) failed")
        #expect(scheduler.evaluations == 32 && figures.failures == 0, "\(figures)")
        #expect(scheduler.archive.stats.numElites > 0 && figures.completionTokens > 0)
    }
}

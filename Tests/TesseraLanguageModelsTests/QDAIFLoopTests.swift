import Foundation
import Testing
import Tessera
import TesseraTestSupport
@testable import TesseraLanguageModels

/// The QDAIF loop end to end, as a library user runs it: an ``LMXEmitter`` and a
/// ``TextJudge`` on a grid of the domain's bins, against the loopback stand-in server
/// (texts and judgements that are pure functions of the prompts). The archive fills,
/// every evaluation is counted, and the same seed gives the same archive.
@Suite(.serialized, .timeLimit(.minutes(2))) struct QDAIFLoopTests {
    func run(_ domainName: String, stub: LanguageModelClientTests.Stub?, seed: UInt64, recording: LanguageModelRecording? = nil,
             replay: Bool = false, evaluations: Int = 60) async throws -> (Scheduler<GridArchive<String>>, LanguageModelStatistics) {
        let domain = try #require(TextDomain.builtIn(named: domainName))
        let client = replay ? LanguageModelClient(replaying: recording!, model: nil)
            : try LanguageModelClient(baseURLs: [try #require(stub).base], concurrency: 8, retry: LanguageModelClientTests.quick,
                                      recording: recording)
        let judge = TextJudge(domain: domain, client: client)
        let archive = try GridArchive<String>(shape: judge.gridShape, descriptorSpace: judge.descriptorSpace, genomeLayout: .init())
        var scheduler = try Scheduler(archive: archive, emitters: [try LMXEmitter(domain: domain, client: client, batchSize: 10)], seed: seed)
        await scheduler.run(domain: judge, totalEvaluations: evaluations, evaluator: try ConcurrentEvaluator(maximumInFlight: 10))
        return (scheduler, client.statistics)
    }

    func bytes(_ archive: GridArchive<String>) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(archive)
    }

    @Test func aRecordedRunReplaysBitForBitWithoutAServerAndPaysNothingTwice() async throws {
        let stub = try LanguageModelClientTests.Stub("qdaif")
        let recording = LanguageModelRecording()
        let (recorded, live) = try await run("stories", stub: stub, seed: 8, recording: recording)
        #expect(live.requests == 240 && recording.count <= 240 && recording.count > 200, "\(live), \(recording.count) kept")
        // Replayed from the recording alone (rebuilt from its exchanges, as a file would
        // hold them): no server, the same archive.
        let reloaded = LanguageModelRecording(recording.exchanges, model: nil)
        #expect(reloaded.count == recording.count)
        let (replayed, figures) = try await run("stories", stub: nil, seed: 8, recording: reloaded, replay: true)
        #expect(try bytes(replayed.archive) == bytes(recorded.archive))
        #expect(figures.requests == 0 && figures.replayed == 240, "\(figures)")
        // A longer run with the recording pays only for the new calls (a resumed run).
        let (_, longer) = try await run("stories", stub: stub, seed: 8, recording: recording, evaluations: 80)
        #expect(longer.replayed == 240 && longer.requests == 80, "only the 20 new texts are asked for: \(longer)")
        // A replay that needs a call the recording lacks fails those rows and says why.
        let (short, _) = try await run("stories", stub: nil, seed: 9, recording: LanguageModelRecording(), replay: true, evaluations: 10)
        #expect(short.failures.count == 10)
        #expect(short.failures.examples.first?.message.contains("the generated text is empty") == true, "\(short.failures.examples)")
    }

    @Test func theArchiveFillsAndTheSameSeedGivesTheSameArchive() async throws {
        let stub = try LanguageModelClientTests.Stub("qdaif")
        let (first, statistics) = try await run("stories", stub: stub, seed: 3)
        #expect(first.evaluations == 60 && first.failures.count == 0, "\(first.failures)")
        #expect(first.archive.stats.numElites >= 20, "texts spread over the 20 x 20 bins: \(first.archive.stats.numElites)")
        #expect(statistics.requests == 60 + 60 * 3 && statistics.failures == 0, "one generation and three questions per text: \(statistics)")
        let elite = try #require(first.archive.elites.first)
        #expect(!elite.genome.isEmpty && !elite.genome.contains("###") && elite.metadata?["genre"] != nil && elite.metadata?["ending"] != nil)
        let (second, _) = try await run("stories", stub: stub, seed: 3)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(try encoder.encode(first.archive) == encoder.encode(second.archive), "a server that answers deterministically, the same archive")
    }

    @Test func aCategoricalDomainFillsItsGrid() async throws {
        let stub = try LanguageModelClientTests.Stub("qdaif")
        let (scheduler, _) = try await run("poetry", stub: stub, seed: 1)
        #expect(scheduler.archive.cellCount == 25 && scheduler.archive.stats.numElites >= 8, "\(scheduler.archive.stats.numElites)")
    }

    @Test func aDeadServerFailsEveryRowWithoutStoppingTheRun() async throws {
        let domain = try #require(TextDomain.builtIn(named: "opinions"))
        let client = try LanguageModelClient(baseURLs: [URL(string: "http://127.0.0.1:9/v1")!], retry: .never)
        let judge = TextJudge(domain: domain, client: client)
        let archive = try GridArchive<String>(shape: judge.gridShape, descriptorSpace: judge.descriptorSpace, genomeLayout: .init())
        var scheduler = try Scheduler(archive: archive, emitters: [try LMXEmitter(domain: domain, client: client, batchSize: 4)], seed: 1)
        await scheduler.run(domain: judge, totalEvaluations: 8, evaluator: try ConcurrentEvaluator(maximumInFlight: 4))
        #expect(scheduler.evaluations == 8 && scheduler.failures.count == 8 && scheduler.failures.byKind == ["threw": 8])
        let message = scheduler.failures.examples.first?.message ?? ""
        #expect(message.contains("generated text is empty") && message.contains("latest language-model failure: ")
                && message.contains("127.0.0.1:9"), "the reason reaches the row: \(message)")
    }
}

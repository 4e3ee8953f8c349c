import Foundation
import Testing
import Tessera
@testable import TesseraLanguageModels

/// The baselines' selection: `fixed-prompt` shows seed texts only whatever the archive;
/// `quality-only` keeps the best text judged so far and shows it; the champion and the
/// run's language-model figures survive a save and restore.
@Suite struct BaselineSelectionTests {
    let domain = TextDomain.builtIn(named: "opinions")!
    let client = LanguageModelClient(replaying: LanguageModelRecording(), model: nil)

    func archive(_ texts: [(String, Double, Double)]) throws -> GridArchive<String> {
        var archive = try GridArchive<String>(shape: [20], descriptorSpace: Box(dimension: 1, range: 0...1), genomeLayout: .init())
        let column = ObjectColumn(texts.map(\.0))
        var batch = EvaluationBatch(count: texts.count, descriptorDimension: 1)
        for (row, text) in texts.enumerated() { batch.set(row, Evaluation(objective: text.1, descriptor: [text.2])) }
        archive.add(BatchColumn(column), batch)
        return archive
    }

    func prompt(_ request: LanguageModelRequest) -> String {
        guard case .text(let prompt) = request.prompt else { return "" }
        return prompt
    }

    @Test func fixedPromptShowsSeedTextsOnlyWhateverTheArchive() throws {
        let emitter = try LMXEmitter(domain: domain, client: client, batchSize: 4, selection: .fixedPrompt)
        let full = try archive([("ELITE ONE", 0.9, 0.1), ("ELITE TWO", 0.8, 0.5), ("ELITE THREE", 0.7, 0.9)])
        var rng = Xoshiro256(seed: 3)
        for _ in 0..<50 {
            let (request, parent) = emitter.request(archive: full, using: &rng)
            let text = prompt(request)
            #expect(!text.contains("ELITE") && parent == -1)
            #expect(text.components(separatedBy: "\n###\n").count == 4, "three examples and the template")
        }
    }

    @Test func qualityOnlyKeepsItsChampionAndShowsIt() throws {
        var emitter = try LMXEmitter(domain: domain, client: client, batchSize: 3, selection: .qualityOnly)
        let empty = try archive([])
        var rng = Xoshiro256(seed: 1)
        #expect(emitter.best == nil && !prompt(emitter.request(archive: empty, using: &rng).0).contains("CHAMPION"))
        // A batch of three: the second is best; a failed row is ignored whatever its objective.
        var batch = EvaluationBatch(count: 3, descriptorDimension: 1)
        batch.set(0, Evaluation(objective: 0.4, descriptor: [0.1]))
        batch.set(1, Evaluation(objective: 0.8, descriptor: [0.9]))
        batch.set(2, Evaluation(objective: 0.99, descriptor: [0.5]))
        batch.failures[2] = .threw("no")
        let children = BatchColumn(ObjectColumn(["weak", "CHAMPION", "failed"]))
        let context = GenerationContext(streams: RandomStreams(seed: 1), iteration: 0, emitter: 0)
        emitter.tell(EmitterFeedback(rows: 0..<3, children: children, evaluations: batch, report: AddReport(count: 3),
                                     parents: [-1, -1, -1], context: context), archive: empty)
        #expect(emitter.best == LMXEmitter.Champion(text: "CHAMPION", quality: 0.8))
        for _ in 0..<20 {
            let (request, parent) = emitter.request(archive: empty, using: &rng)
            #expect(prompt(request).contains("CHAMPION") && parent == -1)
        }
        // Saved and restored with the run's figures; a state of another selection is refused.
        let state = try emitter.saveState()
        var restored = try LMXEmitter(domain: domain, client: client, batchSize: 3, selection: .qualityOnly)
        try restored.restoreState(from: state)
        #expect(restored.best == emitter.best && restored.earlierStatistics == emitter.runStatistics)
        var other = try LMXEmitter(domain: domain, client: client, batchSize: 3, selection: .qdaif)
        #expect(throws: RestoreError.self) { try other.restoreState(from: state) }
    }

    @Test func statisticsAddUpAndRefuseBadValues() throws {
        var a = LanguageModelStatistics()
        a.requests = 3
        a.seconds = 1.5
        var b = LanguageModelStatistics()
        b.requests = 2
        b.promptTokens = 7
        b.missing = 1
        let sum = a + b
        #expect(sum.requests == 5 && sum.seconds == 1.5 && sum.promptTokens == 7 && sum.missing == 1)
        let decoded = try JSONDecoder().decode(LanguageModelStatistics.self, from: JSONEncoder().encode(sum))
        #expect(decoded == sum)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LanguageModelStatistics.self, from: Data(#"{"requests": -1}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LanguageModelStatistics.self, from: Data(#"{"seconds": -2}"#.utf8)) }
    }
}

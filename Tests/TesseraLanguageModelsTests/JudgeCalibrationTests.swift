import Foundation
import Testing
import Tessera
@testable import TesseraLanguageModels

/// The calibrated judge: the leaning measured on reference texts is taken out of every
/// answer, the order of texts is kept, rating axes are left alone, and the references are
/// asked once per run (recorded like any call).
@Suite struct JudgeCalibrationTests {
    typealias Answer = AIFeedbackTests

    @Test func aLeaningEqualToTheAnswerGivesEvenOdds() {
        let calibration = JudgeCalibration(leanings: [[0.9, 0.1]])
        let even = calibration.adjust([0.9, 0.1], question: 0)
        #expect(abs(even[0] - 0.5) < 1e-12 && abs(even[1] - 0.5) < 1e-12)
        // Above the leaning is above one half, below it below; the order of texts is kept.
        let values = [0.2, 0.7, 0.89, 0.91, 0.99]
        let adjusted = values.map { calibration.adjust([$0, 1 - $0], question: 0)[0] }
        #expect(adjusted == adjusted.sorted() && adjusted[2] < 0.5 && adjusted[3] > 0.5, "\(adjusted)")
        // p / q normalised: 0.99 against 0.9 → (1.1, 0.1) → 0.9166…
        #expect(abs(adjusted[4] - (0.99 / 0.9) / (0.99 / 0.9 + 0.01 / 0.1)) < 1e-12)
        // Questions without a leaning, and mismatched sizes, are left as they are.
        #expect(calibration.adjust([0.3, 0.7], question: 1) == [0.3, 0.7])
        #expect(JudgeCalibration(leanings: [nil]).adjust([0.3, 0.7], question: 0) == [0.3, 0.7])
        #expect(calibration.adjust([0.2, 0.3, 0.5], question: 0) == [0.2, 0.3, 0.5])
    }

    @Test func theLeaningIsTheMeanOverTheReferencesAndRatingsAreNotCalibrated() throws {
        let opinions = try #require(TextDomain.builtIn(named: "opinions"))
        let feedback = AIFeedback(domain: opinions)
        // Two references: P(yes) = 0.8 and 0.9; P(positive) = 0.6 and 0.7.
        func pair(_ first: String, _ second: String, _ p: Double) -> LanguageModelAnswer {
            Answer.answer([(first, log(p)), (second, log(1 - p))])
        }
        let calibration = try feedback.calibration(from: [[pair(" yes", " no", 0.8), pair(" positive", " negative", 0.6)],
                                                          [pair(" yes", " no", 0.9), pair(" positive", " negative", 0.7)]])
        #expect(calibration.leanings.count == 2)
        #expect(abs(calibration.leanings[0]![0] - 0.85) < 1e-12 && abs(calibration.leanings[1]![0] - 0.65) < 1e-12)
        let plain = try feedback.score([pair(" yes", " no", 0.85), pair(" positive", " negative", 0.65)])
        let calibrated = try feedback.score([pair(" yes", " no", 0.85), pair(" positive", " negative", 0.65)], calibration: calibration)
        #expect(abs(plain.quality - 0.85) < 1e-12 && abs(calibrated.quality - 0.5) < 1e-12)
        #expect(abs(calibrated.measures[0] - 0.5) < 1e-12 && calibrated.descriptor != plain.descriptor)

        let rated = try TextDomain(json: Data(#"""
            {"name": "r", "summary": "s", "seeds": ["a", "b", "c"], "generation": {"template": "t"},
             "quality": {"instruction": "q \"yes\" \"no\"", "options": ["yes", "no"]},
             "axes": [{"name": "score", "kind": "rating", "instruction": "Rate 1-10.", "options": ["1", "10"], "range": [1, 10]}]}
            """#.utf8), source: "r.json")
        let ratings = try AIFeedback(domain: rated).calibration(from: [[pair(" yes", " no", 0.7), Answer.answer([], text: " 7")]])
        #expect(ratings.leanings.count == 2 && ratings.leanings[1] == nil)
    }

    @Test func theReferencesAreAskedOncePerRunAndRecorded() async throws {
        let stub = try LanguageModelClientTests.Stub("qdaif")
        let recording = LanguageModelRecording()
        let client = try LanguageModelClient(baseURLs: [stub.base], concurrency: 4, retry: LanguageModelClientTests.quick,
                                             recording: recording)
        let opinions = try #require(TextDomain.builtIn(named: "opinions"))
        let judge = TextJudge(domain: opinions, client: client, references: ["N/A", "[MASK]"])
        let context = EvaluationContext(streams: RandomStreams(seed: 1), iteration: 0, row: 0)
        async let first = judge.evaluate("Kale is wonderful.", context: context)
        async let second = judge.evaluate("Carrots are dull.", context: context)
        let (a, b) = try await (first, second)
        #expect(a.objective != b.objective || a.descriptor != b.descriptor)
        // Two references × two questions, then two texts × two questions.
        #expect(client.statistics.requests == 4 + 4, "\(client.statistics)")
        _ = try await judge.evaluate("Beets are fine.", context: context)
        #expect(client.statistics.requests == 4 + 4 + 2, "the calibration is not measured again")
        // Uncalibrated, the same text scores otherwise (the stub leans by its CRC).
        let plain = try await TextJudge(domain: opinions, client: client).evaluate("Kale is wonderful.", context: context)
        #expect(plain.objective != a.objective)
    }
}

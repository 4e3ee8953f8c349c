import Foundation
import Testing
import Tessera
@testable import TesseraLanguageModels

/// The judge's answers become a text's quality and its position on the domain's bins; LMX
/// prompts are the paper's; near examples are drawn by their weights.
@Suite struct AIFeedbackTests {
    static func answer(_ top: [(String, Double)], text: String? = nil) -> LanguageModelAnswer {
        let tokens = top.isEmpty ? nil : [TokenLogprob(token: top[0].0, logprob: top[0].1,
                                                        alternatives: top.map { .init(token: $0.0, logprob: $0.1) })]
        return LanguageModelAnswer(choices: [.init(text: text ?? top.first?.0 ?? "", tokens: tokens)])
    }

    @Test func theJudgePromptEndsWithTheResponseLineAndItsNewline() throws {
        let opinions = try #require(TextDomain.builtIn(named: "opinions"))
        let requests = AIFeedback(domain: opinions).requests(for: "Kale is great.")
        #expect(requests.count == 2)
        guard case .text(let prompt) = requests[0].prompt else { Issue.record("not a completion"); return }
        #expect(prompt == "### Instruction:\n\(opinions.quality.instruction)\n\n### Input:\nKale is great.\n\n### Response:\n")
        #expect(requests.allSatisfy { $0.maxTokens == 1 && $0.temperature == 0 && $0.topLogprobs == 20 })
    }

    @Test func probabilitiesBecomeQualityAndBinCoordinates() throws {
        let opinions = try #require(TextDomain.builtIn(named: "opinions"))
        let score = try AIFeedback(domain: opinions).score([Self.answer([(" yes", -0.25), (" no", -1.5)]),
                                                           Self.answer([(" positive", -0.1), (" negative", -2.5)])])
        let yes = exp(-0.25) / (exp(-0.25) + exp(-1.5)), positive = exp(-0.1) / (exp(-0.1) + exp(-2.5))
        #expect(abs(score.quality - yes) < 1e-12 && abs(score.measures[0] - positive) < 1e-12)
        // p ≈ 0.917 lies in the 0.90-0.95 bin, the 13th of 20 (index 12).
        let bin = Int(score.descriptor[0] * 20)
        #expect(positive > 0.90 && positive < 0.95 && bin == 12, "\(score.descriptor)")
    }

    @Test func binCoordinatesFileEveryValueInItsOwnBin() {
        let edges = TextDomain.qdaifEdges, all = [0.0] + edges + [1.0]
        for bin in 0..<20 {
            for fraction in [0.0, 0.3, 0.999] {
                let value = all[bin] + (all[bin + 1] - all[bin]) * fraction
                let coordinate = AIFeedback.binCoordinate(value, lower: 0, upper: 1, edges: edges)
                #expect(Int(coordinate * 20) == bin, "\(value) → \(coordinate)")
            }
        }
        #expect(AIFeedback.binCoordinate(1, lower: 0, upper: 1, edges: edges) == 1)
        #expect(AIFeedback.binCoordinate(-3, lower: 0, upper: 1, edges: edges) == 0)
    }

    @Test func categoricalAxesTakeTheMostProbableOption() throws {
        let poetry = try #require(TextDomain.builtIn(named: "poetry"))
        let score = try AIFeedback(domain: poetry).score([
            Self.answer([(" yes", -0.1), (" no", -2.0)]),
            Self.answer([(" son", -0.7), (" haiku", -1.0), (" ball", -3.0)]),     // "son" is a prefix of sonnet only
            Self.answer([(" Dark", -0.3), (" dark", -2.0), (" happy", -0.6)]),
        ])
        #expect(score.measures == [1, 1] && score.descriptor == [0.3, 0.3], "sonnet (1 of 5) and dark (1 of 5): \(score)")
    }

    @Test func ratingsFromLogprobsOrFromTheText() throws {
        let json = #"""
        {"name":"r","summary":"s","seeds":["a","b","c"],"generation":{"template":"t"},"quality":{"instruction":"q","options":["yes","no"]},
         "axes":[{"name":"wit","kind":"rating","instruction":"Rate","options":["1","10"],"range":[1,10],"bins":9}]}
        """#
        let domain = try TextDomain(json: Data(json.utf8), source: "r.json")
        let feedback = AIFeedback(domain: domain)
        #expect(feedback.requests(for: "x")[1].maxTokens == 3)
        let fromLogprobs = try feedback.score([Self.answer([(" yes", -0.1)]), Self.answer([("7", log(0.5)), ("9", log(0.5))])])
        #expect(fromLogprobs.measures == [8] && fromLogprobs.descriptor == [AIFeedback.binCoordinate(8, lower: 1, upper: 10, edges: [2, 3, 4, 5, 6, 7, 8, 9])])
        let fromText = try feedback.score([Self.answer([], text: "yes"), Self.answer([], text: " I'd give it 6 out of 10")])
        #expect(fromText.quality == 1 && fromText.measures == [6])
        #expect(throws: LanguageModelError("wit: the judge's answer 'no idea' holds no rating in 1.0...10.0")) {
            try feedback.score([Self.answer([], text: "yes"), Self.answer([], text: "no idea")])
        }
        #expect(throws: LanguageModelError("quality: the judge's answer 'maybe' names no option and has no log-probabilities")) {
            try feedback.score([Self.answer([], text: "maybe"), Self.answer([], text: "5")])
        }
    }

    @Test func lmxPromptsAndTheTextsTheyGive() {
        #expect(LMX.prompt(template: "A story:\n", examples: ["One.", "Two."]) == "A story:\nOne.\n###\nA story:\nTwo.\n###\nA story:\n")
        #expect(LMX.text(from: " A new story.\n###\nA story:\nmore", stop: ["###"]) == "A new story.")
        #expect(LMX.text(from: "  \n###", stop: ["###"]) == nil)
        #expect(LMX.text(from: "First\n\nSecond", stop: ["###", "\n\n"]) == "First")
    }

    @Test func nearExamplesAreDrawnByTheirWeights() {
        let weights = LMX.nearWeights(parent: [5, 5], cells: [[5, 5], [6, 5], [8, 9], [5, 7]])
        #expect(weights == [1, 0.5, 1 / 126.0, 1 / 9.0])
        var rng = Xoshiro256(seed: 1)
        var counts = [0, 0, 0, 0]
        for _ in 0..<20_000 {
            let picked = LMX.sample(weights: weights, count: 1, using: &rng)
            counts[picked[0]] += 1
        }
        let total = weights.reduce(0, +)
        for i in 0..<4 { #expect(abs(Double(counts[i]) / 20_000 - weights[i] / total) < 0.015, "\(counts)") }
        var again = Xoshiro256(seed: 2)
        let three = LMX.sample(weights: weights, count: 3, using: &again)
        #expect(Set(three).count == 3 && LMX.sample(weights: [1, 0, 2], count: 5, using: &again).sorted() == [0, 2])
    }
}

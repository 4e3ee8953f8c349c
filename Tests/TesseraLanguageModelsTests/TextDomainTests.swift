import Foundation
import Testing
@testable import TesseraLanguageModels

/// QDAIF domains are data: the built-in files read into their axes and bins, the binary's
/// copies equal the files, and a hand-edited file is refused in one line naming the field.
@Suite struct TextDomainTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/TesseraLanguageModels/QDAIF/Domains")

    @Test func theBuiltInDomainsAreTheShippedFiles() throws {
        for (name, json) in TextDomain.builtInJSON {
            let file = try String(contentsOf: Self.folder.appendingPathComponent("\(name).json"), encoding: .utf8)
            #expect(file.trimmingCharacters(in: .newlines) == json, "\(name).json and its copy in TextDomain+BuiltIn.swift differ")
            #expect(try TextDomain(contentsOf: Self.folder.appendingPathComponent("\(name).json")) == TextDomain.builtIn(named: name))
        }
        #expect(TextDomain.builtIn.map(\.name) == ["opinions", "stories", "poetry"])
    }

    /// The domains in `Examples/TextDomains/` (for users to copy) read, with every field the
    /// format has: answer starts, explicit bins, calibration texts.
    @Test func theExampleDomainsRead() throws {
        let examples = Self.folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/TextDomains")
        let reviews = try TextDomain(contentsOf: examples.appendingPathComponent("product_reviews.json"))
        #expect(reviews.axes.map(\.binCount) == [20, 10] && reviews.axes.map(\.question.response) == ["The sentiment of the review is", "The review is"])
        #expect(reviews.calibration == ["N/A", "A coffee grinder.", "..."] && reviews.rewrite != nil && reviews.quality.response == nil)
        let prompt = AIFeedback.prompt(instruction: "Q", text: "T", response: reviews.axes[0].question.response)
        #expect(prompt.hasSuffix("### Response:\nThe sentiment of the review is"))
    }

    @Test func theirAxesAndBins() throws {
        let opinions = try #require(TextDomain.builtIn(named: "opinions"))
        #expect(opinions.axes.count == 1 && opinions.axes[0].binCount == 20 && opinions.axes[0].kind == .probability(edges: TextDomain.qdaifEdges))
        #expect(opinions.quality.options == ["yes", "no"] && opinions.generation.maxTokens == 50 && opinions.seeds.count == 5)
        let stories = try #require(TextDomain.builtIn(named: "stories"))
        #expect(stories.axes.map(\.name) == ["genre", "ending"] && stories.axes.map(\.binCount) == [20, 20])
        let poetry = try #require(TextDomain.builtIn(named: "poetry"))
        #expect(poetry.axes.map(\.kind) == [.categorical, .categorical] && poetry.axes.map(\.binCount) == [5, 5])
        #expect(poetry.rewrite?.contains("{target}") == true)
    }

    @Test func aRatingAxisAndExplicitBins() throws {
        let json = #"""
        {"name":"mine","summary":"s","seeds":["a","b","c"],"generation":{"template":"Write:\n"},
         "quality":{"instruction":"Good?","options":["yes","no"]},
         "axes":[{"name":"wit","kind":"rating","instruction":"Rate 1-10","options":["1","10"],"range":[1,10],"bins":9},
                 {"name":"mood","instruction":"Happy or sad?","options":["happy","sad"],"edges":[0.25,0.5,0.75]}]}
        """#
        let domain = try TextDomain(json: Data(json.utf8), source: "mine.json")
        #expect(domain.axes[0].kind == .rating(range: 1...10, edges: [2, 3, 4, 5, 6, 7, 8, 9]) && domain.axes[0].binCount == 9)
        #expect(domain.axes[1].binCount == 4 && domain.generation.temperature == 0.8 && domain.generation.stop == ["###"])
    }

    static let hostile: [(edit: String, message: String)] = [
        (#"{"name":"x"}"#, "x.json: summary: is missing"),
        (#"{"name":"x y","summary":"s"}"#, "x.json: name: letters, digits, - and _ only (got 'x y')"),
        (#"{"name":"x","summary":"s","seeds":["a","b"]}"#, "x.json: seeds: must hold 3 to 1000 strings (got 2)"),
        (#"{"name":"x","summary":"s","seeds":["a","b",""]}"#, "x.json: seeds[2]: is empty"),
        (#"{"name":"x","summary":"s","seeds":["a","b","c"],"generation":{"template":"t","max_tokens":0}}"#,
         "x.json: generation.max_tokens: must be in 1...4096 (got 0)"),
        (#"{"name":"x","summary":"s","seeds":["a","b","c"],"generation":{"template":"t","temprature":1}}"#,
         "x.json: generation.temprature: is not a field (the fields are max_tokens, stop, temperature, template, top_p)"),
        (#"{"name":"x","summary":"s","seeds":["a","b","c"],"generation":{"template":"t"},"quality":{"instruction":"q","options":["Yes","yes!"]}}"#,
         "x.json: quality.options: must be distinct once case and punctuation are set aside"),
        (#"{"name":"x","summary":"s","seeds":["a","b","c"],"generation":{"template":"t"},"quality":{"instruction":"q","options":["y","n"]},"axes":[]}"#,
         "x.json: axes: one or two axes"),
        (#"{"name":"x","summary":"s","seeds":["a","b","c"],"generation":{"template":"t"},"quality":{"instruction":"q","options":["y","n"]},"axes":[{"name":"a","instruction":"i","options":["p","q"],"edges":[0.5,0.2]}]}"#,
         "x.json: axes[0].edges: must increase strictly, inside (0.0, 1.0)"),
        (#"{"name":"x","summary":"s","seeds":["a","b","c"],"generation":{"template":"t"},"quality":{"instruction":"q","options":["y","n"]},"axes":[{"name":"a","kind":"wavy","instruction":"i","options":["p","q"]}]}"#,
         "x.json: axes[0].kind: 'wavy' is not a kind (probability, categorical, rating)"),
        (#"{"name":"x","summary":"s","seeds":["a","b","c"],"generation":{"template":"t"},"quality":{"instruction":"q","options":["y","n"]},"axes":[{"name":"a","kind":"categorical","instruction":"i","options":["p","q"],"bins":5}]}"#,
         "x.json: axes[0].bins: a categorical axis has one bin per option"),
        (#"{"name":"x","summary":"s","seeds":["a","b","c"],"generation":{"template":"t"},"quality":{"instruction":"q","options":["y","n"]},"axes":[{"name":"a","instruction":"i","options":["p","q"]}],"rewrite":"more"}"#,
         "x.json: rewrite: must contain {target}"),
        (#"{"name":"x","summary":"s","seeds":["a","b","c"],"generation":{"template":"t"},"quality":{"instruction":"q","options":["y","n"],"response":""},"axes":[{"name":"a","instruction":"i","options":["p","q"]}]}"#,
         "x.json: quality.response: is empty"),
        (#"{"name":"x","summary":"s","seeds":["a","b","c"],"generation":{"template":"t"},"quality":{"instruction":"q","options":["y","n"]},"axes":[{"name":"a","instruction":"i","options":["p","q"],"response":7}]}"#,
         "x.json: axes[0].response: must be a string"),
        (#"{"name":"x","summary":"s","seeds":["a","b","c"],"generation":{"template":"t"},"quality":{"instruction":"q","options":["y","n"]},"axes":[{"name":"a","instruction":"i","options":["p","q"]}],"calibration":[]}"#,
         "x.json: calibration: must hold 1 to 16 strings (got 0)"),
        ("[1,2]", "x.json: not a JSON object"), ("{", "x.json: not a JSON object"),
    ]

    @Test(arguments: hostile) func aBadFileIsOneLineNamingTheField(_ edit: String, _ message: String) {
        #expect(throws: TextDomainError(message)) { try TextDomain(json: Data(edit.utf8), source: "x.json") }
    }

    @Test func aMissingOrHugeFileIsRefused() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/domain.json")
        #expect(throws: TextDomainError.self) { try TextDomain(contentsOf: missing) }
        let huge = FileManager.default.temporaryDirectory.appendingPathComponent("huge-\(UUID().uuidString).json")
        try Data(count: TextDomain.maximumFileBytes + 1).write(to: huge)
        defer { try? FileManager.default.removeItem(at: huge) }
        #expect(throws: TextDomainError("\(huge.lastPathComponent): the file is \(TextDomain.maximumFileBytes + 1) bytes; a domain file is at most \(TextDomain.maximumFileBytes)")) {
            try TextDomain(contentsOf: huge)
        }
    }
}

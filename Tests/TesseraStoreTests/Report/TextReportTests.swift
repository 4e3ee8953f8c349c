import Foundation
import Testing
import Tessera
@testable import TesseraStore

/// Reports of archives whose genomes are texts (QDAIF): every text in full, escaped, best
/// first, with its metadata.
@Suite struct TextReportTests {
    static let hostile = "<script>alert(\"x\")</script> & \"quotes\"\nsecond line\n\n  indented"
    static let hostileEscaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;\nsecond line\n\n  indented"
    static let long = (1...40).map { "word\($0)" }.joined(separator: " ")

    /// A saved 4 × 4 grid of texts, each elite with a sentiment and a mood.
    static func textArchive(_ texts: [(text: String, objective: Double, at: [Double])], name: String = #function) throws -> URL {
        let url = temporaryFolder(name).appendingPathComponent("texts.sqlite")
        var archive = try GridArchive<String>(shape: [4, 4], descriptorSpace: Box(lower: [0, 0], upper: [1, 1]), genomeLayout: .init())
        let evaluations = texts.enumerated().map { index, entry in
            Evaluation(objective: entry.objective, descriptor: entry.at,
                       metadata: ["sentiment": .number(0.93 - Double(index) / 10), "mood": .text(index == 0 ? "<calm>" : "bright")])
        }
        _ = archive.add(texts.map(\.text), evaluations)
        let emitter = try MutationEmitter(selection: UniformSelection(), mutation: LibraryAPITests.Flip(), initialGenomes: ["x"],
                                          batchSize: 4)
        let scheduler = try Scheduler(archive: archive, emitters: [emitter], seed: 1)
        let file = try ArchiveFile.create(for: scheduler, at: url)
        try file.writeCheckpoint(scheduler)
        try file.finish()
        return url
    }

    static let sample: [(text: String, objective: Double, at: [Double])] = [
        (hostile, 0.9, [0.1, 0.9]),   // cell 0 * 4 + 3 = 3
        (long, 0.2, [0.6, 0.1]),      // cell 2 * 4 + 0 = 8
        ("plain", 0.5, [0.9, 0.9]),   // cell 15
    ]

    /// The part of `html` inside the texts section.
    func textsSection(_ html: String) throws -> Substring {
        let start = try #require(html.range(of: "<section id=\"texts\">"))
        let end = try #require(html[start.upperBound...].range(of: "</section>"))
        return html[start.lowerBound..<end.upperBound]
    }

    @Test func theReportShowsEveryTextInFullEscapedBestFirst() throws {
        let url = try Self.textArchive(Self.sample)
        let input = try ArchiveFile.open(url, mode: .readOnly).reportInput()
        #expect(Set(input.elites.compactMap(\.text)) == Set(Self.sample.map(\.text)))
        let html = try ArchiveReport(input).html()
        #expect(!html.contains("<script"), "the text is never raw HTML")
        #expect(!html.contains("alert(\"x\")"))
        let texts = try textsSection(html)
        #expect(texts.contains("<pre class=\"text\">\n" + Self.hostileEscaped + "</pre>"), "the whole text, line breaks kept")
        #expect(texts.contains("<pre class=\"text\">\n" + Self.long + "</pre>"), "the whole long text")
        // Best first: 0.9, 0.5, 0.2.
        let positions = try [Self.hostileEscaped, "plain", Self.long].map { try #require(texts.range(of: $0)).lowerBound }
        #expect(positions == positions.sorted())
        // Cell, grid coordinates, objective and metadata by name.
        #expect(texts.contains("#1</span> cell 3 (0, 3)</h3>"))
        #expect(texts.contains("cell 8 (2, 0)") && texts.contains("cell 15 (3, 3)"))
        #expect(texts.contains("<span class=\"note-key\">objective</span> 0.9</span>"))
        #expect(texts.contains("<span class=\"note-key\">sentiment</span> 0.93</span>"))
        #expect(texts.contains("<span class=\"note-key\">sentiment</span> 0.73</span>"))
        #expect(texts.contains("<span class=\"note-key\">mood</span> &lt;calm&gt;</span>"))
        #expect(texts.contains("3 text elites, highest objective first.") && !texts.contains("left out"))
        // The section follows the top elites.
        let elites = try #require(html.range(of: "<section id=\"elites\">")), section = try #require(html.range(of: "<section id=\"texts\">"))
        #expect(elites.lowerBound < section.lowerBound)
    }

    @Test func theTablePreviewIsTheDecodedTextCutAt120Characters() throws {
        let url = try Self.textArchive(Self.sample)
        let elites = try ArchiveFile.open(url, mode: .readOnly).reportInput().elites
        let previews = Dictionary(uniqueKeysWithValues: elites.map { ($0.cell, $0.genomePreview) })
        #expect(previews[15] == "plain", "the text, not its JSON literal")
        #expect(previews[3] == Self.hostile)
        #expect(Self.long.count > 120)
        #expect(previews[8] == String(Self.long.prefix(120)) + "…")
        #expect(elites.first { $0.cell == 15 }?.notes == [ReportField(key: "sentiment", value: "0.73"), ReportField(key: "mood", value: "bright")],
                "numbers first, then texts")
    }

    @Test func otherGenomesHaveNoTextsSection() throws {
        let html = try ArchiveReport(ReportFixtures.grid(shape: [4, 4], occupancy: 1)).html()
        #expect(!html.contains("id=\"texts\""))
        let url = SampleArchiveTests.samples.appendingPathComponent("arm-map-elites.sqlite")
        let input = try ArchiveFile.open(url, mode: .readOnly).reportInput()
        #expect(input.elites.allSatisfy { $0.text == nil })
        #expect(try !ArchiveReport(input).html().contains("id=\"texts\""))
    }

    @Test func atMost500TextsAreShownAndTheRestCounted() throws {
        var input = ReportFixtures.grid(shape: [30, 30], occupancy: 1)
        for index in input.elites.indices { input.elites[index].text = "text of cell \(input.elites[index].cell)." }
        input.elites[0].text = nil
        let texts = try textsSection(ArchiveReport(input).html())
        #expect(ReportFixtures.occurrences(of: "<article class=\"text-entry\">", in: String(texts)) == 500)
        #expect(texts.contains("399 more texts are left out"))
        #expect(texts.contains("The best 500 of 899 text elites"))
        let best = ReportTexts.ranked(input.elites, count: 1)[0]
        #expect(texts.contains("<pre class=\"text\">\ntext of cell \(best.cell).</pre>"))
    }

    @Test func gridCoordinatesAreRowMajor() {
        #expect(ReportTexts.gridCoordinates(of: 0, shape: [3, 4]) == [0, 0])
        #expect(ReportTexts.gridCoordinates(of: 7, shape: [3, 4]) == [1, 3])
        #expect(ReportTexts.gridCoordinates(of: 1 * 30 + 2 * 6 + 3, shape: [4, 5, 6]) == [1, 2, 3])
        #expect(ReportTexts.gridCoordinates(of: 12, shape: [3, 4]) == nil)
        #expect(ReportTexts.gridCoordinates(of: -1, shape: [3, 4]) == nil)
    }

    /// What the measuring script reads from the laid-out texts.
    struct TextsLayout: Decodable {
        /// Each text block's rendered text (`innerText`).
        var texts: [String]
        /// Each text block's height, in CSS pixels.
        var heights: [Double]
        /// Whether the payload's own script or event handler ran.
        var ran: Bool
    }

    @Test func chromiumShowsTheTextsAndRunsNothingInThem() throws {
        let chromium = try #require(HeadlessChromium.locate(), Comment(rawValue: HeadlessChromium.missingMessage))
        let payload = "\n<script>document.body.dataset.ran = 'script'</script><img src=x onerror=\"document.body.dataset.ran = 'img'\">\nline two"
        // The first text's script sets a mark instead of an alert, which would block Chromium.
        let quiet = Self.hostile.replacingOccurrences(of: "alert(\"x\")", with: "document.body.dataset.ran = \"x\"")
        var sample = Self.sample
        sample[0].text = quiet
        let url = try Self.textArchive(sample + [(payload, 0.7, [0.4, 0.4])])
        let directory = FileManager.default.temporaryDirectory.appending(path: "tessera-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // The report has no script; the test adds one, after the payload would have run.
        let measure = """
            <script>
            const blocks = [...document.querySelectorAll("#texts pre.text")];
            const out = document.createElement("pre");
            out.id = "measured";
            out.textContent = JSON.stringify({texts: blocks.map(b => b.innerText), heights: blocks.map(b => b.getBoundingClientRect().height),
                                              ran: "ran" in document.body.dataset});
            document.body.appendChild(out);
            </script>
            </body>
            """
        let page = directory.appending(path: "texts.html")
        let html = try ArchiveReport(ArchiveFile.open(url, mode: .readOnly).reportInput()).html()
            .replacingOccurrences(of: "</body>", with: measure)
        try Data(html.utf8).write(to: page)

        let dom = try chromium.dumpDOM(of: page)
        let json = try #require(dom.components(separatedBy: "<pre id=\"measured\">").dropFirst().first?
            .components(separatedBy: "</pre>").first, "the measuring script did not run")
        let layout = try JSONDecoder().decode(TextsLayout.self, from: Data(json.replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&").utf8))
        #expect(!layout.ran, "a script or handler in a text ran")
        #expect(layout.texts == [quiet, payload, "plain", Self.long], "every text shown as written, best first")
        #expect(layout.heights.allSatisfy { $0 > 20 }, "\(layout.heights)")
        #expect(layout.heights[0] > layout.heights[2] + 30, "the line breaks of the first text are kept")
    }
}

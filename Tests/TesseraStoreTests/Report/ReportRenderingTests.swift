import Foundation
import Testing
@testable import TesseraStore

/// Renders reports in headless Chromium: the DOM must hold every cell, and the screenshot
/// must be far from blank. Fails, not skips, when Chromium is missing.
///
/// Set `TESSERA_REPORT_ARTIFACTS` to a folder to keep the pages and screenshots.
@Suite(.serialized) struct ReportRenderingTests {
    static let width = 1200
    static let height = 1600

    @Test func gridReportRenders() throws {
        try render(ReportFixtures.grid(shape: [100, 100], occupancy: 0.7, history: ReportFixtures.sampleHistory(count: 80)), name: "grid")
    }

    @Test func cvtReportRenders() throws {
        try render(ReportFixtures.cvt(count: 2_000, occupancy: 0.6), name: "cvt")
    }

    /// What the measuring script reads from the laid-out elite table.
    struct EliteTableLayout: Decodable {
        /// The height of each body row, in CSS pixels.
        var heights: [Double]
        /// Whether each genome cell's text is cut (wider than its box).
        var truncated: [Bool]
    }

    @Test func eliteRowsStayOneLineHighWhateverTheGenome() throws {
        let chromium = try #require(HeadlessChromium.locate(), Comment(rawValue: HeadlessChromium.missingMessage))
        var input = ReportFixtures.grid(shape: [10, 10], occupancy: 1)
        let long = "[" + (0..<60).map { "0.\($0 * 37 % 1000)" }.joined(separator: ", ") + "]"
        for index in input.elites.indices where index % 2 == 0 { input.elites[index].genomePreview = long }
        let directory = FileManager.default.temporaryDirectory.appending(path: "tessera-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // The report has no script; the test adds one that writes the layout into the DOM.
        let measure = """
            <script>
            const rows = [...document.querySelectorAll("table.elites tbody tr")];
            const genomes = [...document.querySelectorAll("table.elites code.genome")];
            const out = document.createElement("pre");
            out.id = "measured";
            out.textContent = JSON.stringify({heights: rows.map(r => r.getBoundingClientRect().height),
                                              truncated: genomes.map(g => g.scrollWidth > g.clientWidth)});
            document.body.appendChild(out);
            </script>
            </body>
            """
        let page = directory.appending(path: "rows.html")
        let html = try ArchiveReport(input).html().replacingOccurrences(of: "</body>", with: measure)
        try Data(html.utf8).write(to: page)

        let dom = try chromium.dumpDOM(of: page, width: Self.width, height: Self.height)
        let json = try #require(dom.components(separatedBy: "<pre id=\"measured\">").dropFirst().first?
            .components(separatedBy: "</pre>").first, "the measuring script did not run")
        let layout = try JSONDecoder().decode(EliteTableLayout.self, from: Data(json.utf8))
        try #require(layout.heights.count == 20 && layout.truncated.count == 20)
        let shown = ReportTables.topElites(input.elites)
        let lower = try #require(layout.heights.min()), upper = try #require(layout.heights.max())
        // A wrapped line adds about 17 px; collapsed borders give the first row half of the
        // header's 2 px rule, so rows may differ by that half pixel.
        #expect(upper - lower < 1, "rows of \(layout.heights) px: a long genome wrapped")
        #expect(layout.truncated == shown.map { $0.genomePreview == long }, "only the long previews are cut")
    }

    private func render(_ input: ReportInput, name: String) throws {
        let chromium = try #require(HeadlessChromium.locate(), Comment(rawValue: HeadlessChromium.missingMessage))
        let directory = FileManager.default.temporaryDirectory.appending(path: "tessera-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appending(path: "\(name).html")
        try ArchiveReport(input).write(to: page)

        let dom = try chromium.dumpDOM(of: page)
        #expect(dom.contains("<svg"), "the rendered DOM has no SVG")
        #expect(ReportFixtures.occurrences(of: "class=\"cell\"", in: dom) == input.elites.count,
                "the rendered DOM should hold one cell element per occupied cell")
        #expect(ReportFixtures.occurrences(of: "<polyline", in: dom) == 4, "four progress charts")

        let screenshot = directory.appending(path: "\(name).png")
        try chromium.screenshot(of: page, to: screenshot, width: Self.width, height: Self.height)
        let blankPage = directory.appending(path: "blank.html")
        try Data("<!DOCTYPE html><html><body></body></html>".utf8).write(to: blankPage)
        let blankShot = directory.appending(path: "blank.png")
        try chromium.screenshot(of: blankPage, to: blankShot, width: Self.width, height: Self.height)

        let png = try Data(contentsOf: screenshot)
        let blank = try Data(contentsOf: blankShot)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "not a PNG file")
        #expect(pngSize(png) == [Self.width, Self.height])
        // A blank 1200 × 1600 page compresses to about 9 KB; the reports measure 120–260 KB.
        #expect(png.count > max(40_000, 4 * blank.count),
                "screenshot of \(png.count) bytes looks blank (a blank page gives \(blank.count) bytes)")

        if let keep = ProcessInfo.processInfo.environment["TESSERA_REPORT_ARTIFACTS"] {
            let folder = URL(filePath: keep)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for file in [page, screenshot] {
                let target = folder.appending(path: file.lastPathComponent)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: file, to: target)
            }
        }
    }

    /// Width and height from the PNG's IHDR chunk (big-endian at bytes 16–23).
    private func pngSize(_ png: Data) -> [Int] {
        guard png.count >= 24 else { return [] }
        let bytes = Array(png.prefix(24))
        func word(_ offset: Int) -> Int { bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return [word(16), word(20)]
    }
}

import Foundation
import Testing
@testable import TesseraStore

@Suite struct ArchiveReportTests {
    private func count(_ needle: String, in html: String) -> Int { ReportFixtures.occurrences(of: needle, in: html) }

    @Test func outputIsDeterministic() throws {
        for input in [ReportFixtures.grid(), ReportFixtures.cvt()] {
            let first = try ArchiveReport(input).html()
            #expect(try first == ArchiveReport(input).html())
            #expect(try first == ArchiveReport(input).html())
        }
    }

    @Test func userTextIsEscapedEverywhere() throws {
        let hostile = "<script>alert('x') & \"y\"</script>"
        let escaped = "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        var input = ReportFixtures.grid(shape: [4, 4], occupancy: 1)
        input.title = hostile
        input.configuration = [ReportField(key: hostile, value: hostile)]
        input.summary = [ReportField(key: hostile, value: hostile)]
        input.elites[0].genomePreview = hostile
        input.elites[0].objective = 10  // first row of the elite table
        let html = try ArchiveReport(input).html()
        #expect(!html.contains("<script"))
        #expect(!html.contains(hostile))
        // The title (twice), the configuration and summary (key and value each) and the genome
        // (its text and its title attribute).
        #expect(count(escaped, in: html) == 8)
    }

    @Test func pageIsSelfContained() throws {
        let html = try ArchiveReport(ReportFixtures.cvt()).html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("@import"))
        // The only URL is the SVG namespace, which is an identifier, not a fetch.
        #expect(count("http", in: html) == count("xmlns=\"http://www.w3.org/2000/svg\"", in: html))
    }

    @Test(arguments: [([20, 20], 0.6), ([100, 100], 0.75), ([7, 13], 0.3), ([5, 5], 0.0)])
    func gridDrawsOneCellPerOccupiedCell(shape: [Int], occupancy: Double) throws {
        let input = ReportFixtures.grid(shape: shape, occupancy: occupancy)
        let html = try ArchiveReport(input).html()
        #expect(count("class=\"cell\"", in: html) == input.elites.count)
        #expect(count("<rect class=\"empty\"", in: html) == 1, "one background for all empty cells")
    }

    @Test func gridPlacesTheFirstDescriptorOnXAndTheSecondUpwards() throws {
        let input = ReportInput(title: "t", archive: .grid(shape: [3, 5], lower: [0, 0], upper: [1, 1]),
                                elites: [ReportElite(cell: 1 * 5 + 4, objective: 1, descriptor: [0.5, 0.9], genomePreview: "", evaluation: 0)])
        let html = try ArchiveReport(input).html()
        // Row-major: cell 9 is (i0 = 1, i1 = 4); the group flips y so that i1 grows upwards.
        #expect(html.contains("<rect class=\"cell\" x=\"1\" y=\"4\" width=\"1\" height=\"1\""))
        #expect(html.contains("scale(180 -108)"))
    }

    @Test func onlyTheBestEliteOfACellIsDrawnAndBadElitesAreCounted() throws {
        let elites = [
            ReportElite(cell: 3, objective: 1, descriptor: [0, 0], genomePreview: "worse", evaluation: 1),
            ReportElite(cell: 3, objective: 2, descriptor: [0, 0], genomePreview: "better", evaluation: 2),
            ReportElite(cell: 99, objective: 5, descriptor: [0, 0], genomePreview: "outside", evaluation: 3),
            ReportElite(cell: 4, objective: .nan, descriptor: [0, 0], genomePreview: "nan", evaluation: 4),
        ]
        let input = ReportInput(title: "t", archive: .grid(shape: [3, 3], lower: [0, 0], upper: [1, 1]), elites: elites)
        let heatmap = ArchiveHeatmap(archive: input.archive, elites: input.elites)
        #expect(heatmap.drawn == [1])
        #expect(heatmap.skipped == 2)
        let html = try ArchiveReport(input).html()
        #expect(count("class=\"cell\"", in: html) == 1)
        #expect(html.contains("2 elite(s) not drawn"))
    }

    @Test func oneDimensionalGridIsAStrip() throws {
        let elites = (0..<30).filter { $0 % 3 != 0 }.map {
            ReportElite(cell: $0, objective: Double($0), descriptor: [Double($0) / 30], genomePreview: "", evaluation: $0)
        }
        let html = try ArchiveReport(ReportInput(title: "strip", archive: .grid(shape: [30], lower: [0], upper: [1]), elites: elites)).html()
        #expect(count("class=\"cell\"", in: html) == elites.count)
        #expect(html.contains("y=\"0\" width=\"1\" height=\"1\""))
    }

    @Test func cvtDrawsOneCellPerOccupiedCentroidAndOnePathForEmptyOnes() throws {
        let input = ReportFixtures.cvt(count: 500, occupancy: 0.5)
        let html = try ArchiveReport(input).html()
        #expect(count("<path class=\"cell\"", in: html) == input.elites.count)
        #expect(count("class=\"cell\"", in: html) == input.elites.count)
        #expect(count("<path class=\"empty\"", in: html) == 1)
        // Every empty centroid is one closed sub-path.
        let emptyPath = html.components(separatedBy: "<path class=\"empty\" d=\"")[1].prefix { $0 != "\"" }
        #expect(count("z", in: String(emptyPath)) == 500 - input.elites.count)
    }

    @Test func oneDimensionalCVTIsAStripOfIntervals() throws {
        let input = ReportInput(title: "t", archive: .cvt(centroids: [0.1, 0.5, 0.9, 0.3], dimension: 1, lower: [0], upper: [1]),
                                elites: [0, 2, 3].map { ReportElite(cell: $0, objective: Double($0), descriptor: [], genomePreview: "", evaluation: 0) })
        let html = try ArchiveReport(input).html()
        #expect(count("class=\"cell\"", in: html) == 3)
    }

    @Test func unstructuredArchivesDrawEveryElite() throws {
        var random = FixtureRandom(seed: 5)
        let elites = (0..<120).map { k in
            ReportElite(cell: k, objective: Double(k), descriptor: [Double.random(in: 0...1, using: &random), Double.random(in: 0...1, using: &random)],
                        genomePreview: "", evaluation: k)
        }
        let twoD = try ArchiveReport(ReportInput(title: "u", archive: .unstructured(dimension: 2, lower: [0, 0], upper: [1, 1]), elites: elites)).html()
        #expect(count("<circle class=\"cell\"", in: twoD) == 120)
        let oneD = try ArchiveReport(ReportInput(title: "u", archive: .unstructured(dimension: 1, lower: [0], upper: [1]),
                                             elites: elites.map { var e = $0; e.descriptor = [e.descriptor[0]]; return e })).html()
        #expect(count("<circle class=\"cell\"", in: oneD) == 120)
    }

    @Test func higherDimensionsBecomePairwiseProjections() throws {
        var random = FixtureRandom(seed: 8)
        let elites = (0..<200).map { k in
            ReportElite(cell: k, objective: Double(k), descriptor: (0..<5).map { _ in Double.random(in: 0...1, using: &random) },
                        genomePreview: "", evaluation: k)
        }
        let html = try ArchiveReport(ReportInput(title: "5-D", archive: .unstructured(dimension: 5, lower: .init(repeating: 0, count: 5),
                                                                                     upper: .init(repeating: 1, count: 5)), elites: elites)).html()
        #expect(count("class=\"cell\"", in: html) == 0)
        #expect(count("<g class=\"cells\"", in: html) == 6, "one panel per pair of the first four dimensions")
        #expect(html.contains("first 4 of 5 descriptor dimensions"))

        let grid = ReportInput(title: "3-D grid", archive: .grid(shape: [4, 5, 6], lower: [0, 0, 0], upper: [1, 1, 1]),
                               elites: [ReportElite(cell: 1 * 30 + 2 * 6 + 3, objective: 1, descriptor: [], genomePreview: "", evaluation: 0)])
        let gridHTML = try ArchiveReport(grid).html()
        // One elite at grid index (1, 2, 3) lights one bin in each of the three panels.
        #expect(count("class=\"bin\"", in: gridHTML) == 3)
        #expect(gridHTML.contains("<rect class=\"bin\" x=\"1\" y=\"2\""))
        #expect(gridHTML.contains("<rect class=\"bin\" x=\"1\" y=\"3\""))
        #expect(gridHTML.contains("<rect class=\"bin\" x=\"2\" y=\"3\""))
    }

    @Test func emptyHistoryAndEmptyArchiveStillRender() throws {
        let input = ReportInput(title: "nothing yet", archive: .grid(shape: [10, 10], lower: [0, 0], upper: [1, 1]), elites: [])
        let html = try ArchiveReport(input).html()
        #expect(html.contains("No history recorded."))
        #expect(!html.contains("<polyline"))
        #expect(count("class=\"cell\"", in: html) == 0)
        #expect(html.contains("The archive holds no elites."))
        #expect(html.contains("No configuration recorded."))
        #expect(!html.contains("tessera-colorbar"), "no colour bar without a range")
    }

    @Test func singleHistoryPointIsAMarker() throws {
        let point = ReportHistoryPoint(evaluations: 100, qdScore: 5, coverage: 0.25, bestObjective: nil, failed: 0)
        let html = try ArchiveReport(ReportFixtures.grid(history: [point])).html()
        #expect(!html.contains("<polyline"))
        #expect(count("<circle class=\"marker\"", in: html) == 3, "QD score, coverage and failed; best objective has none")
        #expect(html.contains("No elite yet"))
    }

    @Test func historyChartsHaveAxesAndLines() throws {
        let html = try ArchiveReport(ReportFixtures.grid(history: ReportFixtures.sampleHistory(count: 50))).html()
        #expect(count("<polyline", in: html) == 4)
        #expect(html.contains(">evaluations</text>"))
        #expect(html.contains(">100%</text>") || html.contains(">80%</text>"))
        let long = ReportFixtures.sampleHistory(count: 20_000)
        let reduced = try ArchiveReport(ReportFixtures.grid(history: long)).html()
        let line = reduced.components(separatedBy: "<polyline")[1].prefix { $0 != "/" }
        #expect(count(",", in: String(line)) < 4 * 440, "long histories are reduced per pixel column")
    }

    /// The y tick labels of the chart titled `title`.
    private func yTickLabels(ofChart title: String, in html: String) throws -> [String] {
        let figure = try #require(html.components(separatedBy: "<h3>\(title)</h3>").dropFirst().first)
        let svg = try #require(figure.components(separatedBy: "</svg>").first)
        return svg.components(separatedBy: "dy=\"0.32em\" text-anchor=\"end\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
    }

    @Test func countAxesNeverRunBelowZero() throws {
        // Nothing failed and nothing is covered yet: flat series at zero.
        let history = (1...5).map {
            ReportHistoryPoint(evaluations: $0 * 100, qdScore: 0, coverage: 0, bestObjective: nil, failed: 0)
        }
        let html = try ArchiveReport(ReportFixtures.grid(history: history)).html()
        #expect(try yTickLabels(ofChart: "Failed evaluations", in: html) == ["0", "1"])
        for title in ["QD score", "Coverage"] {
            let labels = try yTickLabels(ofChart: title, in: html)
            #expect(labels.first?.hasPrefix("0") == true && !labels.contains { $0.hasPrefix("-") }, "\(title): \(labels)")
        }
        // A flat series away from zero keeps a span around its value.
        let flat = (1...5).map {
            ReportHistoryPoint(evaluations: $0 * 100, qdScore: 7, coverage: 0.5, bestObjective: -2, failed: 3)
        }
        let flatHTML = try ArchiveReport(ReportFixtures.grid(history: flat)).html()
        #expect(try yTickLabels(ofChart: "Failed evaluations", in: flatHTML) == ["0", "1", "2", "3"])
        let best = try yTickLabels(ofChart: "Best objective", in: flatHTML).compactMap(Double.init)
        #expect(best.count >= 2 && best.first! < -2 && best.last! > -2)
    }

    @Test func genomePreviewsStayOnOneLineWithTheFullTextInATitle() throws {
        var input = ReportFixtures.grid(shape: [4, 4], occupancy: 1)
        let long = "[" + (0..<40).map { "0.\($0)" }.joined(separator: ", ") + " & <more>]"
        input.elites[0].genomePreview = long
        input.elites[0].objective = 10  // first row of the elite table
        let html = try ArchiveReport(input).html()
        let cell = "<code class=\"genome\" title=\"\(long.htmlEscaped)\">\(long.htmlEscaped)</code>"
        let hasTitle = html.contains(cell)
        #expect(hasTitle, "the genome cell should be \(cell)")
        let rule = try #require(ReportStyleSheet.css.split(separator: "\n").first { $0.hasPrefix(".genome{") })
        for declaration in ["white-space:nowrap", "overflow:hidden", "text-overflow:ellipsis"] {
            #expect(rule.contains(declaration), "\(rule) lacks \(declaration)")
        }
    }

    @Test func invalidArchivesThrowAOneLineError() {
        let elites = [ReportElite]()
        let cases: [(ReportArchive, String)] = [
            (.unstructured(dimension: 0, lower: [], upper: []), "at least one descriptor dimension"),
            (.grid(shape: [4, 4], lower: [0], upper: [1, 1]), "one lower and one upper bound per descriptor dimension"),
            (.grid(shape: [4, 4], lower: [0, 1], upper: [1, 1]), "dimension 1"),
            (.grid(shape: [4, 4], lower: [0, .nan], upper: [1, 1]), "finite"),
            (.cvt(centroids: [0, 0, 1], dimension: 2, lower: [0, 0], upper: [1, 1]), "3 centroid values"),
            (.grid(shape: [4, 0], lower: [0, 0], upper: [1, 1]), "at least one bin"),
            (.grid(shape: [1 << 40, 1 << 40], lower: [0, 0], upper: [1, 1]), "too many cells"),
        ]
        for (archive, mention) in cases {
            #expect {
                _ = try ArchiveReport(ReportInput(title: "bad", archive: archive, elites: elites))
            } throws: { error in
                let text = "\(error)"
                return error is ReportError && text.contains(mention) && !text.contains("\n")
            }
        }
    }

    @Test func eliteTableListsTheTopTwentyByObjective() throws {
        let input = ReportFixtures.grid(shape: [30, 30], occupancy: 0.8)
        let html = try ArchiveReport(input).html()
        let table = try #require(html.components(separatedBy: "<table class=\"elites\">").last?.components(separatedBy: "</table>").first)
        #expect(count("<tr>", in: table) == 21, "a header row and 20 elites")
        let best = try #require(input.elites.max { $0.objective < $1.objective })
        let firstRow = try #require(table.components(separatedBy: "<tbody>").last)
        #expect(firstRow.hasPrefix("<tr><td class=\"num\">1</td><td class=\"num\">\(best.cell)</td>"))
        let top = ReportTables.topElites(input.elites)
        #expect(zip(top, top.dropFirst()).allSatisfy { $0.objective >= $1.objective })
    }

    @Test func writeReplacesTheFileAtomically() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "tessera-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appending(path: "report.html")
        try Data("old".utf8).write(to: url)
        let report = try ArchiveReport(ReportFixtures.cvt())
        try report.write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == report.html())
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.html"], "no temporary file left")
        #expect(throws: (any Error).self) { try report.write(to: directory.appending(path: "missing/report.html")) }
    }

    @Test func tenThousandCellGridStaysWellUnderTwoMegabytes() throws {
        let full = ReportFixtures.grid(shape: [100, 100], occupancy: 1)
        #expect(full.elites.count == 10_000)
        let html = try ArchiveReport(full).html()
        #expect(count("class=\"cell\"", in: html) == 10_000)
        #expect(html.utf8.count < 1_000_000)
        #expect(!html.contains("<title>cell"), "no tooltips above the limit")
        let small = try ArchiveReport(ReportFixtures.grid(shape: [10, 10], occupancy: 1)).html()
        #expect(count("<title>cell", in: small) == 100)
    }
}

/// Lines and markers over the archive plot (a maze's walls, start and goal).
@Suite struct ReportOverlayTests {
    @Test func wallsAndMarkersAreDrawnInDescriptorCoordinates() throws {
        var input = ReportFixtures.grid(shape: [10, 10], occupancy: 0.5)
        guard case .grid(_, let lower, let upper) = input.archive else { Issue.record("a grid fixture"); return }
        // A wall along the whole bottom edge and one up the left edge, a goal in the middle.
        input.overlay = ReportOverlay(segments: [ReportOverlay.Segment(x1: lower[0], y1: lower[1], x2: upper[0], y2: lower[1]),
                                                 ReportOverlay.Segment(x1: lower[0], y1: lower[1], x2: lower[0], y2: upper[1])],
                                      markers: [ReportOverlay.Marker(label: "goal <g>", x: (lower[0] + upper[0]) / 2,
                                                                     y: (lower[1] + upper[1]) / 2)])
        let html = try ArchiveReport(input).html()
        let walls = html.components(separatedBy: "<line class=\"wall\" ").dropFirst().map { String($0.prefix(while: { $0 != "/" })) }
        #expect(walls.count == 2)
        func number(_ attribute: String, _ line: String) -> Double? {
            guard let range = line.range(of: attribute + "=\"") else { return nil }
            return Double(line[range.upperBound...].prefix(while: { $0 != "\"" }))
        }
        let bottom = try #require(walls.first), left = try #require(walls.last)
        #expect(number("y1", bottom) == number("y2", bottom) && number("x1", bottom)! < number("x2", bottom)!)
        #expect(number("x1", left) == number("x2", left) && number("y1", left)! > number("y2", left)!, "y grows upwards")
        #expect(number("x1", bottom) == number("x1", left) && number("y1", bottom) == number("y1", left))
        #expect(html.contains("goal &lt;g&gt;") && !html.contains("goal <g>"))
        input.overlay = ReportOverlay(segments: [ReportOverlay.Segment(x1: .nan, y1: 0, x2: 1, y2: 1)])
        #expect(!(try ArchiveReport(input).html()).contains("class=\"wall\""), "an impossible overlay is not drawn")
    }
}

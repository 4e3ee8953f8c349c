import Foundation
import Testing
@testable import TesseraStore

/// The "Outputs" section and the names of the objective and of the budget's unit.
@Suite struct ReportPicturesTests {
    /// A grid report with `pictures`.
    func input(_ pictures: [ReportPicture]) -> ReportInput {
        var input = ReportFixtures.grid(shape: [8, 8])
        input.pictures = pictures
        return input
    }

    /// The `<img>` tags of the page's "Outputs" section.
    func images(in html: String) throws -> [String] {
        let section = try #require(html.components(separatedBy: "<section id=\"outputs\">").dropFirst().first?
            .components(separatedBy: "</section>").first)
        return section.components(separatedBy: "<img ").dropFirst().map { String($0.prefix { $0 != ">" }) }
    }

    /// The value of `attribute` in the inside of a tag.
    func attribute(_ attribute: String, of tag: String) throws -> String {
        let tag = " " + tag
        let start = try #require(tag.range(of: " \(attribute)=\""), "no \(attribute) in <img\(tag.prefix(80))>")
        return String(tag[start.upperBound...].prefix { $0 != "\"" })
    }

    @Test func withoutPicturesThereIsNoOutputsSection() throws {
        let html = try ArchiveReport(input([])).html()
        #expect(!html.contains("id=\"outputs\"") && !html.contains(".pictures{") && !html.contains("<img"))
        #expect(html.contains("inline SVG and CSS, no scripts"))
    }

    @Test func picturesAreInlinePNGsAtTheirNativeSizeAfterTheArchive() throws {
        let pictures = [ReportPicture(caption: "cell 3 · reward 0.9", width: 32, height: 24, values: ReportFixtures.terrain(width: 32, height: 24)),
                        ReportPicture(caption: "cell 7 · reward 0.5", width: 5, height: 3, values: (0..<15).map(Float.init))]
        let html = try ArchiveReport(input(pictures)).html()
        let archive = try #require(html.range(of: "<section id=\"archive\">"))
        let outputs = try #require(html.range(of: "<section id=\"outputs\">\n<h2>Outputs</h2>"))
        let progress = try #require(html.range(of: "<section id=\"progress\">"))
        #expect(archive.upperBound < outputs.lowerBound && outputs.upperBound < progress.lowerBound, "after the archive plot")
        #expect(html.contains(".pictures{display:grid") && html.contains("image-rendering:pixelated"))
        let tags = try images(in: html)
        try #require(tags.count == 2)
        for (tag, picture) in zip(tags, pictures) {
            #expect(try attribute("width", of: tag) == String(picture.width))
            #expect(try attribute("height", of: tag) == String(picture.height))
            #expect(try attribute("alt", of: tag) == picture.caption)
            let source = try attribute("src", of: tag)
            let prefix = "data:image/png;base64,"
            try #require(source.hasPrefix(prefix))
            let png = try DecodedPNG(try #require(Data(base64Encoded: String(source.dropFirst(prefix.count)))))
            #expect(png.width == picture.width && png.height == picture.height)
            #expect(png.rgb == HeightfieldRenderer.rgb(picture.values, width: picture.width, height: picture.height))
            #expect(html.contains("<figcaption>\(picture.caption)</figcaption>"))
        }
        #expect(html.contains("inline SVG, PNG and CSS, no scripts"))
        #expect(try ArchiveReport(input(pictures)).html() == html, "the same input gives the same bytes")
    }

    @Test func captionsAreEscaped() throws {
        let caption = "<script>alert(\"x\")</script> & 'more'"
        let html = try ArchiveReport(input([ReportPicture(caption: caption, width: 1, height: 1, values: [0])])).html()
        #expect(!html.contains("<script>"))
        #expect(html.contains("<figcaption>\(caption.htmlEscaped)</figcaption>"))
        #expect(html.contains("alt=\"\(caption.htmlEscaped)\""))
    }

    @Test func picturesThatCannotBeDrawnAreRefused() {
        let cases: [(ReportPicture, String)] = [
            (ReportPicture(caption: "short", width: 4, height: 4, values: [1, 2]), "has 2 values"),
            (ReportPicture(caption: "empty", width: 0, height: 0, values: []), "between 1 and 4096"),
            (ReportPicture(caption: "huge", width: 4_097, height: 1, values: [Float](repeating: 0, count: 4_097)), "between 1 and 4096"),
        ]
        for (picture, mention) in cases {
            #expect { _ = try ArchiveReport(input([picture])) } throws: { error in
                error is ReportError && "\(error)".contains(mention) && "\(error)".contains(picture.caption) && !"\(error)".contains("\n")
            }
        }
    }

    @Test func theChartsUseTheObjectiveAndEvaluationNames() throws {
        var named = ReportFixtures.grid(history: ReportFixtures.sampleHistory(count: 20))
        named.objectiveName = "reward"
        named.evaluationName = "NFE"
        let html = try ArchiveReport(named).html()
        #expect(html.contains("<h3>Best reward</h3>") && !html.contains("Best objective"))
        #expect(html.contains("rotate(-90 18 107)\">reward</text>"), "the y title names the objective")
        #expect(ReportFixtures.occurrences(of: ">NFE</text>", in: html) == 4, "every progress chart's x axis")
        #expect(!html.contains(">evaluations</text>"))
        #expect(ReportFixtures.occurrences(of: "<polyline", in: html) == 4)

        let plain = try ArchiveReport(ReportFixtures.grid(history: ReportFixtures.sampleHistory(count: 20))).html()
        #expect(plain.contains("<h3>Best objective</h3>") && plain.contains("\">objective</text>"))
        #expect(ReportFixtures.occurrences(of: ">evaluations</text>", in: plain) == 4)
        var escaped = ReportFixtures.grid(history: ReportFixtures.sampleHistory(count: 20))
        escaped.evaluationName = "steps <1>"
        #expect(ReportFixtures.occurrences(of: ">steps &lt;1&gt;</text>", in: try ArchiveReport(escaped).html()) == 4)
    }
}

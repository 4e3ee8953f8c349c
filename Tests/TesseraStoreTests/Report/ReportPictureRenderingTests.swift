import Foundation
import Testing
@testable import TesseraStore

/// Renders a report with pictures in headless Chromium: the images decode at their native
/// size with the encoder's colours, and a caption holding markup stays text. Fails, not
/// skips, when Chromium is missing.
///
/// Set `TESSERA_REPORT_ARTIFACTS` to a folder to keep the page and a screenshot.
@Suite(.serialized) struct ReportPictureRenderingTests {
    /// What the measuring script reads from the laid-out "Outputs" section.
    struct Measured: Decodable {
        var complete: [Bool]
        var naturalWidths: [Int]
        var naturalHeights: [Int]
        /// Red, green and blue of each image's top-left pixel, read back through a canvas.
        var corners: [[Int]]
        var captions: [String]
        var alts: [String]
        /// Whether a caption's script ran.
        var injected: Bool
        /// `<script>` elements inside the section.
        var scripts: Int
    }

    @Test func picturesDecodeInTheBrowserAndCaptionsStayText() throws {
        let chromium = try #require(HeadlessChromium.locate(), Comment(rawValue: HeadlessChromium.missingMessage))
        let hostile = "cell 2 · <script>window.injected = true</script><b>bold</b> & \"quoted\""
        let pictures = [ReportPicture(caption: "cell 9 · reward 0.8123 · mean slope 0.21, roughness 0.03", width: 128, height: 128,
                                      values: ReportFixtures.terrain()),
                        ReportPicture(caption: hostile, width: 40, height: 20, values: ReportFixtures.terrain(width: 40, height: 20, seed: 3))]
        var input = ReportFixtures.grid(shape: [10, 10])
        input.pictures = pictures
        let directory = FileManager.default.temporaryDirectory.appending(path: "tessera-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // The report has no script; the test adds one that writes what it measures into the
        // DOM once the images have loaded.
        let measure = """
            <script>
            window.addEventListener("load", () => {
              const images = [...document.querySelectorAll("#outputs img")];
              const corners = images.map(image => {
                const canvas = document.createElement("canvas");
                canvas.width = image.naturalWidth;
                canvas.height = image.naturalHeight;
                const context = canvas.getContext("2d");
                context.drawImage(image, 0, 0);
                return [...context.getImageData(0, 0, 1, 1).data.slice(0, 3)];
              });
              const out = document.createElement("pre");
              out.id = "measured";
              out.textContent = JSON.stringify({
                complete: images.map(i => i.complete), naturalWidths: images.map(i => i.naturalWidth),
                naturalHeights: images.map(i => i.naturalHeight), corners,
                captions: [...document.querySelectorAll("#outputs figcaption")].map(c => c.textContent),
                alts: images.map(i => i.alt), injected: window.injected === true,
                scripts: document.querySelectorAll("#outputs script").length});
              document.body.appendChild(out);
            });
            </script>
            </body>
            """
        let page = directory.appending(path: "pictures.html")
        let html = try ArchiveReport(input).html().replacingOccurrences(of: "</body>", with: measure)
        try Data(html.utf8).write(to: page)

        let dom = try chromium.dumpDOM(of: page)
        let json = try #require(dom.components(separatedBy: "<pre id=\"measured\">").dropFirst().first?
            .components(separatedBy: "</pre>").first, "the measuring script did not run")
        let measured = try JSONDecoder().decode(Measured.self, from: Data(unescape(json).utf8))
        #expect(measured.complete == [true, true])
        #expect(measured.naturalWidths == pictures.map(\.width), "the PNGs decode at their native width")
        #expect(measured.naturalHeights == pictures.map(\.height))
        #expect(measured.captions == pictures.map(\.caption), "captions are shown as text")
        #expect(measured.alts == pictures.map(\.caption))
        #expect(!measured.injected && measured.scripts == 0, "a caption's markup does not run")
        for (corner, picture) in zip(measured.corners, pictures) {
            let expected = HeightfieldRenderer.rgb(picture.values, width: picture.width, height: picture.height).prefix(3).map(Int.init)
            #expect(zip(corner, expected).allSatisfy { abs($0 - $1) <= 2 } && corner.count == 3,
                    "the browser reads \(corner) where the encoder wrote \(expected)")
        }

        if let keep = ProcessInfo.processInfo.environment["TESSERA_REPORT_ARTIFACTS"] {
            let folder = URL(filePath: keep)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let screenshot = folder.appending(path: "pictures.png")
            try? FileManager.default.removeItem(at: screenshot)
            try chromium.screenshot(of: page, to: screenshot, width: 1200, height: 1600)
            let target = folder.appending(path: page.lastPathComponent)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: page, to: target)
        }
    }

    /// The text of an element's content as the DOM dump escapes it.
    private func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&nbsp;", with: "\u{A0}")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

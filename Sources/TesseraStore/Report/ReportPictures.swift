import Foundation

/// The "Outputs" section of a report: each ``ReportPicture`` as an inline PNG in a
/// responsive grid, with its caption.
enum ReportPictures {
    /// The section's style rules, added to the page's style sheet when it has pictures.
    ///
    /// Pictures keep their aspect ratio and fill their grid column, scaled without
    /// smoothing so each value stays a sharp square.
    static let css = """
    .pictures{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:16px 20px}
    .pictures img{display:block;width:100%;height:auto;image-rendering:pixelated;border:1px solid var(--rule);border-radius:4px;background:var(--panel)}
    .pictures figcaption{font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
    """

    /// The section's HTML, or `nil` when there is no picture.
    ///
    /// Each picture is a `<figure>` with an `<img>` whose `src` is a `data:image/png;base64,`
    /// URL of ``HeightfieldRenderer``'s drawing at one pixel per value, `width` and `height`
    /// attributes of that native size, and the escaped caption as `alt` text and
    /// `<figcaption>`.
    ///
    /// - Complexity: O(*p*) in the total number of values.
    static func html(_ pictures: [ReportPicture]) -> String? {
        guard !pictures.isEmpty else { return nil }
        var html = "<section id=\"outputs\">\n<h2>Outputs</h2>\n<div class=\"pictures\">\n"
        for picture in pictures {
            let caption = picture.caption.htmlEscaped
            html += "<figure>"
            if let png = try? HeightfieldRenderer.image(of: picture).encoded() {
                html += "<img src=\"data:image/png;base64,\(png.base64EncodedString())\" width=\"\(picture.width)\" "
                    + "height=\"\(picture.height)\" alt=\"\(caption)\">"
            } else {
                // ArchiveReport checks every picture first; this keeps the page whole regardless.
                html += "<p class=\"muted\">This picture cannot be drawn.</p>"
            }
            html += "<figcaption>\(caption)</figcaption></figure>\n"
        }
        return html + "</div>\n</section>\n"
    }
}

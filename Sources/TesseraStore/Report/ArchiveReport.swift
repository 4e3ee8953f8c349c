import Foundation

/// A self-contained HTML report of a QD archive: summary figures, the archive heatmap,
/// pictures of the best elites' outputs (when the input has any), progress charts, the top
/// elites, the texts of text elites (when the genomes are texts) and the run configuration.
///
/// The page is one file with inline CSS, SVG and PNG images (as `data:` URLs); it needs no
/// scripts, fonts or network.
/// The same input always gives the same bytes: the page holds no timestamps and formats
/// numbers without the locale.
///
/// ```swift
/// let report = try ArchiveReport(ReportInput(title: "sphere", archive: .grid(shape: [50, 50],
///     lower: [-1, -1], upper: [1, 1]), elites: elites, history: history))
/// try report.write(to: URL(filePath: "report.html"))
/// ```
///
/// See ``ReportArchive`` for how each archive layout is drawn.
public struct ArchiveReport: Sendable {
    /// The data the report shows.
    public let input: ReportInput

    /// Creates a report of `input`.
    ///
    /// Elites whose cell lies outside the archive, whose descriptor has the wrong length
    /// (where the drawing needs it) or whose objective is not finite are left out of the
    /// heatmap, and the caption counts them.
    ///
    /// - Parameter input: The run to report.
    /// - Throws: ``ReportError`` unless the archive has at least one descriptor dimension,
    ///   one finite pair of bounds per dimension with `lower < upper`, at least one bin per
    ///   grid dimension (and a cell count that fits an `Int`), CVT centroids that hold a
    ///   whole number of rows of `dimension` values, and pictures whose sides are in
    ///   `1...4096` and that hold `width * height` values each.
    public init(_ input: ReportInput) throws {
        try Self.validate(input.archive)
        for picture in input.pictures { try HeightfieldRenderer.validate(picture) }
        self.input = input
    }

    /// Checks that `archive` describes cells of a valid descriptor box.
    private static func validate(_ archive: ReportArchive) throws {
        guard archive.dimension >= 1 else {
            throw ReportError("the archive needs at least one descriptor dimension, not \(archive.dimension)")
        }
        guard archive.lower.count == archive.dimension && archive.upper.count == archive.dimension else {
            throw ReportError("the descriptor box has \(archive.lower.count) lower and \(archive.upper.count) upper bounds "
                              + "for \(archive.dimension) dimensions; it needs one lower and one upper bound per descriptor dimension")
        }
        for (dimension, (lower, upper)) in zip(archive.lower, archive.upper).enumerated()
        where !(lower.isFinite && upper.isFinite && lower < upper) {
            throw ReportError("descriptor dimension \(dimension) has lower bound \(lower) and upper bound \(upper); "
                              + "every lower bound must be finite and below its upper bound")
        }
        switch archive {
        case .grid(let shape, _, _):
            if let (dimension, bins) = shape.enumerated().first(where: { $0.element < 1 }) {
                throw ReportError("grid dimension \(dimension) has \(bins) bins; every grid dimension needs at least one bin")
            }
            let overflows = shape.reduce((product: 1, overflow: false)) { partial, bins in
                let (product, overflow) = partial.product.multipliedReportingOverflow(by: bins)
                return (product, partial.overflow || overflow)
            }.overflow
            if overflows {
                throw ReportError("a grid of \(shape.map(String.init).joined(separator: " x ")) bins has too many cells")
            }
        case .cvt(let centroids, let dimension, _, _):
            guard centroids.count % dimension == 0 else {
                throw ReportError("\(centroids.count) centroid values do not make whole rows of \(dimension) descriptor values")
            }
        case .unstructured:
            break
        }
    }

    /// The report as one HTML document.
    ///
    /// - Returns: A UTF-8 HTML5 page, identical for identical input.
    /// - Complexity: O(*n* log *n*) in the number of elites, plus about O(*c*) for the
    ///   Voronoi cells of *c* CVT centroids and O(*p*) for pictures of *p* values in all.
    public func html() -> String {
        let heatmap = ArchiveHeatmap(archive: input.archive, elites: input.elites, overlay: input.overlay,
                                     descriptorNames: input.descriptorNames)
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<meta name=\"generator\" content=\"Tessera\">\n"
        html += "<title>\(input.title.htmlEscaped)</title>\n<style>\n\(ReportStyleSheet.css)\n"
        if !input.pictures.isEmpty { html += ReportPictures.css + "\n" }
        html += "</style>\n</head>\n<body>\n<main>\n"
        html += "<header>\n<h1>\(input.title.htmlEscaped)</h1>\n"
        html += "<p class=\"subtitle\">Quality-diversity archive report · \(layoutDescription.htmlEscaped)</p>\n"
        if !input.summary.isEmpty {
            html += "<dl class=\"summary\">"
            for field in input.summary {
                html += "<div><dt>\(field.key.htmlEscaped)</dt><dd>\(field.value.htmlEscaped)</dd></div>"
            }
            html += "</dl>\n"
        }
        html += "</header>\n"
        html += "<section id=\"archive\">\n<h2>Archive</h2>\n" + heatmap.html() + "\n</section>\n"
        if let pictures = ReportPictures.html(input.pictures) { html += pictures }
        html += "<section id=\"progress\">\n<h2>Progress</h2>\n"
        if input.history.isEmpty {
            html += "<p class=\"muted\">No history recorded.</p>\n"
        } else {
            html += "<div class=\"charts\">\n"
            for chart in charts() {
                html += "<figure><h3>\(chart.title.htmlEscaped)</h3>" + chart.svg(xTitle: input.evaluationName) + "</figure>\n"
            }
            html += "</div>\n"
        }
        html += "</section>\n"
        html += "<section id=\"elites\">\n<h2>Top elites</h2>\n" + ReportTables.elites(input.elites, scale: heatmap.scale) + "\n</section>\n"
        if let texts = ReportTexts.html(input.elites, archive: input.archive, objectiveName: input.objectiveName) { html += texts }
        html += "<section id=\"configuration\">\n<h2>Configuration</h2>\n"
            + ReportTables.fields(input.configuration, empty: "No configuration recorded.") + "\n</section>\n"
        html += "<footer>Generated by Tessera. This page is self-contained: inline "
            + (input.pictures.isEmpty ? "SVG and CSS" : "SVG, PNG and CSS") + ", no scripts.</footer>\n"
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    /// Writes ``html()`` to `url` as UTF-8, atomically (through a temporary file).
    ///
    /// - Parameter url: The file to create or replace.
    /// - Throws: The file system's error when the file cannot be written.
    public func write(to url: URL) throws {
        try Data(html().utf8).write(to: url, options: .atomic)
    }

    /// A short description of the archive layout, e.g. `"2-D grid archive"`.
    private var layoutDescription: String {
        let kind: String
        switch input.archive {
        case .grid: kind = "grid"
        case .cvt: kind = "CVT"
        case .unstructured: kind = "unstructured"
        }
        return "\(input.archive.dimension)-D \(kind) archive · \(ReportNumber.grouped(input.elites.count)) elites"
    }

    /// The progress charts: QD score, coverage, best objective (titled by the objective's
    /// name, e.g. "Best reward") and failed evaluations.
    private func charts() -> [LineChart] {
        let history = input.history
        func series(_ value: (ReportHistoryPoint) -> Double?) -> ([Double], [Double]) {
            var xs = [Double]()
            var ys = [Double]()
            for point in history {
                guard let y = value(point), y.isFinite else { continue }
                xs.append(Double(point.evaluations))
                ys.append(y)
            }
            return (xs, ys)
        }
        let noData = "No finite values recorded"
        let qd = series { $0.qdScore }
        let coverage = series { $0.coverage * 100 }
        let best = series { $0.bestObjective }
        let failed = series { Double($0.failed) }
        return [
            LineChart(title: "QD score", yTitle: "QD score", xs: qd.0, ys: qd.1, color: "#3b4cc0",
                      includesZero: true, suffix: "", isCount: false, emptyMessage: noData),
            LineChart(title: "Coverage", yTitle: "cells occupied", xs: coverage.0, ys: coverage.1, color: "#1f8a70",
                      includesZero: true, suffix: "%", isCount: false, emptyMessage: noData),
            LineChart(title: "Best \(input.objectiveName)", yTitle: input.objectiveName, xs: best.0, ys: best.1, color: "#b8860b",
                      includesZero: false, suffix: "", isCount: false, emptyMessage: "No elite yet"),
            LineChart(title: "Failed evaluations", yTitle: "failed (cumulative)", xs: failed.0, ys: failed.1,
                      color: "#c0392b", includesZero: true, suffix: "", isCount: true, emptyMessage: noData),
        ]
    }
}

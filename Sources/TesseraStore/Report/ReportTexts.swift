/// The "Texts" section of a report: the elites whose genomes are texts (QDAIF), each in
/// full with its cell, objective, descriptor and notes, best first.
enum ReportTexts {
    /// The most texts one report shows; the section says how many it leaves out.
    static let maximumCount = 500

    /// The elites that have a text, ranked as the top-elites table ranks them (highest
    /// objective first; ties by cell, then input order; non-finite objectives left out),
    /// at most `count`.
    static func ranked(_ elites: [ReportElite], count: Int = maximumCount) -> [ReportElite] {
        ReportTables.topElites(elites.filter { $0.text != nil }, count: count)
    }

    /// The grid coordinates of `cell` (row-major: the last dimension varies fastest), or
    /// `nil` for a cell outside the grid.
    static func gridCoordinates(of cell: Int, shape: [Int]) -> [Int]? {
        guard cell >= 0, shape.allSatisfy({ $0 >= 1 }) else { return nil }
        var rest = cell
        var coordinates = [Int](repeating: 0, count: shape.count)
        for dimension in shape.indices.reversed() {
            coordinates[dimension] = rest % shape[dimension]
            rest /= shape[dimension]
        }
        return rest == 0 ? coordinates : nil
    }

    /// The section's HTML, or `nil` when no elite has a text.
    ///
    /// Every text is escaped and kept whole in a `pre` block that wraps long lines and
    /// keeps line breaks.
    /// - Complexity: O(*n* log *n*) in the number of elites, plus the length of the texts shown.
    static func html(_ elites: [ReportElite], archive: ReportArchive, objectiveName: String = "objective") -> String? {
        let total = elites.count(where: { $0.text != nil })
        guard total > 0 else { return nil }
        let shown = ranked(elites)
        var html = "<section id=\"texts\">\n<h2>Texts</h2>\n"
        let counted = total == shown.count ? ReportNumber.grouped(total)
                                           : "The best \(ReportNumber.grouped(shown.count)) of \(ReportNumber.grouped(total))"
        html += "<p class=\"muted\">\(counted) text elite\(total == 1 ? "" : "s"), highest \(objectiveName.htmlEscaped) first.</p>\n"
        for (rank, elite) in shown.enumerated() {
            var place = "cell \(elite.cell)"
            if case .grid(let shape, _, _) = archive, let coordinates = gridCoordinates(of: elite.cell, shape: shape) {
                place += " (" + coordinates.map(String.init).joined(separator: ", ") + ")"
            }
            let descriptor = "[" + elite.descriptor.map { ReportNumber.significant($0, digits: 4) }.joined(separator: ", ") + "]"
            let fields = [ReportField(key: objectiveName, value: ReportNumber.significant(elite.objective, digits: 6)),
                          ReportField(key: "descriptor", value: descriptor),
                          ReportField(key: "evaluation", value: ReportNumber.grouped(elite.evaluation))] + elite.notes
            html += "<article class=\"text-entry\">\n<h3><span class=\"muted\">#\(rank + 1)</span> \(place.htmlEscaped)</h3>\n<p class=\"notes\">"
            html += fields.map { "<span class=\"note\"><span class=\"note-key\">\($0.key.htmlEscaped)</span> \($0.value.htmlEscaped)</span>" }
                .joined(separator: " ")
            // HTML drops one line break right after `<pre>`: this one, so a text's own first line break stays.
            html += "</p>\n<pre class=\"text\">\n\((elite.text ?? "").htmlEscaped)</pre>\n</article>\n"
        }
        if total > shown.count {
            let left = total - shown.count
            html += "<p class=\"muted\">\(ReportNumber.grouped(left)) more text\(left == 1 ? " is" : "s are") left out: "
                + "a report shows at most \(maximumCount), and only those with a finite objective.</p>\n"
        }
        return html + "</section>\n"
    }
}

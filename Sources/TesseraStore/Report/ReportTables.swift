/// The HTML tables of a report: the top elites and key–value fields.
enum ReportTables {
    /// The number of elites in the top table.
    static let topCount = 20

    /// The `count` best elites (highest objective first; ties by cell, then input order),
    /// skipping non-finite objectives.
    static func topElites(_ elites: [ReportElite], count: Int = topCount) -> [ReportElite] {
        let ranked = elites.indices.filter { elites[$0].objective.isFinite }.sorted { a, b in
            let (ea, eb) = (elites[a], elites[b])
            if ea.objective != eb.objective { return ea.objective > eb.objective }
            if ea.cell != eb.cell { return ea.cell < eb.cell }
            return a < b
        }
        return ranked.prefix(count).map { elites[$0] }
    }

    /// A table of the top elites, each objective with a swatch of its heatmap colour.
    static func elites(_ elites: [ReportElite], scale: ReportColorScale) -> String {
        let top = topElites(elites)
        guard !top.isEmpty else { return "<p class=\"muted\">The archive holds no elites.</p>" }
        var html = "<div class=\"table-scroll\"><table class=\"elites\"><thead><tr>"
        html += "<th class=\"num\">rank</th><th class=\"num\">cell</th><th class=\"num\" colspan=\"2\">objective</th>"
        html += "<th>descriptor</th><th class=\"num\">evaluation</th><th>genome</th></tr></thead><tbody>"
        for (rank, elite) in top.enumerated() {
            let descriptor = "[" + elite.descriptor.map { ReportNumber.significant($0, digits: 4) }.joined(separator: ", ") + "]"
            html += "<tr><td class=\"num\">\(rank + 1)</td>"
            html += "<td class=\"num\">\(elite.cell)</td>"
            html += "<td class=\"key\"><span class=\"swatch\" style=\"background:\(scale.color(of: elite.objective))\"></span></td>"
            html += "<td class=\"num\">" + ReportNumber.significant(elite.objective, digits: 6).htmlEscaped + "</td>"
            html += "<td><code>\(descriptor.htmlEscaped)</code></td>"
            html += "<td class=\"num\">\(ReportNumber.grouped(elite.evaluation))</td>"
            // One line, cut with an ellipsis by the style sheet; the title holds the whole preview.
            let genome = elite.genomePreview.htmlEscaped
            html += "<td><code class=\"genome\" title=\"\(genome)\">\(genome)</code></td></tr>"
        }
        html += "</tbody></table></div>"
        if elites.count > top.count {
            html += "<p class=\"muted\">Top \(top.count) of \(ReportNumber.grouped(elites.count)) elites by objective.</p>"
        }
        return html
    }

    /// A two-column table of fields, in their order.
    static func fields(_ fields: [ReportField], empty: String) -> String {
        guard !fields.isEmpty else { return "<p class=\"muted\">\(empty.htmlEscaped)</p>" }
        var html = "<table class=\"fields\"><tbody>"
        for field in fields {
            html += "<tr><th scope=\"row\">\(field.key.htmlEscaped)</th><td><code>\(field.value.htmlEscaped)</code></td></tr>"
        }
        html += "</tbody></table>"
        return html
    }
}

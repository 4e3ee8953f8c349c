/// The archive figure of a report: cells coloured by objective, with a colour bar.
///
/// The drawing depends on the archive's layout and dimension:
/// - grid, 2-D: one square per occupied cell over a grey background (empty cells);
///   the first descriptor on x, the second on y, growing upwards;
/// - grid, 1-D: a strip of cells;
/// - CVT, 2-D: the Voronoi cells of the centroids clipped to the box (empty ones grey),
///   with equal scales on both axes;
/// - CVT, 1-D: a strip of Voronoi intervals;
/// - unstructured, 2-D: a scatter plot of the elites' descriptors (equal scales);
///   1-D: descriptor against objective;
/// - any layout above 2-D: small multiples, one panel per pair among the first four
///   descriptor dimensions, each a heatmap of the best objective among elites that project
///   into each bin (the other dimensions maximised out). Binning keeps the file size
///   independent of the number of elites, unlike one scatter point per elite and panel.
///
/// Elements that stand for one cell (or one elite of an unstructured archive) carry the
/// class `cell`; projection bins carry `bin`.
struct ArchiveHeatmap: Sendable {
    /// The archive layout.
    let archive: ReportArchive
    /// All elites of the report.
    let elites: [ReportElite]
    /// Indices into `elites` of those drawn: for cell-based archives the best elite of each
    /// occupied cell, in cell order; for unstructured ones every valid elite, by increasing
    /// objective so the best are drawn on top.
    let drawn: [Int]
    /// Elites left out: cell outside the archive, wrong descriptor length or non-finite objective.
    let skipped: Int
    /// The colour scale over the drawn objectives.
    let scale: ReportColorScale
    /// Lines and points drawn over 2-D plots (a maze's walls), if any.
    let overlay: ReportOverlay?
    /// The descriptors' names, one per dimension, or empty for `descriptor i`.
    let descriptorNames: [String]

    /// Occupied cells get `<title>` tooltips only up to this count, to keep files small.
    static let tooltipLimit = 2_500

    /// The title of descriptor `i`'s axis: its name, or `descriptor i`.
    func axisTitle(_ i: Int) -> String { i < descriptorNames.count ? descriptorNames[i] : "descriptor \(i)" }

    /// Prepares the figure of `archive` with `elites`.
    init(archive: ReportArchive, elites: [ReportElite], overlay: ReportOverlay? = nil, descriptorNames: [String] = []) {
        self.descriptorNames = descriptorNames.count == archive.dimension ? descriptorNames : []
        self.overlay = overlay
        self.archive = archive
        self.elites = elites
        let dimension = archive.dimension
        var candidates = [Int]()
        candidates.reserveCapacity(elites.count)
        let cellCount = archive.cellCount
        let needsDescriptor: Bool
        switch archive {
        case .grid: needsDescriptor = false
        case .cvt: needsDescriptor = dimension > 2
        case .unstructured: needsDescriptor = true
        }
        for (index, elite) in elites.enumerated() {
            guard elite.objective.isFinite else { continue }
            if let cellCount, !(0..<cellCount).contains(elite.cell) { continue }
            if needsDescriptor && (elite.descriptor.count != dimension || !elite.descriptor.allSatisfy(\.isFinite)) { continue }
            candidates.append(index)
        }
        var drawn = [Int]()
        if cellCount != nil {
            // Best elite per cell: sort by cell, then objective (descending), then index.
            candidates.sort { a, b in
                let (ea, eb) = (elites[a], elites[b])
                if ea.cell != eb.cell { return ea.cell < eb.cell }
                if ea.objective != eb.objective { return ea.objective > eb.objective }
                return a < b
            }
            for index in candidates where drawn.last.map({ elites[$0].cell != elites[index].cell }) ?? true {
                drawn.append(index)
            }
        } else {
            candidates.sort { a, b in
                elites[a].objective != elites[b].objective ? elites[a].objective < elites[b].objective : a < b
            }
            drawn = candidates
        }
        self.drawn = drawn
        self.skipped = elites.count - candidates.count
        self.scale = ReportColorScale(spanning: drawn.lazy.map { elites[$0].objective })
    }

    /// The figure as HTML: the SVG followed by a caption.
    func html() -> String {
        var svg = ""
        var notes = [String]()
        let dimension = archive.dimension
        switch (archive, dimension) {
        case (.grid(let shape, let lower, let upper), 1):
            drawGridStrip(into: &svg, bins: shape[0], lower: lower[0], upper: upper[0])
        case (.grid(let shape, let lower, let upper), 2):
            drawGrid(into: &svg, shape: shape, lower: lower, upper: upper)
        case (.cvt(let centroids, _, let lower, let upper), 1):
            drawIntervalStrip(into: &svg, centroids: centroids, lower: lower[0], upper: upper[0])
        case (.cvt(let centroids, _, let lower, let upper), 2):
            drawVoronoi(into: &svg, centroids: centroids, lower: lower, upper: upper)
        case (.unstructured(_, let lower, let upper), 1):
            drawProfile(into: &svg, lower: lower[0], upper: upper[0])
        case (.unstructured(_, let lower, let upper), 2):
            drawScatter(into: &svg, lower: lower, upper: upper, notes: &notes)
        default:
            drawProjections(into: &svg, notes: &notes)
        }
        var html = "<figure class=\"heatmap\">"
        html += svg
        html += "<figcaption>" + caption() + legend()
        for note in notes { html += "<br>" + note.htmlEscaped }
        if skipped > 0 {
            html += "<br>" + ("\(ReportNumber.grouped(skipped)) elite(s) not drawn: cell outside the archive, "
                              + "descriptor of the wrong length, or non-finite value.").htmlEscaped
        }
        html += "</figcaption></figure>"
        return html
    }

    /// One sentence on the layout and occupancy.
    private func caption() -> String {
        let box = zip(archive.lower, archive.upper).map {
            "[" + ReportNumber.significant($0, digits: 4) + ", " + ReportNumber.significant($1, digits: 4) + "]"
        }.joined(separator: " × ")
        var text: String
        switch archive {
        case .grid(let shape, _, _):
            text = "Grid archive, " + shape.map { ReportNumber.grouped($0) }.joined(separator: " × ") + " cells"
        case .cvt:
            text = "CVT archive, " + ReportNumber.grouped(archive.cellCount ?? 0) + " centroids"
        case .unstructured:
            text = "Unstructured archive, " + ReportNumber.grouped(drawn.count) + " elites"
        }
        if !box.isEmpty { text += " over " + box }
        text += "."
        if let cellCount = archive.cellCount, cellCount > 0 {
            let percent = ReportNumber.fixed(100 * Double(drawn.count) / Double(cellCount), decimals: 2)
            text += " \(ReportNumber.grouped(drawn.count)) of \(ReportNumber.grouped(cellCount)) cells occupied (\(percent)%)."
        }
        return text.htmlEscaped
    }

    /// The key to colours, in HTML.
    private func legend() -> String {
        guard !drawn.isEmpty else { return " No elite to draw." }
        var text = " Colour: objective"
        if archive.dimension > 2 {
            text += ", the best among the elites that fall into each bin of the panel's two dimensions"
        } else if archive.cellCount != nil {
            text += " of each cell's elite"
        }
        text += ", from " + ReportNumber.significant(scale.minimum, digits: 4)
            + " to " + ReportNumber.significant(scale.maximum, digits: 4) + "."
        var html = text.htmlEscaped
        if archive.cellCount != nil || archive.dimension > 2 {
            html += " <span class=\"swatch\" style=\"background:\(ReportColorScale.emptyColor)\"></span> empty."
        }
        return html
    }

    /// The tooltip text of one drawn elite.
    func tooltip(for index: Int) -> String {
        let elite = elites[index]
        var text = "cell \(elite.cell) · objective \(ReportNumber.significant(elite.objective, digits: 6))"
        if !elite.descriptor.isEmpty {
            text += " · [" + elite.descriptor.map { ReportNumber.significant($0, digits: 4) }.joined(separator: ", ") + "]"
        }
        return text.htmlEscaped
    }

    /// Appends the colour bar, unless nothing is drawn (then there is no range to show).
    func drawColorBar(into svg: inout String, left: Double, top: Double, height: Double, title: String) {
        guard !drawn.isEmpty else { return }
        ColorBar(scale: scale, left: left, top: top, width: Layout.colorBarWidth, height: height, title: title)
            .draw(into: &svg, id: "tessera-colorbar")
    }

    /// Whether drawn cells get tooltips.
    var showsTooltips: Bool { drawn.count <= Self.tooltipLimit }

    /// Pixel sizes shared by the single-plot layouts.
    enum Layout {
        static let left = 76.0
        static let top = 12.0
        static let side = 540.0
        static let colorBarGap = 24.0
        static let colorBarWidth = 16.0
        static let width = 720.0
        static let stripHeight = 44.0
    }

    /// A pixel coordinate with two decimals.
    func px(_ value: Double) -> String { ReportNumber.fixed(value, decimals: 2) }

    /// A pixel coordinate with one decimal (scatter points).
    func px1(_ value: Double) -> String { ReportNumber.fixed(value, decimals: 1) }

    /// Opens an `<svg>` element of the given pixel size.
    static func openSVG(width: Double, height: Double, label: String) -> String {
        let w = ReportNumber.fixed(width, decimals: 0)
        let h = ReportNumber.fixed(height, decimals: 0)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" width=\"\(w)\" height=\"\(h)\" "
            + "viewBox=\"0 0 \(w) \(h)\" role=\"img\" aria-label=\"\(label.htmlEscaped)\">"
    }

    /// A 2-D plot frame with the same pixels per unit on both axes, its longer side
    /// ``Layout/side`` long; the shorter side is kept at 120 pixels or more.
    static func equalAspectFrame(lower: [Double], upper: [Double]) -> PlotFrame {
        let spanX = upper[0] - lower[0]
        let spanY = upper[1] - lower[1]
        let width = spanX >= spanY ? Layout.side : max(120, Layout.side * spanX / spanY)
        let height = spanY >= spanX ? Layout.side : max(120, Layout.side * spanY / spanX)
        return PlotFrame(left: Layout.left, top: Layout.top, width: width, height: height,
                         xTicks: ReportTicks(lower: lower[0], upper: upper[0], count: max(2, Int(6 * width / Layout.side))),
                         yTicks: ReportTicks(lower: lower[1], upper: upper[1], count: max(2, Int(6 * height / Layout.side))))
    }

    /// A pixel length that is a whole multiple of `bins` when that keeps at least 75% of
    /// `target`, so cells land on whole pixels; `target` otherwise.
    static func snappedLength(_ target: Double, bins: Int) -> Double {
        let whole = (target / Double(bins)).rounded(.down)
        return whole * Double(bins) >= 0.75 * target ? whole * Double(bins) : target
    }
}

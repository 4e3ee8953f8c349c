extension ArchiveHeatmap {
    /// The most descriptor dimensions the projection panels show.
    static let projectedDimensions = 4
    /// The range of bins per dimension of a CVT or unstructured projection panel: about
    /// the square root of the number of elites, so sparse archives still read as areas.
    static let projectionBins = 8...32
    /// The most bins per dimension a grid projection keeps before merging bins.
    static let gridProjectionBins = 64

    /// Draws small multiples for more than two descriptor dimensions: for each pair `(i, j)`
    /// among the first four dimensions, a heatmap of the best objective among the elites whose
    /// descriptors fall into each `(i, j)` bin; the other dimensions are maximised out.
    ///
    /// Grids bin by the cell's own grid index (merging bins above 64 per dimension); CVT and
    /// unstructured archives bin descriptors into `b × b` bins of the box, with `b` the square
    /// root of the number of elites clamped to `8...32`.
    func drawProjections(into svg: inout String, notes: inout [String]) {
        let dimension = archive.dimension
        let shown = min(dimension, Self.projectedDimensions)
        if dimension > shown {
            notes.append("Showing pairs among the first \(shown) of \(dimension) descriptor dimensions.")
        }
        var pairs = [(Int, Int)]()
        for i in 0..<shown { for j in (i + 1)..<shown { pairs.append((i, j)) } }
        let lower = archive.lower
        let upper = archive.upper
        let bins: [Int]
        var coordinates: [[Int]]  // per drawn elite, the bin per shown dimension
        switch archive {
        case .grid(let shape, _, _):
            bins = (0..<shown).map { min(shape[$0], Self.gridProjectionBins) }
            coordinates = drawn.map { index in
                var rest = elites[index].cell
                var gridIndex = [Int](repeating: 0, count: shape.count)
                for d in stride(from: shape.count - 1, through: 0, by: -1) {
                    gridIndex[d] = rest % shape[d]
                    rest /= shape[d]
                }
                return (0..<shown).map { gridIndex[$0] * bins[$0] / shape[$0] }
            }
        case .cvt, .unstructured:
            let perDimension = min(max(Int(Double(drawn.count).squareRoot()), Self.projectionBins.lowerBound),
                                   Self.projectionBins.upperBound)
            bins = Array(repeating: perDimension, count: shown)
            coordinates = drawn.map { index in
                (0..<shown).map { d in
                    let t = (elites[index].descriptor[d] - lower[d]) / (upper[d] - lower[d])
                    return min(max(Int((t * Double(bins[d])).rounded(.down)), 0), bins[d] - 1)
                }
            }
        }

        let panel = 200.0
        let cellWidth = 272.0
        let cellHeight = 262.0
        let columns = min(pairs.count, 3)
        let rows = (pairs.count + columns - 1) / columns
        let width = Double(columns) * cellWidth + 72
        svg += Self.openSVG(width: width, height: Double(rows) * cellHeight + 8, label: "Archive projections")
        for (p, (i, j)) in pairs.enumerated() {
            let left = 60 + Double(p % columns) * cellWidth
            let top = 12 + Double(p / columns) * cellHeight
            let frame = PlotFrame(left: left, top: top, width: panel, height: panel,
                                  xTicks: ReportTicks(lower: lower[i], upper: upper[i], count: 4),
                                  yTicks: ReportTicks(lower: lower[j], upper: upper[j], count: 4))
            var best = [Double](repeating: -.infinity, count: bins[i] * bins[j])
            for (k, index) in drawn.enumerated() {
                let slot = coordinates[k][i] * bins[j] + coordinates[k][j]
                best[slot] = max(best[slot], elites[index].objective)
            }
            svg += "<rect class=\"empty\" x=\"\(px(left))\" y=\"\(px(top))\" width=\"\(px(panel))\" height=\"\(px(panel))\"/>"
            let sx = ReportNumber.fixed(panel / Double(bins[i]), decimals: 6)
            let sy = ReportNumber.fixed(panel / Double(bins[j]), decimals: 6)
            svg += "<g class=\"cells\" shape-rendering=\"crispEdges\" transform=\"translate(\(px(left)) \(px(frame.bottom))) scale(\(sx) -\(sy))\">"
            for slot in best.indices where best[slot] > -.infinity {
                svg += "<rect class=\"bin\" x=\"\(slot / bins[j])\" y=\"\(slot % bins[j])\" width=\"1\" height=\"1\" fill=\"\(scale.color(of: best[slot]))\"/>"
            }
            svg += "</g>"
            frame.drawAxes(into: &svg, xTitle: axisTitle(i), yTitle: axisTitle(j), gridLines: false)
        }
        drawColorBar(into: &svg, left: Double(columns) * cellWidth + 8, top: 12, height: panel, title: "best objective")
        svg += "</svg>"
    }
}

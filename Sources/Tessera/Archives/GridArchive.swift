/// An archive over a regular grid of the descriptor box (MAP-Elites; Mouret & Clune 2015).
///
/// Indexing follows pyribs exactly: per dimension,
/// `g = Int((bins · (d − lower) + ε) / (upper − lower))`, clipped to `0..<bins` (values
/// outside the box fall into the edge cells), then raveled row-major, so the flat cell
/// index equals pyribs' `index_of`.
public struct GridArchive<Genome: Tessera.Genome>: CellArchive {
    /// Bins per descriptor dimension.
    public let shape: [Int]
    public let descriptorSpace: Box
    public let qdScoreOffset: Double
    /// The ε added before truncation, which keeps values on a bin edge in the upper bin.
    public let epsilon: Double
    public var store: EliteStore<Genome.Column>

    /// Creates an empty grid archive.
    ///
    /// - Parameters:
    ///   - shape: Bins per descriptor dimension, e.g. `[100, 100]`.
    ///   - descriptorSpace: The box to partition; its dimension must equal `shape.count`.
    ///   - genomeLayout: The shape of the genomes: a dimension of at least 1 for real vectors.
    ///   - qdScoreOffset: Subtracted from each objective in the QD score.
    ///   - acceptance: Elitist by default; soft thresholds for CMA-MAE.
    ///   - epsilon: pyribs' 1e-6 by default; finite.
    /// - Throws: ``ArchiveError/invalidShape(_:)`` for a shape that does not fit the
    ///   descriptor space, a dimension without bins, too many cells, a genome layout that
    ///   cannot shape a column, or a non-finite `epsilon`.
    public init(shape: [Int], descriptorSpace: Box, genomeLayout: Genome.Column.Layout,
                qdScoreOffset: Double = 0, acceptance: Acceptance = .elitist, epsilon: Double = 1e-6) throws {
        let cells = try Self.cellCount(shape: shape, descriptorSpace: descriptorSpace, genomeLayout: genomeLayout, epsilon: epsilon)
        self.shape = shape
        self.descriptorSpace = descriptorSpace
        self.qdScoreOffset = qdScoreOffset
        self.epsilon = epsilon
        self.store = EliteStore(cellCount: cells, descriptorDimension: shape.count,
                                genomeLayout: genomeLayout, acceptance: acceptance)
    }

    /// Checks the grid's parameters and returns its number of cells.
    private static func cellCount(shape: [Int], descriptorSpace: Box, genomeLayout: Genome.Column.Layout,
                                  epsilon: Double) throws(ArchiveError) -> Int {
        guard shape.count == descriptorSpace.dimension else {
            throw ArchiveError.invalidShape("\(shape.count) grid dimensions for a \(descriptorSpace.dimension)-D descriptor space")
        }
        guard shape.allSatisfy({ $0 > 0 }) else { throw ArchiveError.invalidShape("every dimension needs at least one bin") }
        let (cells, overflow) = shape.reduce((1, false)) { acc, bins in
            let (product, o) = acc.0.multipliedReportingOverflow(by: bins)
            return (product, acc.1 || o)
        }
        guard !overflow, cells <= 1 << 31 else { throw ArchiveError.invalidShape("too many cells") }
        if let problem = Genome.Column.layoutProblem(genomeLayout) { throw ArchiveError.invalidShape(problem) }
        guard epsilon.isFinite else { throw ArchiveError.invalidShape("epsilon must be finite (got \(epsilon))") }
        return cells
    }

    private enum CodingKeys: String, CodingKey { case shape, descriptorSpace, qdScoreOffset, epsilon, store }

    /// Decodes an archive with its elites, checking the grid as
    /// ``init(shape:descriptorSpace:genomeLayout:qdScoreOffset:acceptance:epsilon:)`` does
    /// and that the store has the grid's cells and descriptor dimension.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ArchiveError``'s message for
    ///   a grid that cannot work or a store that does not fit it; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let shape = try c.decode([Int].self, forKey: .shape)
        let descriptorSpace = try c.decode(Box.self, forKey: .descriptorSpace)
        let qdScoreOffset = try c.decode(Double.self, forKey: .qdScoreOffset)
        let epsilon = try c.decode(Double.self, forKey: .epsilon)
        let store = try c.decode(EliteStore<Genome.Column>.self, forKey: .store)
        try DecodingError.validating(decoder) { () throws(ArchiveError) in
            let cells = try Self.cellCount(shape: shape, descriptorSpace: descriptorSpace,
                                           genomeLayout: store.genomes.layout, epsilon: epsilon)
            guard store.cellCount == cells, store.descriptorDimension == shape.count else {
                throw ArchiveError.invalidShape("the elite store has \(store.cellCount) cells of \(store.descriptorDimension)-D "
                                                + "descriptors, the grid \(cells) of \(shape.count)-D")
            }
        }
        self.shape = shape
        self.descriptorSpace = descriptorSpace
        self.qdScoreOffset = qdScoreOffset
        self.epsilon = epsilon
        self.store = store
    }

    public func cellIndices(of descriptors: UnsafeBufferPointer<Double>, count: Int, into cells: UnsafeMutableBufferPointer<Int>) {
        let k = shape.count
        precondition(descriptors.count >= count * k && cells.count >= count)
        let lower = descriptorSpace.lower
        let upper = descriptorSpace.upper
        for row in 0..<count {
            var flat = 0
            for j in 0..<k {
                let bins = shape[j]
                flat = flat * bins + Self.bin(descriptors[row * k + j], lower: lower[j], upper: upper[j], bins: bins, epsilon: epsilon)
            }
            cells[row] = flat
        }
    }

    /// pyribs' bin of one descriptor component among `bins` equal bins of
    /// [`lower`, `upper`]: `⌊(bins · (value − lower) + ε) / (upper − lower)⌋`, values outside
    /// the range in the edge bins.
    @inline(__always)
    public static func bin(_ value: Double, lower: Double, upper: Double, bins: Int, epsilon: Double) -> Int {
        let scaled = (Double(bins) * (value - lower) + epsilon) / (upper - lower)
        return scaled >= Double(bins) ? bins - 1 : (scaled < 1 ? 0 : Int(scaled))
    }

    /// The per-dimension bin indices of a flat cell index.
    public func gridIndex(of cell: Int) -> [Int] {
        var rest = cell
        var index = [Int](repeating: 0, count: shape.count)
        for j in stride(from: shape.count - 1, through: 0, by: -1) {
            index[j] = rest % shape[j]
            rest /= shape[j]
        }
        return index
    }

    /// The lower and upper descriptor bounds of one cell.
    public func bounds(of cell: Int) -> Box {
        let index = gridIndex(of: cell)
        var lo = [Double]()
        var hi = [Double]()
        for j in 0..<shape.count {
            let width = (descriptorSpace.upper[j] - descriptorSpace.lower[j]) / Double(shape[j])
            lo.append(descriptorSpace.lower[j] + Double(index[j]) * width)
            hi.append(descriptorSpace.lower[j] + Double(index[j] + 1) * width)
        }
        return Box(lower: lo, upper: hi)
    }
}

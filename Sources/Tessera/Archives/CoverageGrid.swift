/// A passive grid over a task's true descriptor that records, per cell, the best objective
/// any evaluation reached there, and nothing else: how runs whose archive lives in another
/// space (a learned one, AURORA's and TAXONS' latent spaces, or a novelty archive) are
/// compared on one scale, its ``coverage``.
///
/// Cells are pyribs' grid cells (``GridArchive``'s rule, ε = 1e-6): descriptors outside the
/// box count in the edge cells. Every evaluated row that did not fail is recorded, whether
/// or not the run's own archive kept it.
public struct CoverageGrid: Hashable, Sendable, StateComponent {
    public static var stateIdentifier: String { "tessera.coverage-grid" }

    /// Cells per descriptor dimension.
    public let shape: [Int]
    /// The box the grid divides.
    public let descriptorSpace: Box
    /// The best objective per cell, −∞ where nothing was recorded.
    public private(set) var best: [Double]
    /// The number of cells reached.
    public private(set) var filled: Int = 0

    /// A grid of `shape` cells over `descriptorSpace`.
    ///
    /// - Throws: ``ParameterError`` for a shape of another dimension than the box, a
    ///   dimension with no cells, more than 2²⁴ cells, or an empty box side.
    public init(shape: [Int], descriptorSpace: Box) throws(ParameterError) {
        try ParameterError.require(shape.count == descriptorSpace.dimension && !shape.isEmpty, Self.self, "shape",
                                   "must have one entry per descriptor (\(descriptorSpace.dimension)), got \(shape.count)")
        var cells = 1
        for bins in shape {
            try ParameterError.require(bins >= 1, Self.self, "shape", "must have at least one cell per dimension (got \(shape))")
            let (product, overflow) = cells.multipliedReportingOverflow(by: bins)
            try ParameterError.require(!overflow && product <= 1 << 24, Self.self, "shape", "must have at most 2^24 cells (got \(shape))")
            cells = product
        }
        for j in 0..<descriptorSpace.dimension {
            try ParameterError.require(descriptorSpace.upper[j] > descriptorSpace.lower[j], Self.self, "descriptorSpace",
                                       "must have upper > lower in every dimension")
        }
        self.shape = shape
        self.descriptorSpace = descriptorSpace
        best = [Double](repeating: -.infinity, count: cells)
    }

    /// The fraction of cells reached.
    public var coverage: Double { Double(filled) / Double(best.count) }

    /// The cell of one descriptor.
    public func cell(of descriptor: some Collection<Double>) -> Int {
        var flat = 0
        for (j, value) in descriptor.enumerated() {
            flat = flat * shape[j] + GridArchive<[Double]>.bin(value, lower: descriptorSpace.lower[j], upper: descriptorSpace.upper[j],
                                                              bins: shape[j], epsilon: 1e-6)
        }
        return flat
    }

    /// Records every row of `batch` that did not fail, by its descriptor.
    ///
    /// - Precondition: The batch's descriptors have the grid's dimension.
    /// - Complexity: O(rows × descriptor dimension), on the batch's flat buffers.
    public mutating func record(_ batch: EvaluationBatch) {
        let k = batch.descriptorDimension
        precondition(k == shape.count, "\(k)-D descriptors for a \(shape.count)-D coverage grid")
        let anyFailed = !batch.failures.isEmpty
        let lower = descriptorSpace.lower, upper = descriptorSpace.upper, shape = shape
        var reached = 0
        batch.descriptors.withUnsafeBufferPointer { descriptors in
            batch.objectives.withUnsafeBufferPointer { objectives in
                best.withUnsafeMutableBufferPointer { best in
                    for row in 0..<objectives.count where !anyFailed || batch.failures[row] == nil {
                        var cell = 0
                        for j in 0..<k {
                            cell = cell * shape[j] + GridArchive<[Double]>.bin(descriptors[row * k + j], lower: lower[j], upper: upper[j],
                                                                              bins: shape[j], epsilon: 1e-6)
                        }
                        let objective = objectives[row]
                        if best[cell] == -.infinity { reached += 1 }
                        if objective > best[cell] { best[cell] = objective }
                    }
                }
            }
        }
        filled += reached
    }

    /// Records one objective at one descriptor.
    public mutating func record(objective: Double, descriptor: some Collection<Double>) {
        let cell = cell(of: descriptor)
        if best[cell] == -.infinity { filled += 1 }
        if objective > best[cell] { best[cell] = objective }
    }

    public func saveState() throws -> ComponentState {
        var state = Self.emptyState()
        state.set("best", .doubles(best))
        return state
    }

    public mutating func restoreState(from state: ComponentState) throws {
        let saved = try state.doubles("best", count: best.count)
        guard saved.allSatisfy({ $0 == -.infinity || $0.isFinite }) else {
            throw RestoreError(message: "the saved coverage grid holds a non-finite objective")
        }
        best = saved
        filled = saved.reduce(0) { $0 + ($1 == -.infinity ? 0 : 1) }
    }
}

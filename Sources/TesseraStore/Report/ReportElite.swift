/// One elite of a saved archive, as the report shows it.
public struct ReportElite: Sendable, Equatable {
    /// The flat cell index in the archive (row-major for grids, the centroid index for CVT).
    ///
    /// Unstructured archives ignore it when drawing and place the elite by its descriptor.
    public var cell: Int
    /// The objective; higher is better.
    public var objective: Double
    /// The descriptor, one value per descriptor dimension.
    public var descriptor: [Double]
    /// A short text form of the genome, already shortened by the caller; the report escapes it.
    public var genomePreview: String
    /// The evaluation count at which this elite was found.
    public var evaluation: Int

    /// Creates an elite.
    ///
    /// - Parameters:
    ///   - cell: The flat cell index.
    ///   - objective: The objective; higher is better.
    ///   - descriptor: The descriptor, one value per dimension.
    ///   - genomePreview: A short text form of the genome.
    ///   - evaluation: The evaluation count at which it was found.
    public init(cell: Int, objective: Double, descriptor: [Double], genomePreview: String, evaluation: Int) {
        self.cell = cell
        self.objective = objective
        self.descriptor = descriptor
        self.genomePreview = genomePreview
        self.evaluation = evaluation
    }
}

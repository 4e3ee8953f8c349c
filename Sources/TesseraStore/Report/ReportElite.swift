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
    /// The whole genome when it is a text (a QDAIF poem or story), or `nil`.
    ///
    /// When any elite has one, the report adds a "Texts" section showing each text in
    /// full, escaped, with its line breaks kept.
    public var text: String?
    /// Facts about the elite shown beside its text, as labelled values in this order
    /// (the elite's metadata, e.g. `ReportField(key: "sentiment", value: "0.93")`).
    public var notes: [ReportField]

    /// Creates an elite.
    ///
    /// - Parameters:
    ///   - cell: The flat cell index.
    ///   - objective: The objective; higher is better.
    ///   - descriptor: The descriptor, one value per dimension.
    ///   - genomePreview: A short text form of the genome.
    ///   - evaluation: The evaluation count at which it was found.
    ///   - text: The whole genome when it is a text, or `nil`.
    ///   - notes: Labelled facts shown beside the text, in display order.
    public init(cell: Int, objective: Double, descriptor: [Double], genomePreview: String, evaluation: Int,
                text: String? = nil, notes: [ReportField] = []) {
        self.cell = cell
        self.objective = objective
        self.descriptor = descriptor
        self.genomePreview = genomePreview
        self.evaluation = evaluation
        self.text = text
        self.notes = notes
    }
}

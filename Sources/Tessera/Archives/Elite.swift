/// One stored elite: the best genome found for its cell.
public struct Elite<Genome: Sendable>: Sendable {
    /// The flat cell index.
    public var cell: Int
    /// The genome.
    public var genome: Genome
    /// Its objective.
    public var objective: Double
    /// Its descriptor.
    public var descriptor: [Double]
    /// Metadata the domain reported, if any.
    public var metadata: Metadata?
    /// The number of evaluations performed in the run before this elite's batch, plus its
    /// row: the evaluation at which it entered the archive.
    public var evaluation: Int
}

extension Elite: Equatable where Genome: Equatable {}

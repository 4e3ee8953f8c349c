import Tessera

/// One elite as stored in a file.
public struct SavedElite<Genome: Sendable>: Sendable {
    /// The flat cell index (for grids, pyribs' row-major index).
    public var cell: Int
    /// The elite's position in the archive's insertion order.
    public var position: Int
    /// Its objective.
    public var objective: Double
    /// Its cell's acceptance threshold.
    public var threshold: Double
    /// The evaluation at which it entered.
    public var evaluation: Int
    /// Its descriptor.
    public var descriptor: [Double]
    /// Its genome.
    public var genome: Genome
    /// Its metadata.
    public var metadata: Metadata?
}

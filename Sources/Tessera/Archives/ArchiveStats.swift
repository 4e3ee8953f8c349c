/// Summary figures of an archive, summed over its elites in insertion order.
public struct ArchiveStats: Codable, Hashable, Sendable {
    /// The number of elites.
    public var numElites: Int
    /// Elites / cells.
    public var coverage: Double
    /// Σ (objective − qdScoreOffset) over elites (pyribs' sign convention).
    public var qdScore: Double
    /// QD score / cells.
    public var normQDScore: Double
    /// The best objective, or `nil` when empty.
    public var objMax: Double?
    /// The mean objective, or `nil` when empty.
    public var objMean: Double?

    /// Creates figures (archives compute them; files restore them).
    public init(numElites: Int, coverage: Double, qdScore: Double, normQDScore: Double, objMax: Double?, objMean: Double?) {
        self.numElites = numElites
        self.coverage = coverage
        self.qdScore = qdScore
        self.normQDScore = normQDScore
        self.objMax = objMax
        self.objMean = objMean
    }
}

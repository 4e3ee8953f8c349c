/// A growing set of elites without cells: each admitted row gets a slot of its own, as in
/// Novelty Search's archive (Lehman & Stanley 2011) and the unstructured archives of
/// AURORA (Grillotti & Cully 2022).
///
/// Slots are the cells of the ``EliteStore``: an admitted row takes the lowest free slot,
/// so slots freed by removal are reused, and the store grows (doubling, up to
/// ``capacity``) when none is free. Which slot an elite gets depends only on which slots
/// are occupied, so a restored archive places new elites exactly as the original would.
///
/// Insertion follows ``admission`` on each row's score (the objective, or a score the
/// caller supplies), or the caller's own per-row decisions. With a ``capacity``, a batch
/// that would overfill the archive evicts by ``eviction``; see
/// ``add(_:_:scores:firstEvaluation:)`` for the full rule. Each elite's score is kept as
/// its store threshold (``score(at:)``).
///
/// Figures: coverage is elites / capacity (1 for a non-empty archive without capacity) and
/// the normalised QD score divides by the capacity (by the number of elites without one).
public struct UnstructuredArchive<Genome: Tessera.Genome>: Archive {
    public let descriptorSpace: Box
    public let qdScoreOffset: Double
    /// The most elites the archive holds, or `nil` for no limit.
    public let capacity: Int?
    /// Which elites go when a batch would overfill the archive.
    public let eviction: Eviction
    /// Which rows enter; change it with ``setAdmission(_:)``.
    public private(set) var admission: Admission
    public var store: EliteStore<Genome.Column>

    /// Slots allocated before the first growth.
    static var initialSlots: Int { 64 }

    /// Creates an empty archive.
    ///
    /// - Parameters:
    ///   - descriptorSpace: The nominal range of the descriptors (its dimension is the
    ///     descriptors'; descriptors outside it are stored as they are).
    ///   - genomeLayout: The shape of the genomes: a dimension of at least 1 for real vectors.
    ///   - capacity: The most elites held, at least 1; `nil` for no limit.
    ///   - eviction: Which elites go when full; oldest first by default.
    ///   - admission: Which rows enter; every row by default.
    ///   - qdScoreOffset: Subtracted from each objective in the QD score.
    /// - Throws: ``ArchiveError/invalidShape(_:)`` for a capacity below 1 or a genome layout
    ///   that cannot shape a column; ``ArchiveError/invalidAcceptance(_:)`` for a
    ///   non-finite admission threshold.
    public init(descriptorSpace: Box, genomeLayout: Genome.Column.Layout, capacity: Int? = nil,
                eviction: Eviction = .oldestFirst, admission: Admission = .everyRow, qdScoreOffset: Double = 0) throws {
        try Self.check(capacity: capacity, admission: admission, genomeLayout: genomeLayout)
        self.descriptorSpace = descriptorSpace
        self.qdScoreOffset = qdScoreOffset
        self.capacity = capacity
        self.eviction = eviction
        self.admission = admission
        store = EliteStore(cellCount: min(capacity ?? Self.initialSlots, Self.initialSlots),
                           descriptorDimension: descriptorSpace.dimension, genomeLayout: genomeLayout)
    }

    private static func check(capacity: Int?, admission: Admission, genomeLayout: Genome.Column.Layout) throws(ArchiveError) {
        if let capacity, capacity < 1 || capacity > Int(Int32.max) {
            throw ArchiveError.invalidShape("the capacity must be in 1...\(Int32.max) (got \(capacity))")
        }
        if let problem = Genome.Column.layoutProblem(genomeLayout) { throw ArchiveError.invalidShape(problem) }
        if let problem = admission.problem { throw ArchiveError.invalidAcceptance(problem) }
    }

    /// Replaces the admission rule (Novelty Search adapts its threshold as it goes).
    ///
    /// - Throws: ``ArchiveError/invalidAcceptance(_:)`` for a non-finite threshold.
    public mutating func setAdmission(_ admission: Admission) throws(ArchiveError) {
        if let problem = admission.problem { throw ArchiveError.invalidAcceptance(problem) }
        self.admission = admission
    }

    /// The score the elite of `slot` entered with, or `nil` when the slot is empty.
    public func score(at slot: Int) -> Double? {
        store.occupied[slot] ? store.thresholds[slot] : nil
    }

    private enum CodingKeys: String, CodingKey { case descriptorSpace, qdScoreOffset, capacity, eviction, admission, store }

    /// Decodes an archive with its elites, checking it as
    /// ``init(descriptorSpace:genomeLayout:capacity:eviction:admission:qdScoreOffset:)``
    /// does, and that the store fits it: the descriptor dimension, no more slots than the
    /// capacity, elitist acceptance and a finite score per elite.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ArchiveError``'s message for
    ///   parts that do not fit together; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let descriptorSpace = try c.decode(Box.self, forKey: .descriptorSpace)
        let qdScoreOffset = try c.decode(Double.self, forKey: .qdScoreOffset)
        let capacity = try c.decodeIfPresent(Int.self, forKey: .capacity)
        let eviction = try c.decode(Eviction.self, forKey: .eviction)
        let admission = try c.decode(Admission.self, forKey: .admission)
        let store = try c.decode(EliteStore<Genome.Column>.self, forKey: .store)
        try DecodingError.validating(decoder) { () throws(ArchiveError) in
            try Self.check(capacity: capacity, admission: admission, genomeLayout: store.genomes.layout)
            guard store.descriptorDimension == descriptorSpace.dimension else {
                throw ArchiveError.invalidShape("the elite store has \(store.descriptorDimension)-D descriptors, "
                                                + "the descriptor space \(descriptorSpace.dimension)-D")
            }
            if let capacity, store.cellCount > capacity {
                throw ArchiveError.invalidShape("the elite store has \(store.cellCount) slots, the capacity is \(capacity)")
            }
            guard store.acceptance == .elitist else {
                throw ArchiveError.invalidAcceptance("an unstructured archive's store is elitist")
            }
            guard store.occupiedCells.allSatisfy({ store.thresholds[Int($0)].isFinite }) else {
                throw ArchiveError.invalidShape("an elite's score is not finite")
            }
        }
        self.descriptorSpace = descriptorSpace
        self.qdScoreOffset = qdScoreOffset
        self.capacity = capacity
        self.eviction = eviction
        self.admission = admission
        self.store = store
    }

    /// Summary figures: coverage and the normalised QD score relative to the capacity (or
    /// to the elites, without one).
    ///
    /// - Complexity: O(number of elites).
    public var stats: ArchiveStats {
        let figures = store.stats(qdScoreOffset: qdScoreOffset)
        let n = store.count
        let denominator = Double(capacity ?? max(n, 1))
        return ArchiveStats(numElites: n, coverage: capacity == nil ? (n > 0 ? 1 : 0) : Double(n) / denominator,
                            qdScore: figures.qdScore, normQDScore: figures.qdScore / denominator,
                            objMax: figures.objMax, objMean: figures.objMean)
    }

    /// Restores a saved elite into its slot, making room first; the `threshold` is the
    /// elite's score.
    ///
    /// - Throws: ``ArchiveError/invalidShape(_:)`` for a slot outside the capacity (or
    ///   beyond `Int32.max`), an archive already at capacity, an occupied slot, a wrong
    ///   descriptor size or a non-finite value.
    public mutating func restoreElite(cell: Int, objective: Double, threshold: Double, evaluation: Int,
                                      descriptor: [Double], genome: Genome, metadata: Metadata?) throws {
        let limit = capacity ?? Int(Int32.max)
        guard (0..<limit).contains(cell) else { throw ArchiveError.invalidShape("saved slot \(cell) is outside 0..<\(limit)") }
        guard store.count < limit else { throw ArchiveError.invalidShape("more saved elites than the capacity \(limit)") }
        if cell >= store.cellCount { store.growCells(to: max(cell + 1, min(2 * store.cellCount, limit))) }
        try store.restoreElite(cell: cell, objective: objective, threshold: threshold, evaluation: evaluation,
                               descriptor: descriptor, genome: genome, metadata: metadata)
    }
}

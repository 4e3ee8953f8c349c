/// A container of elites kept in the slots of an ``EliteStore``.
///
/// Most archives partition the descriptor space into a fixed set of cells and keep one
/// elite per cell (``CellArchive``: ``GridArchive``, ``CVTArchive``); others keep a
/// growing set of elites, each in its own slot (``UnstructuredArchive``). Either way the
/// elites live in an ``EliteStore``, whose slots are called cells, and which does the
/// statistics, lookup by cell, removal and uniform sampling every archive shares.
/// Archives are values: copy one to keep a snapshot.
///
/// Insertion (``add(_:_:firstEvaluation:)``) is a requirement, so an archive decides
/// which rows enter and where; cell archives get pyribs' batch rule by default. The
/// ``Scheduler`` calls it once per iteration on the concrete archive type (generic
/// dispatch, no existential), so an archive's own rule costs nothing per row.
public protocol Archive<Genome>: Codable, Sendable {
    /// What the elites are.
    associatedtype Genome: Tessera.Genome

    /// The descriptor box this archive covers (for unstructured archives, the nominal
    /// range of the descriptors; nothing is clipped to it).
    var descriptorSpace: Box { get }

    /// Subtracted from each objective in the QD score (pyribs' `qd_score_offset`).
    var qdScoreOffset: Double { get }

    /// The elites and thresholds. Its own API (batch insertion, removal, clearing) keeps it
    /// consistent; archives add the rule deciding which rows enter which cell.
    var store: EliteStore<Genome.Column> { get set }

    /// Offers a batch whose genomes are in parts (as workers produce them).
    ///
    /// Cell archives get pyribs' batch rule (``EliteStore/add(cells:genomes:batch:firstEvaluation:)``);
    /// an archive with its own rule implements this method, and every other `add`
    /// overload, the ``Scheduler`` included, goes through it.
    ///
    /// - Parameters:
    ///   - genomes: One genome per row.
    ///   - batch: The rows' evaluations (failed rows are skipped).
    ///   - firstEvaluation: The run's evaluation count before this batch; row r entered
    ///     at `firstEvaluation + r`.
    /// - Returns: Per-row statuses, improvement values and cells.
    /// - Complexity: For cell archives, O(rows × (descriptor + genome size)) plus the
    ///   mapping of descriptors to cells.
    @discardableResult
    mutating func add(_ genomes: BatchColumn<Genome.Column>, _ batch: EvaluationBatch, firstEvaluation: Int) -> AddReport

    /// Summary figures (number of elites, coverage, QD score, best and mean objective).
    ///
    /// The default divides by ``cellCount``; an archive whose slots are not a fixed
    /// partition says what it divides by.
    ///
    /// - Complexity: O(number of elites).
    var stats: ArchiveStats { get }

    /// Places a saved elite directly, as it was: used to restore an archive from a file.
    ///
    /// Call it once per elite, in insertion order (``EliteStore/occupiedCells``, which
    /// uniform sampling depends on), on an empty archive. The default is
    /// ``EliteStore/restoreElite(cell:objective:threshold:evaluation:descriptor:genome:metadata:)``;
    /// archives whose store grows make room first.
    ///
    /// - Throws: ``ArchiveError/invalidShape(_:)`` for a cell the archive cannot hold, an
    ///   occupied cell, a wrong descriptor size or a non-finite value.
    mutating func restoreElite(cell: Int, objective: Double, threshold: Double, evaluation: Int,
                               descriptor: [Double], genome: Genome, metadata: Metadata?) throws
}

extension Archive {
    /// Summary figures over ``cellCount`` cells.
    public var stats: ArchiveStats { store.stats(qdScoreOffset: qdScoreOffset) }

    /// Restores into the store as it is.
    public mutating func restoreElite(cell: Int, objective: Double, threshold: Double, evaluation: Int,
                                      descriptor: [Double], genome: Genome, metadata: Metadata?) throws {
        try store.restoreElite(cell: cell, objective: objective, threshold: threshold, evaluation: evaluation,
                               descriptor: descriptor, genome: genome, metadata: metadata)
    }
}

extension Archive {
    /// The number of cells (for an unstructured archive, the slots allocated so far).
    public var cellCount: Int { store.cellCount }

    /// The number of elites.
    public var count: Int { store.count }

    /// Whether the archive holds no elite.
    public var isEmpty: Bool { store.count == 0 }

    /// Offers a batch of evaluated genomes at evaluation 0; see ``add(_:_:firstEvaluation:)``.
    @discardableResult
    public mutating func add(_ genomes: BatchColumn<Genome.Column>, _ batch: EvaluationBatch) -> AddReport {
        add(genomes, batch, firstEvaluation: 0)
    }

    /// Offers a batch of evaluated genomes held in one column; see ``add(_:_:firstEvaluation:)``.
    ///
    /// - Parameters:
    ///   - genomes: One genome per row.
    ///   - batch: The rows' evaluations (failed rows are skipped).
    ///   - firstEvaluation: The run's evaluation count before this batch.
    /// - Returns: Per-row statuses, improvement values and cells.
    @discardableResult
    public mutating func add(_ genomes: Genome.Column, _ batch: EvaluationBatch, firstEvaluation: Int = 0) -> AddReport {
        add(BatchColumn(genomes), batch, firstEvaluation: firstEvaluation)
    }

    /// Offers single genomes with their evaluations (a convenience over the batch API).
    @discardableResult
    public mutating func add(_ genomes: [Genome], _ evaluations: [Evaluation], firstEvaluation: Int = 0) -> AddReport {
        precondition(genomes.count == evaluations.count && !genomes.isEmpty)
        var column = Genome.Column(layout: store.genomes.layout, count: genomes.count)
        var batch = EvaluationBatch(count: genomes.count, descriptorDimension: descriptorSpace.dimension)
        for (row, (genome, evaluation)) in zip(genomes, evaluations).enumerated() {
            column[row] = genome
            batch.set(row, evaluation)
        }
        batch.markNonFiniteRows()
        return add(BatchColumn(column), batch, firstEvaluation: firstEvaluation)
    }

    /// The elite of `cell`, or `nil` when it is empty.
    public func elite(at cell: Int) -> Elite<Genome>? { store.elite(at: cell) }

    /// Every elite, in cell order.
    public var elites: [Elite<Genome>] {
        (0..<cellCount).compactMap { store.elite(at: $0) }
    }

    /// Every elite, in insertion order (the order of ``EliteStore/occupiedCells``): the
    /// order a file saves them in and re-indexing re-adds them in.
    ///
    /// - Complexity: O(number of elites × (descriptor + genome size)).
    public var elitesInInsertionOrder: [Elite<Genome>] {
        store.occupiedCells.map { store.elite(at: Int($0))! }
    }

    /// The cell of an elite drawn uniformly at random.
    ///
    /// - Precondition: the archive is not empty.
    /// - Complexity: O(1).
    @inlinable
    public func randomEliteCell(using rng: inout some RandomNumberGenerator) -> Int {
        let cells = store.occupiedCells
        return Int(cells[rng.nextIndex(below: cells.count)])
    }

    /// `count` elites drawn uniformly with replacement.
    ///
    /// - Precondition: the archive is not empty.
    public func sampleElites(_ count: Int, using rng: inout some RandomNumberGenerator) -> [Elite<Genome>] {
        (0..<count).map { _ in store.elite(at: randomEliteCell(using: &rng))! }
    }

    /// Removes every elite and resets the thresholds.
    public mutating func clear() { store.clear() }
}

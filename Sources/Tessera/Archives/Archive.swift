/// A container of elites, one per cell of a partition of descriptor space.
///
/// An archive maps descriptors to cells (``cellIndices(of:count:into:)``) and keeps its
/// elites in an ``EliteStore``, which does the batch insertion, statistics and sampling
/// shared by every archive type. Archives are values: copy one to keep a snapshot.
public protocol Archive<Genome>: Codable, Sendable {
    /// What the elites are.
    associatedtype Genome: Tessera.Genome

    /// The descriptor box this archive partitions.
    var descriptorSpace: Box { get }

    /// Subtracted from each objective in the QD score (pyribs' `qd_score_offset`).
    var qdScoreOffset: Double { get }

    /// The elites and thresholds. Its own API (batch insertion, clearing) keeps it
    /// consistent; archives only add the mapping from descriptors to cells.
    var store: EliteStore<Genome.Column> { get set }

    /// Writes the cell of each of `count` descriptors (row-major, one per row).
    ///
    /// - Complexity: O(count × descriptor dimension) for grids; a nearest-centroid query
    ///   per row for CVT archives.
    func cellIndices(of descriptors: UnsafeBufferPointer<Double>, count: Int, into cells: UnsafeMutableBufferPointer<Int>)
}

extension Archive {
    /// The number of cells.
    public var cellCount: Int { store.cellCount }

    /// The number of elites.
    public var count: Int { store.count }

    /// Whether the archive holds no elite.
    public var isEmpty: Bool { store.count == 0 }

    /// The cell of one descriptor.
    ///
    /// - Throws: ``ArchiveError/descriptorDimension(expected:got:)``.
    public func cellIndex(of descriptor: [Double]) throws -> Int {
        guard descriptor.count == descriptorSpace.dimension else {
            throw ArchiveError.descriptorDimension(expected: descriptorSpace.dimension, got: descriptor.count)
        }
        var cell = [0]
        descriptor.withUnsafeBufferPointer { d in
            cell.withUnsafeMutableBufferPointer { cellIndices(of: d, count: 1, into: $0) }
        }
        return cell[0]
    }

    /// Offers a batch of evaluated genomes; see ``EliteStore/add(cells:genomes:batch:firstEvaluation:)``.
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

    /// Offers a batch whose genomes are in parts (as workers produce them); the rules are those
    /// of the single-column `add`.
    @discardableResult
    public mutating func add(_ genomes: BatchColumn<Genome.Column>, _ batch: EvaluationBatch, firstEvaluation: Int = 0) -> AddReport {
        precondition(batch.descriptorDimension == descriptorSpace.dimension, "batch descriptors do not match the archive")
        var cells = [Int](repeating: 0, count: batch.count)
        batch.descriptors.withUnsafeBufferPointer { d in
            cells.withUnsafeMutableBufferPointer { cellIndices(of: d, count: batch.count, into: $0) }
        }
        return store.add(cells: cells, genomes: genomes, batch: batch, firstEvaluation: firstEvaluation)
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
        return add(column, batch, firstEvaluation: firstEvaluation)
    }

    /// Summary figures (number of elites, coverage, QD score, best and mean objective).
    public var stats: ArchiveStats { store.stats(qdScoreOffset: qdScoreOffset) }

    /// The elite of `cell`, or `nil` when it is empty.
    public func elite(at cell: Int) -> Elite<Genome>? { store.elite(at: cell) }

    /// The elite of the cell that `descriptor` falls in, or `nil` when it is empty.
    public func elite(for descriptor: [Double]) throws -> Elite<Genome>? {
        store.elite(at: try cellIndex(of: descriptor))
    }

    /// Every elite, in cell order.
    public var elites: [Elite<Genome>] {
        (0..<cellCount).compactMap { store.elite(at: $0) }
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

/// An archive over a fixed partition of descriptor space: one elite per cell.
///
/// A cell archive only maps descriptors to cells (``cellIndices(of:count:into:)``);
/// insertion defaults to pyribs' batch rule in ``EliteStore/add(cells:genomes:batch:firstEvaluation:)``.
public protocol CellArchive<Genome>: Archive {
    /// Writes the cell of each of `count` descriptors (row-major, one per row).
    ///
    /// - Complexity: O(count × descriptor dimension) for grids; a nearest-centroid query
    ///   per row for CVT archives.
    func cellIndices(of descriptors: UnsafeBufferPointer<Double>, count: Int, into cells: UnsafeMutableBufferPointer<Int>)
}

extension CellArchive {
    /// Maps every descriptor to its cell and applies pyribs' batch rule: status and
    /// improvement value against the archive before the batch, only the best accepted row
    /// per cell is stored, ties go to the earlier row, failed rows are skipped.
    ///
    /// - Complexity: O(rows × (descriptor + genome size)) plus the cell mapping.
    @discardableResult
    public mutating func add(_ genomes: BatchColumn<Genome.Column>, _ batch: EvaluationBatch, firstEvaluation: Int) -> AddReport {
        precondition(batch.descriptorDimension == descriptorSpace.dimension, "batch descriptors do not match the archive")
        return store.add(cells: cells(of: batch), genomes: genomes, batch: batch, firstEvaluation: firstEvaluation)
    }

    /// The cell of every row of `batch`.
    func cells(of batch: EvaluationBatch) -> [Int] {
        var cells = [Int](repeating: 0, count: batch.count)
        batch.descriptors.withUnsafeBufferPointer { d in
            cells.withUnsafeMutableBufferPointer { cellIndices(of: d, count: batch.count, into: $0) }
        }
        return cells
    }

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

    /// The elite of the cell that `descriptor` falls in, or `nil` when it is empty.
    public func elite(for descriptor: [Double]) throws -> Elite<Genome>? {
        store.elite(at: try cellIndex(of: descriptor))
    }

    /// Re-inserts every elite of this archive into `empty` under new descriptors: what
    /// AURORA and TAXONS do after re-learning the descriptor space.
    ///
    /// The elites are offered as one batch in insertion order (``elitesInInsertionOrder``),
    /// row i with descriptor row i of `descriptors`, under pyribs' batch rule with
    /// `empty`'s acceptance: the best elite per new cell is kept, ties go to the elite
    /// inserted earlier, and the survivors enter in the order of their new cells' first
    /// rows. Each kept elite keeps its genome, objective,
    /// metadata and entry evaluation; thresholds are rebuilt by the rule (for elitist
    /// archives, the objectives). A non-finite descriptor drops its elite.
    ///
    /// - Parameters:
    ///   - empty: An empty archive with the new descriptor space (and, for CVT, the new
    ///     centroids); `descriptors` rows must have its dimension.
    ///   - descriptors: The new descriptor of every elite, row-major, `count × empty.descriptorSpace.dimension`,
    ///     in insertion order.
    /// - Returns: The filled archive, and the elites that did not survive, as they were
    ///   stored here (old cell and descriptor), in insertion order.
    /// - Throws: ``ArchiveError/descriptorDimension(expected:got:)`` when `descriptors`
    ///   does not hold one row of the new dimension per elite.
    /// - Precondition: `empty` holds no elite and stores genomes of this archive's layout.
    /// - Complexity: O(elites × (descriptor + genome size)) plus the cell mapping.
    public func reindexed(into empty: Self, descriptors: [Double]) throws -> (archive: Self, dropped: [Elite<Genome>]) {
        precondition(empty.isEmpty, "re-indexing needs an empty archive")
        precondition(empty.store.genomes.layout == store.genomes.layout, "re-indexing keeps the genome layout")
        let k = empty.descriptorSpace.dimension
        let n = count
        guard descriptors.count == n * k else {
            throw ArchiveError.descriptorDimension(expected: k, got: n == 0 ? descriptors.count : descriptors.count / n)
        }
        var archive = empty
        guard n > 0 else { return (archive, []) }
        let (genomes, batch, entries) = store.rowsInInsertionOrder(descriptors: descriptors, dimension: k)
        let stored = archive.store.insert(cells: archive.cells(of: batch), genomes: BatchColumn(genomes), batch: batch,
                                          firstEvaluation: 0, entries: entries).storedRows
        var kept = [Bool](repeating: false, count: n)
        for row in stored { kept[row] = true }
        let order = store.occupiedCells
        let dropped = (0..<n).filter { !kept[$0] }.map { store.elite(at: Int(order[$0]))! }
        return (archive, dropped)
    }
}

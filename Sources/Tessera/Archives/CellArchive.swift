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
}

extension EliteStore {
    /// Places a saved elite directly, as it was: used to restore an archive from a file.
    ///
    /// Call it once per elite, in the order of ``occupiedCells`` (their insertion order,
    /// which uniform sampling depends on), on an empty store.
    /// - Throws: ``ArchiveError/invalidShape(_:)`` for a cell out of range, an occupied
    ///   cell, a wrong descriptor size or a non-finite value.
    public mutating func restoreElite(cell: Int, objective: Double, threshold: Double, evaluation: Int,
                                      descriptor: [Double], genome: Column.Element, metadata: Metadata?) throws {
        guard (0..<cellCount).contains(cell) else { throw ArchiveError.invalidShape("saved cell \(cell) is outside 0..<\(cellCount)") }
        guard !occupied[cell] else { throw ArchiveError.invalidShape("saved cell \(cell) appears twice") }
        guard descriptor.count == descriptorDimension else {
            throw ArchiveError.descriptorDimension(expected: descriptorDimension, got: descriptor.count)
        }
        guard objective.isFinite, threshold.isFinite, descriptor.allSatisfy(\.isFinite) else {
            throw ArchiveError.invalidShape("saved elite of cell \(cell) has a non-finite value")
        }
        var one = Column(layout: genomes.layout, count: 1)
        one[0] = genome
        var batch = EvaluationBatch(count: 1, descriptorDimension: descriptorDimension)
        batch.set(0, Evaluation(objective: objective, descriptor: descriptor, metadata: metadata))
        place(cell: cell, row: 0, genomes: BatchColumn(one), batch: batch, entry: evaluation)
        setThreshold(threshold, of: cell)
    }
}

extension GridArchive {
    /// The same grid (shape, ε, QD offset, acceptance) over a new descriptor box, with
    /// every elite re-inserted under its new descriptor; see ``CellArchive/reindexed(into:descriptors:)``
    /// for the rule.
    ///
    /// - Parameters:
    ///   - descriptorSpace: The new box; it must have the grid's dimension.
    ///   - descriptors: The new descriptor of every elite, row-major, in insertion order
    ///     (``Archive/elitesInInsertionOrder``).
    /// - Returns: The new archive and the elites that did not survive, as they were.
    /// - Throws: ``ArchiveError/invalidShape(_:)`` for a box of another dimension;
    ///   ``ArchiveError/descriptorDimension(expected:got:)`` when `descriptors` does not
    ///   hold one row per elite.
    /// - Complexity: O(cells + elites × (descriptor + genome size)).
    public func reindexed(descriptorSpace: Box, descriptors: [Double]) throws -> (archive: Self, dropped: [Elite<Genome>]) {
        let empty = try GridArchive(shape: shape, descriptorSpace: descriptorSpace, genomeLayout: store.genomes.layout,
                                    qdScoreOffset: qdScoreOffset, acceptance: store.acceptance, epsilon: epsilon)
        return try reindexed(into: empty, descriptors: descriptors)
    }
}

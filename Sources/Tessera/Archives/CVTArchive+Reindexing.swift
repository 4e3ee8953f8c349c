extension CVTArchive {
    /// A CVT archive over new centroids and a new box (QD offset and acceptance kept),
    /// with every elite re-inserted under its new descriptor; see
    /// ``CellArchive/reindexed(into:descriptors:)`` for the rule.
    ///
    /// - Parameters:
    ///   - descriptorSpace: The new box.
    ///   - centroids: The new centroids, row-major, `descriptorSpace.dimension` values each
    ///     (k-means over the new space, or the old centroids when only the map changed).
    ///   - descriptors: The new descriptor of every elite, row-major, in insertion order
    ///     (``Archive/elitesInInsertionOrder``).
    /// - Returns: The new archive and the elites that did not survive, as they were.
    /// - Throws: ``ArchiveError/invalidShape(_:)`` for centroids that cannot work;
    ///   ``ArchiveError/descriptorDimension(expected:got:)`` when `descriptors` does not
    ///   hold one row per elite.
    /// - Complexity: building the nearest-centroid index, plus a query per elite.
    public func reindexed(descriptorSpace: Box, centroids: [Double], descriptors: [Double]) throws
        -> (archive: Self, dropped: [Elite<Genome>]) {
        let empty = try CVTArchive(centroids: centroids, descriptorSpace: descriptorSpace, genomeLayout: store.genomes.layout,
                                   qdScoreOffset: qdScoreOffset, acceptance: store.acceptance)
        return try reindexed(into: empty, descriptors: descriptors)
    }
}

extension UnstructuredArchive {
    /// The same archive (capacity, eviction, admission, QD offset) under a new descriptor
    /// space, with every elite re-inserted under its new descriptor: what AURORA does after
    /// re-training its encoder.
    ///
    /// The elites are offered as one batch in insertion order (``Archive/elitesInInsertionOrder``),
    /// row i with descriptor row i. Without `scores`, every elite is kept with its score;
    /// with `scores` (e.g. novelty recomputed in the new space), each elite is judged by
    /// ``admission`` on its new score, which it keeps. Kept elites keep their genome,
    /// objective, metadata and entry evaluation, and fill slots 0, 1, … in insertion
    /// order (the slots are compacted). An elite whose new descriptor is not finite is
    /// dropped.
    ///
    /// - Parameters:
    ///   - descriptorSpace: The new nominal descriptor range.
    ///   - descriptors: The new descriptor of every elite, row-major,
    ///     `count × descriptorSpace.dimension`, in insertion order.
    ///   - scores: A finite new score per elite, in insertion order, or `nil`.
    /// - Returns: The new archive and the elites that did not survive, as they were
    ///   stored here (old slot and descriptor), in insertion order.
    /// - Throws: ``ArchiveError/descriptorDimension(expected:got:)`` when `descriptors`
    ///   does not hold one row per elite.
    /// - Precondition: `scores`, when given, has one score per elite.
    /// - Complexity: O(elites × (descriptor + genome size)).
    public func reindexed(descriptorSpace: Box, descriptors: [Double], scores: [Double]? = nil) throws
        -> (archive: Self, dropped: [Elite<Genome>]) {
        let k = descriptorSpace.dimension
        let n = count
        guard descriptors.count == n * k else {
            throw ArchiveError.descriptorDimension(expected: k, got: n == 0 ? descriptors.count : descriptors.count / n)
        }
        precondition(scores.map { $0.count == n } ?? true, "one score per elite")
        var archive = try UnstructuredArchive(descriptorSpace: descriptorSpace, genomeLayout: store.genomes.layout,
                                              capacity: capacity, eviction: eviction, admission: admission,
                                              qdScoreOffset: qdScoreOffset)
        guard n > 0 else { return (archive, []) }
        let order = store.occupiedCells
        let (genomes, batch, entries) = store.rowsInInsertionOrder(descriptors: descriptors, dimension: k)
        let stored: [Int]
        if let scores {
            stored = archive.insert(BatchColumn(genomes), batch, scores: scores, decisions: nil, entries: entries,
                                    firstEvaluation: 0).storedRows
        } else {
            let oldScores = order.map { store.thresholds[Int($0)] }
            stored = archive.insert(BatchColumn(genomes), batch, scores: oldScores,
                                    decisions: [Bool](repeating: true, count: n), entries: entries, firstEvaluation: 0).storedRows
        }
        var kept = [Bool](repeating: false, count: n)
        for row in stored { kept[row] = true }
        let dropped = (0..<n).filter { !kept[$0] }.map { store.elite(at: Int(order[$0]))! }
        return (archive, dropped)
    }
}

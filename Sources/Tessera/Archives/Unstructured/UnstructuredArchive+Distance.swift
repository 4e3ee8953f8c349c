extension UnstructuredArchive {
    /// AURORA's container rule (``Admission/distanceAbove(_:)``), row after row.
    ///
    /// For each row that did not fail, with d₁ and d₂ its distances to the nearest and
    /// second-nearest elite (the archive as the earlier rows left it):
    /// - no elite, or d₁ > `distance`: the row takes the lowest free slot (``AddStatus/new``,
    ///   value d₁ − `distance`, or `distance` in an empty archive); at ``capacity`` it is
    ///   refused instead (an AURORA archive's size is held by its distance, not by eviction);
    /// - d₂ ≤ `distance`: refused, the row is in a crowded region (``AddStatus/notAdded``);
    /// - otherwise the row competes with the nearest elite for its slot and replaces it when
    ///   its objective is strictly higher (``AddStatus/improved``, value the objective
    ///   gain); else it is refused with that (non-positive) gain as value.
    ///
    /// Each elite's threshold is its objective. QDax judges a batch against the archive as
    /// it was before the batch and settles rows that compete for one slot by objective; this
    /// rule lets each row see the earlier ones, as the original sferes2 container does
    /// (Docs/Caveats.md).
    /// - Complexity: O(rows × elites × descriptor dimension).
    mutating func insertByDistance(_ genomes: BatchColumn<Genome.Column>, _ batch: EvaluationBatch, distance: Double,
                                   scores: [Double]?, entries: [Int]?, firstEvaluation: Int) -> (report: AddReport, storedRows: [Int]) {
        let rows = batch.count, k = store.descriptorDimension
        var report = AddReport(count: rows)
        var stored: [Int] = []
        // The elites' descriptors, densely packed, and their slots.
        var points: [Double] = []
        var slots: [Int] = []
        points.reserveCapacity((store.count + rows) * k)
        for cell in store.occupiedCells {
            let slot = Int(cell)
            slots.append(slot)
            points.append(contentsOf: store.descriptors[slot * k ..< (slot + 1) * k])
        }
        let limit = capacity ?? Int(Int32.max)
        let squaredLimit = distance * distance
        let anyFailed = !batch.failures.isEmpty
        for row in 0..<rows where !anyFailed || batch.failures[row] == nil {
            let (nearest, first, second) = batch.descriptors.withUnsafeBufferPointer { rowsBuffer in
                points.withUnsafeBufferPointer { elites in
                    Self.twoNearest(UnsafeBufferPointer(rebasing: rowsBuffer[row * k ..< (row + 1) * k]), among: elites, dimension: k)
                }
            }
            let objective = batch.objectives[row]
            let score = scores?[row] ?? objective
            if nearest < 0 || first > squaredLimit {
                guard store.count < limit else {
                    report.statuses[row] = .notAdded
                    continue
                }
                let slot = takeFreeSlots(1)[0]
                store.place(cell: slot, row: row, genomes: genomes, batch: batch, entry: entries?[row] ?? firstEvaluation + row)
                store.setThreshold(score, of: slot)
                slots.append(slot)
                points.append(contentsOf: batch.descriptors[row * k ..< (row + 1) * k])
                report.statuses[row] = .new
                report.values[row] = nearest < 0 ? distance : first.squareRoot() - distance
                report.cells[row] = slot
                stored.append(row)
            } else if second <= squaredLimit {
                report.statuses[row] = .notAdded
            } else {
                let slot = slots[nearest]
                let gain = objective - store.objectives[slot]
                report.values[row] = gain
                guard gain > 0 else {
                    report.statuses[row] = .notAdded
                    continue
                }
                store.place(cell: slot, row: row, genomes: genomes, batch: batch, entry: entries?[row] ?? firstEvaluation + row)
                store.setThreshold(score, of: slot)
                for j in 0..<k { points[nearest * k + j] = batch.descriptors[row * k + j] }
                report.statuses[row] = .improved
                report.cells[row] = slot
                stored.append(row)
            }
        }
        return (report, stored)
    }

    /// The index of the nearest of `points` (−1 when there are none) and the squared
    /// distances to the nearest and second nearest (+∞ when missing); ties go to the lower
    /// index.
    static func twoNearest(_ query: UnsafeBufferPointer<Double>, among points: UnsafeBufferPointer<Double>, dimension k: Int)
        -> (nearest: Int, first: Double, second: Double) {
        var nearest = -1
        var first = Double.infinity, second = Double.infinity
        let n = points.count / k
        for i in 0..<n {
            var sum = 0.0
            for j in 0..<k {
                let d = points[i * k + j] - query[j]
                sum += d * d
            }
            if sum < first {
                second = first
                first = sum
                nearest = i
            } else if sum < second {
                second = sum
            }
        }
        return (nearest, first, second)
    }

    /// The same archive under a new descriptor space with every elite re-inserted, in
    /// insertion order, by the distance rule at `tightened` (AURORA re-adds its elites with
    /// `l·(1 − ε)` after re-training), then with the archive's own distance restored.
    /// Kept elites keep their genome, objective, metadata and entry evaluation.
    ///
    /// - Parameters:
    ///   - descriptorSpace: The new nominal descriptor range.
    ///   - descriptors: The new descriptor of every elite, row-major, in insertion order.
    ///   - tightened: The distance used while re-inserting, finite and positive.
    ///   - distance: The distance the new archive admits by afterwards (its
    ///     ``admission``), finite and positive.
    /// - Returns: The new archive and the elites it dropped, as stored here.
    /// - Throws: ``ArchiveError`` for descriptors of the wrong size or a bad distance.
    public func reindexed(descriptorSpace: Box, descriptors: [Double], tightened: Double, distance: Double) throws
        -> (archive: Self, dropped: [Elite<Genome>]) {
        let k = descriptorSpace.dimension
        let n = count
        guard descriptors.count == n * k else {
            throw ArchiveError.descriptorDimension(expected: k, got: n == 0 ? descriptors.count : descriptors.count / n)
        }
        var archive = try UnstructuredArchive(descriptorSpace: descriptorSpace, genomeLayout: store.genomes.layout,
                                              capacity: capacity, eviction: eviction, admission: .distanceAbove(tightened),
                                              qdScoreOffset: qdScoreOffset)
        try archive.setAdmission(.distanceAbove(distance))
        guard n > 0 else { return (archive, []) }
        let order = store.occupiedCells
        let (genomes, batch, entries) = store.rowsInInsertionOrder(descriptors: descriptors, dimension: k)
        var checked = batch
        checked.markNonFiniteRows()
        let stored = archive.insertByDistance(BatchColumn(genomes), checked, distance: tightened, scores: nil, entries: entries,
                                              firstEvaluation: 0).storedRows
        var kept = [Bool](repeating: false, count: n)
        for row in stored { kept[row] = true }
        // A row that replaced an earlier one in its slot displaced it: only the last
        // occupant of each slot survives.
        var survivors = Set<Int>()
        for cell in archive.store.occupiedCells { survivors.insert(archive.store.entries[Int(cell)]) }
        let dropped = (0..<n).filter { !kept[$0] || !survivors.contains(entries[$0]) }.map { store.elite(at: Int(order[$0]))! }
        return (archive, dropped)
    }
}

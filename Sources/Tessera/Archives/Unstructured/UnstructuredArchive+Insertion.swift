extension UnstructuredArchive {
    /// Offers a batch scored by its objectives, under ``admission``; see
    /// ``add(_:_:scores:firstEvaluation:)`` for the rule.
    ///
    /// - Complexity: O(rows × (descriptor + genome size)) plus, when slots are freed or
    ///   the archive is full, O(slots) (and O(elites × log rows) for lowest-score eviction).
    @discardableResult
    public mutating func add(_ genomes: BatchColumn<Genome.Column>, _ batch: EvaluationBatch, firstEvaluation: Int) -> AddReport {
        insert(genomes, batch, scores: nil, decisions: nil, entries: nil, firstEvaluation: firstEvaluation).report
    }

    /// Offers a batch with a score per row (e.g. novelty), admitted by ``admission``.
    ///
    /// The rule, in order:
    /// 1. Failed rows get ``AddStatus/failed`` and cell −1.
    /// 2. Every other row is judged on its score alone (rows of one batch do not compete):
    ///    admitted rows are ``AddStatus/new``, the others ``AddStatus/notAdded`` with cell −1.
    ///    Its value is score − threshold under ``Admission/scoreAbove(_:)``, the score
    ///    under ``Admission/everyRow``.
    /// 3. With a ``capacity`` that the admitted rows would exceed, the excess is evicted
    ///    from the archive's elites and the admitted rows together, by ``eviction``
    ///    (ages: the elites in insertion order, then the rows in row order). Evicted
    ///    elites leave as by ``EliteStore/remove(cells:)``; evicted rows become
    ///    ``AddStatus/notAdded`` with cell −1.
    /// 4. The remaining rows enter in row order, each into the lowest free slot, at the
    ///    end of the insertion order, with their score as the slot's threshold.
    ///
    /// - Parameters:
    ///   - genomes: One genome per row.
    ///   - batch: The rows' evaluations.
    ///   - scores: One finite score per row.
    ///   - firstEvaluation: The run's evaluation count before this batch.
    /// - Returns: Per-row statuses, values and slots.
    /// - Complexity: as ``add(_:_:firstEvaluation:)``.
    @discardableResult
    public mutating func add(_ genomes: BatchColumn<Genome.Column>, _ batch: EvaluationBatch, scores: [Double],
                             firstEvaluation: Int = 0) -> AddReport {
        insert(genomes, batch, scores: scores, decisions: nil, entries: nil, firstEvaluation: firstEvaluation).report
    }

    /// Offers a batch with the caller's own decision per row, in place of ``admission``;
    /// capacity and slots follow ``add(_:_:scores:firstEvaluation:)``, and each row's value
    /// is its score.
    ///
    /// - Parameters:
    ///   - genomes: One genome per row.
    ///   - batch: The rows' evaluations.
    ///   - decisions: Whether each row enters (failed rows never do).
    ///   - scores: One finite score per row, kept for lowest-score eviction; the
    ///     objectives when `nil`.
    ///   - firstEvaluation: The run's evaluation count before this batch.
    /// - Returns: Per-row statuses, values and slots.
    /// - Complexity: as ``add(_:_:firstEvaluation:)``.
    @discardableResult
    public mutating func add(_ genomes: BatchColumn<Genome.Column>, _ batch: EvaluationBatch, accepting decisions: [Bool],
                             scores: [Double]? = nil, firstEvaluation: Int = 0) -> AddReport {
        insert(genomes, batch, scores: scores, decisions: decisions, entries: nil, firstEvaluation: firstEvaluation).report
    }

    /// The insertion rule; `entries` replaces `firstEvaluation + row` (re-indexing). Also
    /// returns the rows stored, in row order.
    mutating func insert(_ genomes: BatchColumn<Genome.Column>, _ batch: EvaluationBatch, scores: [Double]?, decisions: [Bool]?,
                         entries: [Int]?, firstEvaluation: Int) -> (report: AddReport, storedRows: [Int]) {
        let rows = batch.count
        precondition(genomes.count == rows, "genomes and evaluations differ in length")
        precondition(batch.descriptorDimension == store.descriptorDimension, "batch descriptors do not match the archive")
        precondition(scores.map { $0.count == rows } ?? true, "one score per row")
        precondition(decisions.map { $0.count == rows } ?? true, "one decision per row")
        if decisions == nil, case .distanceAbove(let distance) = admission {
            return insertByDistance(genomes, batch, distance: distance, scores: scores, entries: entries,
                                    firstEvaluation: firstEvaluation)
        }
        var report = AddReport(count: rows)
        var admitted: [Int] = []
        let anyFailed = !batch.failures.isEmpty
        for row in 0..<rows where !anyFailed || batch.failures[row] == nil {
            let score = scores?[row] ?? batch.objectives[row]
            precondition(score.isFinite, "row \(row) has a non-finite score \(score)")
            let enters: Bool
            if let decisions {
                enters = decisions[row]
                report.values[row] = score
            } else {
                switch admission {
                case .everyRow:
                    enters = true
                    report.values[row] = score
                case .scoreAbove(let threshold):
                    enters = score > threshold
                    report.values[row] = score - threshold
                case .distanceAbove:
                    preconditionFailure("distance admission is handled by insertByDistance")
                }
            }
            report.statuses[row] = enters ? .new : .notAdded
            if enters { admitted.append(row) }
        }
        if let capacity, store.count + admitted.count > capacity {
            let (positions, rowIndices) = victims(store.count + admitted.count - capacity, admitted: admitted) {
                scores?[$0] ?? batch.objectives[$0]
            }
            let order = store.occupiedCells
            store.remove(cells: positions.map { Int(order[$0]) })
            var evicted = [Bool](repeating: false, count: admitted.count)
            for index in rowIndices {
                evicted[index] = true
                report.statuses[admitted[index]] = .notAdded
            }
            admitted = admitted.indices.filter { !evicted[$0] }.map { admitted[$0] }
        }
        let slots = takeFreeSlots(admitted.count)
        for (row, slot) in zip(admitted, slots) {
            store.place(cell: slot, row: row, genomes: genomes, batch: batch, entry: entries?[row] ?? firstEvaluation + row)
            store.setThreshold(scores?[row] ?? batch.objectives[row], of: slot)
            report.cells[row] = slot
        }
        return (report, admitted)
    }

    /// The `excess` candidates to evict: positions among the elites (insertion order) and
    /// indices into `admitted`. Candidate i is elite i for i < count, else admitted row
    /// i − count; a lower i is older.
    private func victims(_ excess: Int, admitted: [Int], score: (Int) -> Double) -> (positions: [Int], rows: [Int]) {
        let n = store.count
        let total = n + admitted.count
        var chosen: [Int]
        switch eviction {
        case .oldestFirst:
            chosen = Array(0..<excess)
        case .lowestScoreFirst:
            let order = store.occupiedCells
            let key = { (i: Int) -> (Double, Int) in (i < n ? store.thresholds[Int(order[i])] : score(admitted[i - n]), i) }
            chosen = Self.smallest(excess, of: total, key: key)
        }
        chosen.sort()
        let split = chosen.firstIndex { $0 >= n } ?? chosen.count
        return (Array(chosen[..<split]), chosen[split...].map { $0 - n })
    }

    /// The `k` indices of `0..<total` with the smallest keys, by a bounded max-heap.
    ///
    /// - Complexity: O(total × log k).
    private static func smallest(_ k: Int, of total: Int, key: (Int) -> (Double, Int)) -> [Int] {
        var heap: [Int] = []
        heap.reserveCapacity(k)
        func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1, right = left + 1
                var largest = parent
                if left < heap.count && key(heap[left]) > key(heap[largest]) { largest = left }
                if right < heap.count && key(heap[right]) > key(heap[largest]) { largest = right }
                if largest == parent { return }
                heap.swapAt(parent, largest)
                parent = largest
            }
        }
        for i in 0..<total {
            if heap.count < k {
                heap.append(i)
                var child = heap.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard key(heap[child]) > key(heap[parent]) else { break }
                    heap.swapAt(child, parent)
                    child = parent
                }
            } else if key(i) < key(heap[0]) {
                heap[0] = i
                siftDown(0)
            }
        }
        return heap
    }

    /// The `count` lowest free slots, growing the store when too few are free.
    mutating func takeFreeSlots(_ count: Int) -> [Int] {
        var slots: [Int] = []
        guard count > 0 else { return slots }
        slots.reserveCapacity(count)
        if store.count < store.cellCount {
            var slot = 0
            while slots.count < count && slot < store.cellCount {
                if !store.occupied[slot] { slots.append(slot) }
                slot += 1
            }
        }
        if slots.count < count {
            let old = store.cellCount
            let needed = old + count - slots.count
            let target = min(max(needed, 2 * old), capacity ?? Int(Int32.max))
            precondition(target >= needed, "an unstructured archive cannot hold more than \(Int32.max) elites")
            store.growCells(to: target)
            slots.append(contentsOf: old ..< needed)
        }
        return slots
    }
}

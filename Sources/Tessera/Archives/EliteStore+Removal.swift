extension EliteStore {
    /// Removes the elites of `cells`, leaving those cells empty.
    ///
    /// The remaining elites keep their relative insertion order (``occupiedCells`` closes
    /// the gaps), so uniform sampling stays uniform over them and an elite's position
    /// becomes the number of older survivors. A removed cell's threshold returns to the
    /// acceptance's `thresholdMin`, as if it had never been filled: under CMA-MAE soft
    /// thresholds the cell's history is forgotten.
    ///
    /// - Parameter cells: Occupied cells, each at most once, in any order.
    /// - Returns: The removed elites, in their insertion order.
    /// - Precondition: every cell is in range and occupied, none repeats.
    /// - Complexity: O(number of elites + removed × (descriptor + genome size)).
    @discardableResult
    public mutating func remove(cells: some Sequence<Int>) -> [Elite<Column.Element>] {
        var removedAny = false
        for cell in cells {
            precondition((0..<cellCount).contains(cell) && occupied[cell], "cell \(cell) holds no elite to remove")
            occupied[cell] = false
            removedAny = true
        }
        guard removedAny else { return [] }
        var removed: [Elite<Column.Element>] = []
        let blank = Column(layout: genomes.layout, count: 1)
        var kept = 0
        for position in occupiedCells.indices {
            let cell = Int(occupiedCells[position])
            if occupied[cell] {
                occupiedCells[kept] = occupiedCells[position]
                kept += 1
            } else {
                removed.append(storedElite(at: cell))
                clearSlot(cell, blank: blank)
            }
        }
        occupiedCells.removeLast(occupiedCells.count - kept)
        return removed
    }

    /// Resets what an empty cell holds, so a store's columns depend on its elites only.
    private mutating func clearSlot(_ cell: Int, blank: Column) {
        objectives[cell] = 0
        thresholds[cell] = 0
        entries[cell] = 0
        let k = descriptorDimension
        for j in 0..<k { descriptors[cell * k + j] = 0 }
        if metadata != nil { metadata![cell] = nil }
        genomes.copyRow(cell, from: blank, row: 0)
    }

    /// Adds empty cells at the end, up to `newCount` cells (unstructured archives' slots).
    ///
    /// - Complexity: O(newCount × (descriptor + genome size)).
    mutating func growCells(to newCount: Int) {
        guard newCount > cellCount else { return }
        let added = newCount - cellCount
        occupied.append(contentsOf: repeatElement(false, count: added))
        objectives.append(contentsOf: repeatElement(0, count: added))
        thresholds.append(contentsOf: repeatElement(0, count: added))
        entries.append(contentsOf: repeatElement(0, count: added))
        descriptors.append(contentsOf: repeatElement(0, count: added * descriptorDimension))
        if metadata != nil { metadata!.append(contentsOf: repeatElement(nil, count: added)) }
        var grown = Column(layout: genomes.layout, count: newCount)
        grown.replaceRows(at: 0, with: genomes)
        genomes = grown
        occupiedCells.reserveCapacity(newCount)
        resetScratch(count: newCount)
        cellCount = newCount
    }

    /// The elites as a batch in insertion order, with `descriptors` (row-major,
    /// `dimension` each) in place of their own; and their entry evaluations.
    func rowsInInsertionOrder(descriptors newDescriptors: [Double], dimension: Int) -> (Column, EvaluationBatch, [Int]) {
        let n = count
        var column = Column(layout: genomes.layout, count: n)
        var batch = EvaluationBatch(count: n, descriptorDimension: dimension)
        var rowEntries = [Int](repeating: 0, count: n)
        for (row, cell32) in occupiedCells.enumerated() {
            let cell = Int(cell32)
            column.copyRow(row, from: genomes, row: cell)
            batch.objectives[row] = objectives[cell]
            rowEntries[row] = entries[cell]
            if let stored = metadata?[cell] {
                if batch.metadata == nil { batch.metadata = [Metadata?](repeating: nil, count: n) }
                batch.metadata![row] = stored
            }
        }
        batch.descriptors = newDescriptors
        batch.markNonFiniteRows()
        return (column, batch, rowEntries)
    }
}

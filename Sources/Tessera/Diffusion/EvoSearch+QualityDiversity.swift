extension EvoSearch {
    /// EvoSearch with an archive (`evosearch-qd`, beyond the paper): plain EvoSearch's
    /// tournaments over the whole pool collapse the population onto one region; this variant
    /// keeps the best output of every cell of a descriptor (on the built-in model, the mode:
    /// 8 cells) and returns them all, at the same schedule and NFE.
    ///
    /// Each generation, the best state of every cell in the pool goes on unmutated (at most
    /// half the population, best first); every other slot draws a cell uniformly among those
    /// in the pool, then holds the tournament of ``run(seed:)`` among that cell's states.
    ///
    /// - Parameter cell: The cell of an output, in `0 ..< cellCount`.
    public func runQualityDiversity(seed: UInt64, cell: @escaping @Sendable (UnsafeBufferPointer<Double>) -> Int) -> Result {
        search(seed: seed, cell: cell) { pool, population, selection in
            var byCell = [Int: [Int]]()
            for index in pool.indices { byCell[pool[index].cell, default: []].append(index) }
            let cells = byCell.keys.sorted()
            let best = cells.map { cell in byCell[cell]!.max { pool[$0].reward < pool[$1].reward || (pool[$0].reward == pool[$1].reward && $0 > $1) }! }
            let elites = Array(best.sorted { pool[$0].reward > pool[$1].reward || (pool[$0].reward == pool[$1].reward && $0 < $1) }
                .prefix(population / 2))
            var parents = elites
            while parents.count < population {
                let chosen = cells[Int(selection.next() % UInt64(cells.count))]
                parents.append(tournament(byCell[chosen]!, pool, using: &selection))
            }
            return (parents, elites.count)
        }
    }
}

extension EvoSearch {
    /// A generation's parents from `pool`: indices into it, and how many of the first are
    /// elites (rolled out unmutated).
    ///
    /// - `evosearch`: the elites by a stable sort on reward, then tournaments over the whole pool.
    /// - `evosearch-qd`: the best state of every cell goes on unmutated (at most half the
    ///   population, best first); every other slot draws a cell uniformly among those in the
    ///   pool, then holds the tournament among that cell's states.
    func choose(from pool: LatentPool<Scalar>, population: Int, using selection: inout Xoshiro256) -> (parents: [Int], elites: Int) {
        let rewards = pool.rewards
        func better(_ a: Int, _ b: Int) -> Bool { rewards[a] > rewards[b] || (rewards[a] == rewards[b] && a < b) }
        var parents: [Int]
        switch algorithm {
        case .qualityDiversity:
            var byCell = [Int: [Int]]()
            for index in 0..<pool.count { byCell[pool.cells[index], default: []].append(index) }
            let cells = byCell.keys.sorted()
            let best = cells.map { byCell[$0]!.min(by: better)! }
            parents = Array(best.sorted(by: better).prefix(population / 2))
            let elites = parents.count
            while parents.count < population {
                let chosen = cells[Int(selection.next() % UInt64(cells.count))]
                parents.append(tournament(byCell[chosen]!, rewards, using: &selection))
            }
            return (parents, elites)
        case .evoSearch, .bestOfN:
            parents = Array((0..<pool.count).sorted(by: better).prefix(schedule.eliteCount))
            let elites = parents.count
            let everyone = Array(0..<pool.count)
            while parents.count < population { parents.append(tournament(everyone, rewards, using: &selection)) }
            return (parents, elites)
        }
    }

    /// The argmax of reward over the first ⌊fraction · n⌋ (at least one) of a random
    /// permutation of `entrants`.
    func tournament(_ entrants: [Int], _ rewards: [Double], using selection: inout Xoshiro256) -> Int {
        var order = entrants
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(selection.next() % UInt64(i + 1))) }
        let drawn = order.prefix(max(1, Int(schedule.tournamentFraction * Double(order.count))))
        return drawn.max { rewards[$0] < rewards[$1] || (rewards[$0] == rewards[$1] && $0 > $1) }!
    }
}

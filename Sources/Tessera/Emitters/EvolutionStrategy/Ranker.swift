/// How an ``EvolutionStrategyEmitter`` orders its rows before the strategy learns from
/// them (pyribs' rankers, `ribs/emitters/rankers.py`; CMA-ME, Fontaine et al. 2020,
/// arXiv 1912.02400; CMA-MAE, Fontaine & Nikolaidis 2023, arXiv 2205.10752).
///
/// Every ranker sorts best first. A two-stage ranker sorts by the archive's verdict first
/// (a new cell, then an improved one, then not added) and by its value second. Failed rows
/// (no objective) always come last, in row order.
public enum Ranker: String, Codable, Hashable, Sendable, CaseIterable {
    /// By objective (`obj`): the optimising emitter of CMA-ME; CMA-ES on the objective.
    case objective = "obj"
    /// By status, then objective (`2obj`).
    case twoStageObjective = "2obj"
    /// By improvement over the cell's threshold (`imp`): CMA-MAE's ranker. With elitist
    /// thresholds a new cell's value is its objective, on another scale than the others',
    /// so pyribs warns against it for CMA-ME.
    case improvement = "imp"
    /// By status, then improvement (`2imp`): CMA-ME's improvement emitter.
    case twoStageImprovement = "2imp"
    /// By the projection of the descriptor onto a random direction of the descriptor
    /// space (`rd`), drawn afresh at every restart.
    case randomDirection = "rd"
    /// By status, then projection onto the random direction (`2rd`): CMA-ME's random
    /// direction emitter.
    case twoStageRandomDirection = "2rd"

    /// Whether the ranker projects descriptors onto a random direction.
    public var usesDirection: Bool { self == .randomDirection || self == .twoStageRandomDirection }

    /// Whether the archive's verdict is the first sort key.
    public var isTwoStage: Bool { self == .twoStageObjective || self == .twoStageImprovement || self == .twoStageRandomDirection }

    /// The order of an emitter's rows, best first, with the key each was sorted by.
    public struct Ranking: Hashable, Sendable {
        /// Local row indices (0 for the emitter's first row), best first.
        public var order: [Int]
        /// The rows that did not fail (they lead `order`).
        public var valid: Int
        /// Each row's sort key: (stage, value); the stage is the status for two-stage
        /// rankers and 0 otherwise. Indexed by local row.
        public var keys: [Key]

        /// A row's sort key.
        public struct Key: Hashable, Sendable {
            /// The first key (a status, or 0).
            public var stage: Double
            /// The second key.
            public var value: Double
        }

        /// pyribs' flat-fitness test for a restart: the keys of the best and the worst
        /// valid row are closer than 10⁻¹² (only with at least two valid rows).
        public var isFlat: Bool {
            guard valid >= 2 else { return false }
            let (a, b) = (keys[order[0]], keys[order[valid - 1]])
            let (ds, dv) = (a.stage - b.stage, a.value - b.value)
            return (ds * ds + dv * dv).squareRoot() < 1e-12
        }
    }

    /// Ranks `count` rows.
    ///
    /// Ties keep pyribs' order: it reverses an ascending stable sort, so of two equal rows
    /// the later one ranks first.
    ///
    /// - Parameters:
    ///   - statuses: The archive's verdict on each row (``AddStatus/failed`` for failures).
    ///   - values: The archive's improvement value of each row (``AddReport/values``).
    ///   - objectives: Each row's objective.
    ///   - descriptors: Row-major descriptors, `direction.count` per row (random-direction
    ///     rankers only).
    ///   - direction: The random direction (random-direction rankers only).
    public func rank(count: Int, statuses: (Int) -> AddStatus, values: (Int) -> Double, objectives: (Int) -> Double,
                     descriptors: (Int) -> ArraySlice<Double>, direction: [Double]?) -> Ranking {
        var keys = [Ranking.Key](repeating: Ranking.Key(stage: 0, value: 0), count: count)
        var valid: [Int] = [], failed: [Int] = []
        for row in 0..<count {
            let status = statuses(row)
            guard status != .failed else { failed.append(row); continue }
            valid.append(row)
            let value: Double
            switch self {
            case .objective, .twoStageObjective: value = objectives(row)
            case .improvement, .twoStageImprovement: value = values(row)
            case .randomDirection, .twoStageRandomDirection:
                let d = descriptors(row), u = direction ?? []
                value = zip(d, u).reduce(0) { $0 + $1.0 * $1.1 }
            }
            keys[row] = Ranking.Key(stage: isTwoStage ? Double(status.rawValue) : 0, value: value)
        }
        valid.sort { a, b in
            let (x, y) = (keys[a], keys[b])
            if x.stage != y.stage { return x.stage > y.stage }
            if x.value != y.value { return x.value > y.value }
            return a > b
        }
        return Ranking(order: valid + failed, valid: valid.count, keys: keys)
    }
}

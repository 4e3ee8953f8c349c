/// Chooses MAP-Elites parents by novelty: a tournament on each elite's novelty among the
/// archive's elites (mean distance to its k nearest other elites in descriptor space).
///
/// The novelty of every elite is computed in ``tell(parents:report:rows:archive:)``,
/// once per iteration and only when the archive changed (a row was added, or the number
/// of elites or cells differs from the last computation), and kept per cell in
/// ``scores`` for the next iteration's selections. Until the first computation every
/// elite scores 0, so the tournament picks uniformly. The scores are the only state: they
/// are saved with the emitter so a resumed run selects exactly as an uninterrupted one.
public struct NoveltySelection: Selection, Hashable {
    /// Contestants per tournament (2 by default).
    public var size: Int
    /// Neighbours per elite (15 by default).
    public var neighbours: Int
    /// The distance between descriptors.
    public var distance: BehaviourDistance
    /// Novelty per cell (0 where empty); empty before the first computation.
    public private(set) var scores: [Double]
    /// The number of elites when ``scores`` were computed.
    public private(set) var scoredElites: Int

    /// Creates the selection.
    ///
    /// - Parameters:
    ///   - size: Contestants per tournament, at least 1.
    ///   - neighbours: k, at least 1.
    ///   - distance: The distance between descriptors.
    /// - Throws: ``ParameterError`` for a size or k below 1.
    public init(size: Int = 2, neighbours: Int = 15, distance: BehaviourDistance = .euclidean) throws(ParameterError) {
        try ParameterError.requirePositive(size, Self.self, "size")
        try ParameterError.requirePositive(neighbours, Self.self, "neighbours")
        self.size = size
        self.neighbours = neighbours
        self.distance = distance
        self.scores = []
        self.scoredElites = 0
    }

    private enum CodingKeys: String, CodingKey { case size, neighbours, distance, scores, scoredElites }

    /// Decodes the selection and its scores, checking them as the initialiser does and
    /// that no score is NaN or negative.
    ///
    /// - Throws: `DecodingError.dataCorrupted` for a refused value; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let size = try c.decode(Int.self, forKey: .size)
        let k = try c.decode(Int.self, forKey: .neighbours)
        let distance = try c.decode(BehaviourDistance.self, forKey: .distance)
        let scores = try c.decode([Double].self, forKey: .scores)
        let scoredElites = try c.decode(Int.self, forKey: .scoredElites)
        self = try DecodingError.validating(decoder) { () throws(ParameterError) in
            var selection = try Self(size: size, neighbours: k, distance: distance)
            try ParameterError.require(scores.allSatisfy { $0 >= 0 }, Self.self, "scores", "must not hold NaN or negative values")
            try ParameterError.require(scoredElites >= 0, Self.self, "scoredElites", "must be at least 0 (got \(scoredElites))")
            selection.scores = scores
            selection.scoredElites = scoredElites
            return selection
        }
    }

    /// The novelty of `cell` as last computed (0 before any).
    public func score(of cell: Int) -> Double { cell < scores.count ? scores[cell] : 0 }

    /// A tournament of ``size`` elites drawn uniformly, won by the highest novelty (the
    /// first drawn wins ties).
    public func select(from elites: EliteView, using rng: inout Xoshiro256) -> Int {
        elites.tournamentWinner(size: size, using: &rng) { score(of: $0) }
    }

    /// Recomputes every elite's novelty when the archive changed in this iteration (a row
    /// was added, or the numbers of elites or cells differ from the last computation).
    public mutating func tell<A: Archive>(parents: ArraySlice<Int32>, report: AddReport, rows: Range<Int>, archive: A) {
        let store = archive.store
        guard report.statuses.contains(where: \.isAdded) || scores.count != store.cellCount || scoredElites != store.count else {
            return
        }
        scores = Self.novelty(of: archive, neighbours: neighbours, distance: distance)
        scoredElites = store.count
    }

    /// The novelty of every elite of `archive` among the others, per cell (0 where empty;
    /// `.infinity` for a lone elite).
    ///
    /// - Complexity: One k-nearest-neighbour search per elite among the elites.
    public static func novelty<A: Archive>(of archive: A, neighbours k: Int, distance: BehaviourDistance) -> [Double] {
        let store = archive.store
        let d = store.descriptorDimension
        var scores = [Double](repeating: 0, count: store.cellCount)
        let cells = store.occupiedCells.map(Int.init)
        guard !cells.isEmpty else { return scores }
        var points: [Double] = []
        points.reserveCapacity(cells.count * d)
        for cell in cells { points.append(contentsOf: store.descriptors[(cell * d)..<((cell + 1) * d)]) }
        var index = NearestNeighbours(dimension: d, distance: distance)
        index.append(contentsOf: points)
        let neighbourhood = Neighbourhood(queries: points, among: index, k: k, selfIndices: Array(cells.indices))
        for (position, cell) in cells.enumerated() { scores[cell] = neighbourhood.novelty[position] }
        return scores
    }
}

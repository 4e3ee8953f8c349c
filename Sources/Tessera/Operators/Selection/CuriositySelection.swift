/// Prefers elites whose children tend to enter the archive (the "curiosity" score of
/// Cully & Demiris 2018, as in sferes2's QD framework).
///
/// Every elite starts at 0; when a child of it enters the archive its score rises by
/// ``reward``, otherwise it falls by ``penalty``. Parents are drawn by a tournament of
/// ``size`` on the score (the first drawn wins ties). A cell that receives a new elite
/// starts again at 0; cells an archive adds as it grows start at 0, and the other
/// cells keep their scores.
public struct CuriositySelection: Selection, Hashable {
    /// The number of contestants (2 by default).
    public var size: Int
    /// Added when a child enters the archive (1 by default).
    public var reward: Double
    /// Subtracted when a child does not (0.5 by default).
    public var penalty: Double
    /// Score per cell; empty until the first batch is told.
    public private(set) var scores: [Double]

    /// Creates the selection.
    ///
    /// - Parameters:
    ///   - size: The number of contestants, at least 1.
    ///   - reward: Added to a parent's score when its child enters the archive; finite.
    ///   - penalty: Subtracted when it does not; finite.
    /// - Throws: ``ParameterError`` when `size` is below 1 or `reward` or `penalty` is
    ///   not finite.
    public init(size: Int = 2, reward: Double = 1, penalty: Double = 0.5) throws(ParameterError) {
        try ParameterError.requirePositive(size, Self.self, "size")
        try ParameterError.require(reward.isFinite, Self.self, "reward", "must be finite (got \(reward))")
        try ParameterError.require(penalty.isFinite, Self.self, "penalty", "must be finite (got \(penalty))")
        self.size = size
        self.reward = reward
        self.penalty = penalty
        self.scores = []
    }

    /// Decodes the selection and its scores, checking the parameters as
    /// ``init(size:reward:penalty:)`` does and that no score is NaN (a score only grows or
    /// shrinks by finite steps, and is reset to 0).
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ParameterError``'s message
    ///   for a bad parameter or score; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let size = try c.decode(Int.self, forKey: .size)
        let reward = try c.decode(Double.self, forKey: .reward)
        let penalty = try c.decode(Double.self, forKey: .penalty)
        let scores = try c.decode([Double].self, forKey: .scores)
        self = try DecodingError.validating(decoder) { () throws(ParameterError) in
            var selection = try Self(size: size, reward: reward, penalty: penalty)
            try ParameterError.require(!scores.contains(where: \.isNaN), Self.self, "scores", "must not hold NaN")
            selection.scores = scores
            return selection
        }
    }

    /// The curiosity score of `cell` (0 before any feedback).
    public func score(of cell: Int) -> Double { cell < scores.count ? scores[cell] : 0 }

    public func select(from elites: EliteView, using rng: inout Xoshiro256) -> Int {
        elites.tournamentWinner(size: size, using: &rng) { score(of: $0) }
    }

    public mutating func tell<A: Archive>(parents: ArraySlice<Int32>, report: AddReport, rows: Range<Int>, archive: A) {
        // An archive that grows (an unstructured archive's slots) keeps its cells' scores;
        // one of another size (re-indexed into other cells) starts again.
        if scores.count < archive.cellCount {
            scores.append(contentsOf: repeatElement(0, count: archive.cellCount - scores.count))
        } else if scores.count > archive.cellCount {
            scores = [Double](repeating: 0, count: archive.cellCount)
        }
        for row in rows where report.statuses[row] != .failed {
            let parent = Int(parents[row])
            guard parent >= 0 else { continue }
            scores[parent] += report.statuses[row].isAdded ? reward : -penalty
        }
        // Children that entered are new elites: they start from zero.
        for row in rows where report.statuses[row].isAdded {
            scores[report.cells[row]] = 0
        }
    }
}

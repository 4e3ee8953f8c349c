/// A read-only view of an archive's elites for selection, taken once per batch so
/// per-row selection touches plain arrays only.
public struct EliteView: Sendable {
    /// Occupied cells, densely packed.
    public let occupiedCells: [Int32]
    /// Objective per cell (meaningful where occupied).
    public let objectives: [Double]
    /// The number of cells.
    public let cellCount: Int

    /// Takes a view of `archive`.
    public init<A: Archive>(_ archive: A) {
        let store = archive.store
        occupiedCells = store.occupiedCells
        objectives = store.objectives
        cellCount = store.cellCount
    }

    /// Whether there is no elite.
    public var isEmpty: Bool { occupiedCells.isEmpty }

    /// A cell drawn uniformly among the occupied ones.
    ///
    /// - Precondition: not empty.
    /// - Complexity: O(1).
    @inlinable @inline(__always)
    public func randomCell(using rng: inout some RandomNumberGenerator) -> Int {
        Int(occupiedCells[rng.nextIndex(below: occupiedCells.count)])
    }

    /// A tournament of `size` elites drawn uniformly, won by the highest `score` (the
    /// first drawn wins ties): how score-based selections (curiosity, novelty) pick parents.
    ///
    /// - Precondition: not empty; `size` ≥ 1.
    @inlinable
    public func tournamentWinner(size: Int, using rng: inout some RandomNumberGenerator, score: (Int) -> Double) -> Int {
        var best = randomCell(using: &rng)
        for _ in 1..<max(1, size) {
            let other = randomCell(using: &rng)
            if score(other) > score(best) { best = other }
        }
        return best
    }
}

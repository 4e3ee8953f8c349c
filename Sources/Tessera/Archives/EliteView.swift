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
}

/// Chooses parents among an archive's elites.
///
/// A selection may keep state that learns from the fate of the children it chose
/// (``tell(parents:report:archive:)``), as curiosity does; the default does nothing.
public protocol Selection: Codable, Sendable {
    /// Returns the cell of one parent.
    ///
    /// - Precondition: `elites` is not empty.
    func select(from elites: EliteView, using rng: inout Xoshiro256) -> Int

    /// Learns from one batch: `parents[r]` is the first parent cell of row `r` (−1 when
    /// the row had none), and `report` says what happened to the row.
    mutating func tell<A: Archive>(parents: ArraySlice<Int32>, report: AddReport, rows: Range<Int>, archive: A)
}

extension Selection {
    /// Stateless selections learn nothing.
    public mutating func tell<A: Archive>(parents: ArraySlice<Int32>, report: AddReport, rows: Range<Int>, archive: A) {}
}

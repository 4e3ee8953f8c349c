/// The per-row outcome of one batch insertion.
public struct AddReport: Sendable, Hashable {
    /// One status per row.
    public var statuses: [AddStatus]
    /// One improvement value per row: objective − threshold of the row's cell before the
    /// batch (an empty cell's threshold counts as `thresholdMin`, or 0 when that is −∞).
    /// Negative or zero for rows that were not added; 0 for failed rows.
    public var values: [Double]
    /// The cell of each row, or −1 for failed rows.
    public var cells: [Int]

    /// Creates an empty report for `count` rows.
    public init(count: Int) {
        statuses = [AddStatus](repeating: .failed, count: count)
        values = [Double](repeating: 0, count: count)
        cells = [Int](repeating: -1, count: count)
    }

    /// The number of rows that opened a new cell.
    public var newCount: Int { statuses.reduce(0) { $0 + ($1 == .new ? 1 : 0) } }
    /// The number of rows that improved an occupied cell.
    public var improvedCount: Int { statuses.reduce(0) { $0 + ($1 == .improved ? 1 : 0) } }
}

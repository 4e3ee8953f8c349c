/// What happened to one row of a batch offered to an archive, judged against the archive
/// as it was before the batch (pyribs semantics).
public enum AddStatus: Int8, Codable, Sendable, Comparable {
    /// The row's evaluation failed; it was never offered.
    case failed = -1
    /// The row did not beat its cell's threshold.
    case notAdded = 0
    /// The row beat the threshold of a cell that already held an elite.
    case improved = 1
    /// The row beat the threshold of an empty cell. Two rows that open the same cell in
    /// one batch both get this status, though only the better one is stored.
    case new = 2

    public static func < (a: AddStatus, b: AddStatus) -> Bool { a.rawValue < b.rawValue }

    /// Whether the row beat its threshold (``new`` or ``improved``).
    public var isAdded: Bool { rawValue > 0 }
}

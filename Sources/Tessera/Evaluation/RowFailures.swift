/// The failed rows of a batch, stored sparsely: most batches have none, so creating,
/// joining and scanning them costs nothing per row.
public struct RowFailures: Sendable, Hashable {
    private var byRow: [Int: EvaluationFailure]
    /// The number of rows (failed or not).
    public private(set) var count: Int

    /// No failure in `count` rows.
    public init(count: Int) {
        byRow = [:]
        self.count = count
    }

    /// The failure of `row`, or `nil` when it evaluated cleanly.
    @inlinable
    public subscript(row: Int) -> EvaluationFailure? {
        get { isEmpty ? nil : lookup(row) }
        set {
            precondition(row >= 0 && row < count, "row \(row) out of 0..<\(count)")
            set(newValue, at: row)
        }
    }

    @usableFromInline func lookup(_ row: Int) -> EvaluationFailure? { byRow[row] }
    @usableFromInline mutating func set(_ failure: EvaluationFailure?, at row: Int) { byRow[row] = failure }

    /// Whether no row failed.
    @inlinable public var isEmpty: Bool { failedCount == 0 }

    /// The number of failed rows.
    public var failedCount: Int { byRow.count }

    /// The failed rows in row order, with their failures.
    public var sorted: [(row: Int, failure: EvaluationFailure)] {
        byRow.sorted { $0.key < $1.key }.map { (row: $0.key, failure: $0.value) }
    }

    /// Appends the rows of `other` after this batch's rows.
    public mutating func append(contentsOf other: RowFailures) {
        for (row, failure) in other.byRow { byRow[count + row] = failure }
        count += other.count
    }
}

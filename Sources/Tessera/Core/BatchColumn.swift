/// The genomes of one batch, kept in the contiguous parts the workers produced them in,
/// and read as one column without copying them together.
public struct BatchColumn<Column: GenomeColumn>: Sendable {
    /// The parts, in row order.
    public let parts: [Column]
    /// The first batch row of each part, plus the total count at the end.
    private let starts: [Int]

    /// A batch of one part.
    public init(_ column: Column) { self.init(parts: [column]) }

    /// A batch made of `parts`, in order.
    public init(parts: [Column]) {
        precondition(!parts.isEmpty, "a batch has at least one part")
        self.parts = parts
        var starts = [0]
        for part in parts { starts.append(starts.last! + part.count) }
        self.starts = starts
    }

    /// The number of rows.
    public var count: Int { starts.last! }

    /// The part holding batch row `row` and the row's position in it.
    ///
    /// - Complexity: O(number of parts), which is at most the number of workers.
    @inlinable
    public func locate(_ row: Int) -> (part: Int, row: Int) {
        var part = 0
        while row >= startOfPart(part + 1) { part += 1 }
        return (part, row - startOfPart(part))
    }

    @usableFromInline
    func startOfPart(_ part: Int) -> Int { starts[part] }

    /// The genome in batch row `row`.
    public subscript(row: Int) -> Column.Element {
        let (part, local) = locate(row)
        return parts[part][local]
    }

    /// The rows as one column (a copy, unless there is a single part).
    public func joined() -> Column {
        Column.joined(parts, layout: parts[0].layout)
    }
}

/// A column of genomes stored as values: texts, tensors or any user type.
///
/// Placeholder rows hold `nil` until written; reading one is a programming error.
public struct ObjectColumn<Element: Codable & Sendable>: GenomeColumn {
    /// The rows; `nil` marks a placeholder.
    public var values: [Element?]

    /// Creates `count` placeholder rows.
    public init(layout: Empty = Empty(), count: Int) {
        values = [Element?](repeating: nil, count: count)
    }

    /// Creates a column holding `values` in order.
    public init(_ values: [Element]) { self.values = values }

    public var layout: Empty { Empty() }
    public var count: Int { values.count }

    public subscript(row: Int) -> Element {
        get {
            guard let value = values[row] else { preconditionFailure("row \(row) holds no genome") }
            return value
        }
        set { values[row] = newValue }
    }

    public mutating func copyRow(_ row: Int, from source: ObjectColumn, row sourceRow: Int) {
        values[row] = source.values[sourceRow]
    }


    /// The layout of value columns: rows share nothing.
    public struct Empty: Codable, Sendable, Hashable {
        /// Creates the empty layout.
        public init() {}
    }
}

/// A fixed-length column of genomes: a batch of offspring or the genomes of an archive.
///
/// Rows are addressed by position. A column is created with all rows present and holding
/// a placeholder; writers then fill the rows they own.
public protocol GenomeColumn<Element>: Codable, Sendable {
    /// The genome type stored in each row.
    associatedtype Element: Codable, Sendable
    /// What every row of the column shares (the dimension of a vector genome; nothing for
    /// genomes stored as values).
    associatedtype Layout: Codable, Sendable, Hashable

    /// Creates a column of `count` placeholder rows.
    ///
    /// - Precondition: ``layoutProblem(_:)`` finds no problem with `layout`.
    init(layout: Layout, count: Int)

    /// Why `layout` cannot shape a column (a vector dimension below 1), as the end of an
    /// error message, or `nil` when it can. Archives refuse such a layout with
    /// ``ArchiveError/invalidShape(_:)``. The default accepts every layout.
    static func layoutProblem(_ layout: Layout) -> String?

    /// The shared shape of the rows.
    var layout: Layout { get }

    /// The number of rows.
    var count: Int { get }

    /// The genome in `row`.
    ///
    /// - Complexity: O(size of one genome) for vectors, O(1) for values.
    subscript(row: Int) -> Element { get set }

    /// Overwrites `row` with row `sourceRow` of `source`.
    mutating func copyRow(_ row: Int, from source: Self, row sourceRow: Int)

    /// Overwrites rows `offset ..< offset + other.count` with the rows of `other`.
    mutating func replaceRows(at offset: Int, with other: Self)
}

extension GenomeColumn {
    /// Every layout can shape a column.
    public static func layoutProblem(_ layout: Layout) -> String? { nil }

    /// Copies row by row.
    public mutating func replaceRows(at offset: Int, with other: Self) {
        for row in 0..<other.count { copyRow(offset + row, from: other, row: row) }
    }

    /// Joins columns of the same layout into one, allocating once.
    public static func joined(_ parts: [Self], layout: Layout) -> Self {
        if parts.count == 1 { return parts[0] }
        var out = Self(layout: layout, count: parts.reduce(0) { $0 + $1.count })
        var offset = 0
        for part in parts {
            out.replaceRows(at: offset, with: part)
            offset += part.count
        }
        return out
    }
}

extension GenomeColumn {
    /// A new column holding rows `range` of this one.
    ///
    /// - Complexity: O(size of the rows).
    public func rows(_ range: Range<Int>) -> Self {
        var out = Self(layout: layout, count: range.count)
        for (position, row) in range.enumerated() { out.copyRow(position, from: self, row: row) }
        return out
    }
}

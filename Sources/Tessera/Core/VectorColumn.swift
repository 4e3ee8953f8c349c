/// A column of real vectors of one dimension, stored row-major in a flat `[Double]`.
///
/// Row `r` occupies `storage[r * dimension ..< (r + 1) * dimension]`. Hot loops reach
/// the buffer directly through ``withRow(_:_:)`` and ``withMutableRow(_:_:)``.
public struct VectorColumn: GenomeColumn, Hashable {
    /// The number of reals per row.
    public let dimension: Int
    /// All rows, back to back.
    public var storage: [Double]

    /// A dimension below 1 cannot shape a column.
    public static func layoutProblem(_ dimension: Int) -> String? {
        dimension >= 1 ? nil : "the genome dimension must be at least 1 (got \(dimension))"
    }

    /// Creates `count` rows of zeros.
    public init(layout dimension: Int, count: Int) {
        precondition(dimension > 0 && count >= 0, "VectorColumn needs a positive dimension")
        self.dimension = dimension
        self.storage = [Double](repeating: 0, count: dimension * count)
    }

    /// Wraps rows already laid out back to back.
    ///
    /// - Precondition: `storage.count` is a multiple of `dimension`.
    public init(dimension: Int, storage: [Double]) {
        precondition(dimension > 0 && storage.count % dimension == 0, "storage is not whole rows")
        self.dimension = dimension
        self.storage = storage
    }

    /// Creates a column from separate vectors of equal length.
    public init(rows: [[Double]]) {
        precondition(!rows.isEmpty, "use init(layout:count:) for an empty column")
        let dimension = rows[0].count
        precondition(dimension > 0 && rows.allSatisfy { $0.count == dimension }, "rows differ in length")
        self.dimension = dimension
        self.storage = rows.flatMap { $0 }
    }

    private enum CodingKeys: String, CodingKey { case dimension, storage }

    /// Decodes a column, checking that its storage is whole rows of a positive dimension.
    ///
    /// - Throws: `DecodingError.dataCorrupted` for a dimension below 1 or a partial row;
    ///   any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let dimension = try c.decode(Int.self, forKey: .dimension)
        let storage = try c.decode([Double].self, forKey: .storage)
        if let problem = Self.layoutProblem(dimension) {
            throw DecodingError.dataCorruptedError(forKey: .dimension, in: c, debugDescription: problem)
        }
        guard storage.count % dimension == 0 else {
            throw DecodingError.dataCorruptedError(forKey: .storage, in: c,
                debugDescription: "\(storage.count) values do not make whole rows of \(dimension)")
        }
        self.init(dimension: dimension, storage: storage)
    }

    public var layout: Int { dimension }
    public var count: Int { storage.count / dimension }

    public subscript(row: Int) -> [Double] {
        get { Array(storage[row * dimension ..< (row + 1) * dimension]) }
        set {
            precondition(newValue.count == dimension, "genome has \(newValue.count) values, column expects \(dimension)")
            storage.replaceSubrange(row * dimension ..< (row + 1) * dimension, with: newValue)
        }
    }

    public mutating func copyRow(_ row: Int, from source: VectorColumn, row sourceRow: Int) {
        let d = dimension
        storage.withUnsafeMutableBufferPointer { dst in
            source.storage.withUnsafeBufferPointer { src in
                (dst.baseAddress! + row * d).update(from: src.baseAddress! + sourceRow * d, count: d)
            }
        }
    }

    public mutating func replaceRows(at offset: Int, with other: VectorColumn) {
        precondition(other.dimension == dimension && offset + other.count <= count, "rows out of range")
        storage.withUnsafeMutableBufferPointer { dst in
            other.storage.withUnsafeBufferPointer { src in
                (dst.baseAddress! + offset * dimension).update(from: src.baseAddress!, count: src.count)
            }
        }
    }

    /// Calls `body` with a read-only view of one row.
    @inlinable
    public func withRow<R>(_ row: Int, _ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[row * dimension ..< (row + 1) * dimension]))
        }
    }

    /// Calls `body` with a writable view of one row.
    @inlinable
    public mutating func withMutableRow<R>(_ row: Int, _ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        let d = dimension
        return try storage.withUnsafeMutableBufferPointer { all in
            try body(UnsafeMutableBufferPointer(rebasing: all[row * d ..< (row + 1) * d]))
        }
    }
}

/// A dense, row-major matrix of `Double` values stored in one flat buffer.
///
/// Element `(row, column)` lives at `storage[row * columns + column]`, so the row stride is
/// ``columns``. This is the value type the linear-algebra layer (``SymmetricEigen``,
/// ``SingularValueDecomposition``, ``Cholesky``) takes and returns; hot loops elsewhere in
/// Tessera work on the flat `[Double]` buffers directly.
public struct Matrix: Codable, Sendable, Equatable {
    /// The number of rows.
    public let rows: Int

    /// The number of columns, which is also the row stride of ``storage``.
    public let columns: Int

    /// The elements in row-major order; `storage.count == rows * columns` always holds.
    public private(set) var storage: [Double]

    /// Creates a matrix with every element set to one value.
    ///
    /// - Parameters:
    ///   - rows: The number of rows, at least 0.
    ///   - columns: The number of columns, at least 0.
    ///   - value: The value of every element.
    /// - Complexity: O(`rows` × `columns`).
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "a matrix needs non-negative dimensions")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    /// Creates a matrix over an existing row-major buffer.
    ///
    /// - Parameters:
    ///   - rows: The number of rows, at least 0.
    ///   - columns: The number of columns, at least 0.
    ///   - storage: `rows * columns` elements in row-major order.
    /// - Precondition: `storage.count == rows * columns`.
    /// - Complexity: O(1); the buffer is shared until the matrix is mutated.
    public init(rows: Int, columns: Int, storage: [Double]) {
        precondition(rows >= 0 && columns >= 0, "a matrix needs non-negative dimensions")
        precondition(storage.count == rows * columns,
                     "storage holds \(storage.count) elements, expected \(rows) x \(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// The square identity matrix of order `n`.
    ///
    /// - Parameter n: The order, at least 0.
    /// - Returns: An `n` × `n` matrix with ones on the diagonal and zeros elsewhere.
    /// - Complexity: O(`n`²).
    public static func identity(_ n: Int) -> Matrix {
        var result = Matrix(rows: n, columns: n)
        for i in 0..<n { result.storage[i * n + i] = 1 }
        return result
    }

    /// Reads or writes the element at `(row, column)`.
    ///
    /// - Parameters:
    ///   - row: A row index in `0..<rows`.
    ///   - column: A column index in `0..<columns`.
    /// - Complexity: O(1).
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index out of range")
            return storage[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index out of range")
            storage[row * columns + column] = newValue
        }
    }

    /// Whether the matrix has as many rows as columns.
    public var isSquare: Bool { rows == columns }

    /// Calls `body` with mutable access to the row-major storage.
    ///
    /// - Parameter body: A closure that may change elements (not the buffer's length).
    /// - Returns: Whatever `body` returns.
    /// - Throws: Whatever `body` throws.
    /// - Complexity: O(1) plus the cost of `body`, and O(`rows` × `columns`) when the storage
    ///   is shared and must be copied first.
    public mutating func withUnsafeMutableStorage<Result>(
        _ body: (UnsafeMutableBufferPointer<Double>) throws -> Result
    ) rethrows -> Result {
        try storage.withUnsafeMutableBufferPointer { try body($0) }
    }

    private enum CodingKeys: String, CodingKey {
        case rows, columns, storage
    }

    /// Decodes a matrix and checks that the element count matches its shape.
    ///
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when `storage.count != rows * columns` or a
    ///   dimension is negative, and any error of the decoder.
    /// - Complexity: O(`rows` × `columns`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rows = try container.decode(Int.self, forKey: .rows)
        let columns = try container.decode(Int.self, forKey: .columns)
        let storage = try container.decode([Double].self, forKey: .storage)
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard rows >= 0, columns >= 0, !overflow, storage.count == count else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: container.codingPath,
                debugDescription: "matrix storage holds \(storage.count) elements, expected \(rows) x \(columns)"))
        }
        self.init(rows: rows, columns: columns, storage: storage)
    }
}

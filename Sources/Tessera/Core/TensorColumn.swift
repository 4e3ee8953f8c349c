/// A column of ``FloatTensor`` genomes of one shape, stored row-major in a flat `[Float]`.
///
/// The layout is the shape; the stride of a row is the product of the shape, `size`.
/// Row `r` occupies `storage[r * size ..< (r + 1) * size]`. Hot loops reach the buffer
/// directly through ``withRow(_:_:)`` and ``withMutableRow(_:_:)``.
public struct TensorColumn: GenomeColumn, Hashable {
    /// The shape shared by every row.
    public let shape: [Int]
    /// The number of values per row: the product of ``shape``.
    public let size: Int
    /// All rows, back to back.
    public var storage: [Float]

    /// The largest number of values a tensor may hold (2^31 − 1), so that a row's byte
    /// count fits the 32-bit lengths SQLite and most file formats use.
    public static let maximumElementCount = Int(Int32.max) / MemoryLayout<Float>.size

    /// Why `shape` cannot shape a column (no dimension, a size below 1, more than
    /// ``maximumElementCount`` values), or `nil` when it can.
    public static func layoutProblem(_ shape: [Int]) -> String? {
        guard !shape.isEmpty else { return "a tensor shape needs at least one dimension" }
        guard shape.allSatisfy({ $0 >= 1 }) else { return "every size of a tensor shape must be at least 1 (got \(describe(shape)))" }
        var product = 1
        for size in shape {
            let (next, overflow) = product.multipliedReportingOverflow(by: size)
            guard !overflow, next <= maximumElementCount else {
                return "the tensor shape \(describe(shape)) holds more than \(maximumElementCount) values"
            }
            product = next
        }
        return nil
    }

    /// The product of `shape` (call only on a shape without a ``layoutProblem(_:)``).
    static func elementCount(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// A shape as `128x128`.
    public static func describe(_ shape: [Int]) -> String { shape.map(String.init).joined(separator: "x") }

    /// Creates `count` rows of zeros.
    ///
    /// - Precondition: ``layoutProblem(_:)`` finds no problem with `shape`; `count >= 0`.
    public init(layout shape: [Int], count: Int) {
        precondition(Self.layoutProblem(shape) == nil && count >= 0, "TensorColumn needs a valid shape")
        self.shape = shape
        self.size = Self.elementCount(shape)
        self.storage = [Float](repeating: 0, count: size * count)
    }

    /// Wraps rows already laid out back to back.
    ///
    /// - Precondition: the shape is valid and `storage.count` is a multiple of its size.
    public init(shape: [Int], storage: [Float]) {
        precondition(Self.layoutProblem(shape) == nil, "TensorColumn needs a valid shape")
        let size = Self.elementCount(shape)
        precondition(storage.count % size == 0, "storage is not whole rows")
        self.shape = shape
        self.size = size
        self.storage = storage
    }

    private enum CodingKeys: String, CodingKey { case shape, storage }

    /// Encodes the shape and the storage.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(shape, forKey: .shape)
        try c.encode(storage, forKey: .storage)
    }

    /// Decodes a column, checking that its storage is whole rows of a valid shape.
    ///
    /// - Throws: `DecodingError.dataCorrupted` for a bad shape or a partial row; any error
    ///   of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let shape = try c.decode([Int].self, forKey: .shape)
        let storage = try c.decode([Float].self, forKey: .storage)
        if let problem = Self.layoutProblem(shape) {
            throw DecodingError.dataCorruptedError(forKey: .shape, in: c, debugDescription: problem)
        }
        guard storage.count % Self.elementCount(shape) == 0 else {
            throw DecodingError.dataCorruptedError(forKey: .storage, in: c,
                debugDescription: "\(storage.count) values do not make whole rows of shape \(Self.describe(shape))")
        }
        self.init(shape: shape, storage: storage)
    }

    public var layout: [Int] { shape }
    public var count: Int { storage.count / size }

    /// The tensor in `row`.
    ///
    /// Setting a tensor of another shape is a programming error.
    /// - Complexity: O(``size``).
    public subscript(row: Int) -> FloatTensor {
        get { FloatTensor(unchecked: shape, values: Array(storage[row * size ..< (row + 1) * size])) }
        set {
            precondition(newValue.shape == shape, "tensor has shape \(Self.describe(newValue.shape)), column expects \(Self.describe(shape))")
            storage.replaceSubrange(row * size ..< (row + 1) * size, with: newValue.values)
        }
    }

    public mutating func copyRow(_ row: Int, from source: TensorColumn, row sourceRow: Int) {
        let n = size
        storage.withUnsafeMutableBufferPointer { dst in
            source.storage.withUnsafeBufferPointer { src in
                (dst.baseAddress! + row * n).update(from: src.baseAddress! + sourceRow * n, count: n)
            }
        }
    }

    public mutating func replaceRows(at offset: Int, with other: TensorColumn) {
        precondition(other.shape == shape && offset + other.count <= count, "rows out of range")
        storage.withUnsafeMutableBufferPointer { dst in
            other.storage.withUnsafeBufferPointer { src in
                (dst.baseAddress! + offset * size).update(from: src.baseAddress!, count: src.count)
            }
        }
    }

    /// Calls `body` with a read-only view of one row's values, in row-major order.
    @inlinable
    public func withRow<R>(_ row: Int, _ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[row * size ..< (row + 1) * size]))
        }
    }

    /// Calls `body` with a writable view of one row's values, in row-major order.
    @inlinable
    public mutating func withMutableRow<R>(_ row: Int, _ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        let n = size
        return try storage.withUnsafeMutableBufferPointer { all in
            try body(UnsafeMutableBufferPointer(rebasing: all[row * n ..< (row + 1) * n]))
        }
    }
}

extension Matrix {
    /// The transpose of the matrix.
    ///
    /// - Returns: A `columns` × `rows` matrix `T` with `T[j, i] == self[i, j]`.
    /// - Complexity: O(`rows` × `columns`).
    public func transposed() -> Matrix {
        var result = Matrix(rows: columns, columns: rows)
        storage.withUnsafeBufferPointer { source in
            result.withUnsafeMutableStorage { target in
                for i in 0..<rows {
                    for j in 0..<columns { target[j * rows + i] = source[i * columns + j] }
                }
            }
        }
        return result
    }

    /// The matrix product `op(self) · op(other)`, computed with the BLAS `dgemm` of ``BLAS``.
    ///
    /// - Parameters:
    ///   - other: The right-hand factor.
    ///   - transposeSelf: Whether `op(self)` is the transpose of `self`.
    ///   - transposeOther: Whether `op(other)` is the transpose of `other`.
    /// - Returns: The product, with as many rows as `op(self)` and as many columns as `op(other)`.
    /// - Precondition: the inner dimensions of `op(self)` and `op(other)` agree.
    /// - Complexity: O(m × n × k) for an m × k by k × n product.
    public func multiplied(
        by other: Matrix, transposeSelf: Bool = false, transposeOther: Bool = false
    ) -> Matrix {
        let m = transposeSelf ? columns : rows
        let k = transposeSelf ? rows : columns
        let otherK = transposeOther ? other.columns : other.rows
        let n = transposeOther ? other.rows : other.columns
        precondition(k == otherK, "inner dimensions differ: \(k) and \(otherK)")
        var result = Matrix(rows: m, columns: n)
        if m == 0 || n == 0 { return result }
        storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                result.withUnsafeMutableStorage { c in
                    BLAS.gemm(transposeSelf ? .transposed : .none, transposeOther ? .transposed : .none,
                              m: m, n: n, k: k,
                              a: a, lda: max(columns, 1), b: b, ldb: max(other.columns, 1),
                              c: c, ldc: n)
                }
            }
        }
        return result
    }
}

import CLAPACKE

/// Row-major matrix products on flat buffers, over OpenBLAS's CBLAS interface.
///
/// Every routine reads and writes row-major buffers with an explicit leading dimension
/// (row stride), so a block of a larger flat buffer can be passed without copying. The
/// `Double` and `Float` overloads call `cblas_dgemm` and `cblas_sgemm`.
public enum BLAS {
    /// Whether a factor enters a product as stored or transposed.
    public enum Transpose: Sendable, Hashable {
        /// Use the matrix as stored.
        case none
        /// Use the transpose of the stored matrix.
        case transposed

        var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
    }

    /// Computes `C ← alpha · op(A) · op(B) + beta · C` in double precision (`dgemm`).
    ///
    /// All buffers are row-major. `op(A)` is `m` × `k`, `op(B)` is `k` × `n` and `C` is `m` × `n`.
    /// A stored (untransposed) `A` has `m` rows of stride `lda`; a transposed one is stored
    /// as `k` rows of stride `lda`. The same holds for `B` with `k`, `n` and `ldb`.
    ///
    /// - Parameters:
    ///   - transA: Whether `op(A)` is `A` or its transpose.
    ///   - transB: Whether `op(B)` is `B` or its transpose.
    ///   - m: Rows of `op(A)` and of `C`.
    ///   - n: Columns of `op(B)` and of `C`.
    ///   - k: Columns of `op(A)` and rows of `op(B)`.
    ///   - alpha: Scale of the product.
    ///   - a: The stored `A`.
    ///   - lda: Row stride of the stored `A`, at least its column count (and at least 1).
    ///   - b: The stored `B`.
    ///   - ldb: Row stride of the stored `B`, at least its column count (and at least 1).
    ///   - beta: Scale of the previous `C`; with `beta == 0` the previous contents are ignored
    ///     (even NaN).
    ///   - c: The output `C`, `m` rows of stride `ldc`.
    ///   - ldc: Row stride of `C`, at least `n` (and at least 1).
    /// - Precondition: the buffers are large enough for the shapes and strides given.
    /// - Complexity: O(`m` × `n` × `k`); OpenBLAS may use ``BLASThreads/current`` threads.
    public static func gemm(
        _ transA: Transpose = .none, _ transB: Transpose = .none,
        m: Int, n: Int, k: Int, alpha: Double = 1,
        a: UnsafeBufferPointer<Double>, lda: Int,
        b: UnsafeBufferPointer<Double>, ldb: Int,
        beta: Double = 0,
        c: UnsafeMutableBufferPointer<Double>, ldc: Int
    ) {
        checkShapes(transA, transB, m: m, n: n, k: k,
                    aCount: a.count, lda: lda, bCount: b.count, ldb: ldb, cCount: c.count, ldc: ldc)
        if m == 0 || n == 0 { return }
        if k == 0 {
            scale(c, rows: m, columns: n, stride: ldc, by: beta)
            return
        }
        cblas_dgemm(CblasRowMajor, transA.cblas, transB.cblas,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a.baseAddress, Int32(lda), b.baseAddress, Int32(ldb),
                    beta, c.baseAddress, Int32(ldc))
    }

    /// Computes `C ← alpha · op(A) · op(B) + beta · C` in single precision (`sgemm`).
    ///
    /// The layout rules are those of the `Double` overload.
    ///
    /// - Parameters:
    ///   - transA: Whether `op(A)` is `A` or its transpose.
    ///   - transB: Whether `op(B)` is `B` or its transpose.
    ///   - m: Rows of `op(A)` and of `C`.
    ///   - n: Columns of `op(B)` and of `C`.
    ///   - k: Columns of `op(A)` and rows of `op(B)`.
    ///   - alpha: Scale of the product.
    ///   - a: The stored `A`.
    ///   - lda: Row stride of the stored `A`, at least its column count (and at least 1).
    ///   - b: The stored `B`.
    ///   - ldb: Row stride of the stored `B`, at least its column count (and at least 1).
    ///   - beta: Scale of the previous `C`; with `beta == 0` the previous contents are ignored.
    ///   - c: The output `C`, `m` rows of stride `ldc`.
    ///   - ldc: Row stride of `C`, at least `n` (and at least 1).
    /// - Precondition: the buffers are large enough for the shapes and strides given.
    /// - Complexity: O(`m` × `n` × `k`); OpenBLAS may use ``BLASThreads/current`` threads.
    public static func gemm(
        _ transA: Transpose = .none, _ transB: Transpose = .none,
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafeBufferPointer<Float>, lda: Int,
        b: UnsafeBufferPointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutableBufferPointer<Float>, ldc: Int
    ) {
        checkShapes(transA, transB, m: m, n: n, k: k,
                    aCount: a.count, lda: lda, bCount: b.count, ldb: ldb, cCount: c.count, ldc: ldc)
        if m == 0 || n == 0 { return }
        if k == 0 {
            scale(c, rows: m, columns: n, stride: ldc, by: beta)
            return
        }
        cblas_sgemm(CblasRowMajor, transA.cblas, transB.cblas,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a.baseAddress, Int32(lda), b.baseAddress, Int32(ldb),
                    beta, c.baseAddress, Int32(ldc))
    }

    /// Computes `C ← alpha · op(A) · op(B) + beta · C` on arrays (`dgemm`).
    ///
    /// A convenience over the buffer overload with tightly packed rows: the row stride of
    /// each array is its stored column count.
    ///
    /// - Parameters:
    ///   - transA: Whether `op(A)` is `A` or its transpose.
    ///   - transB: Whether `op(B)` is `B` or its transpose.
    ///   - m: Rows of `op(A)` and of `C`.
    ///   - n: Columns of `op(B)` and of `C`.
    ///   - k: Columns of `op(A)` and rows of `op(B)`.
    ///   - alpha: Scale of the product.
    ///   - a: The stored `A`, `m × k` elements.
    ///   - b: The stored `B`, `k × n` elements.
    ///   - beta: Scale of the previous `C`.
    ///   - c: The output `C`, `m × n` elements.
    /// - Precondition: the arrays have exactly the sizes above.
    /// - Complexity: O(`m` × `n` × `k`).
    public static func gemm(
        _ transA: Transpose = .none, _ transB: Transpose = .none,
        m: Int, n: Int, k: Int, alpha: Double = 1,
        a: [Double], b: [Double], beta: Double = 0, c: inout [Double]
    ) {
        precondition(a.count == m * k && b.count == k * n && c.count == m * n,
                     "array sizes do not match the shapes \(m)x\(k) · \(k)x\(n)")
        let lda = max(transA == .none ? k : m, 1)
        let ldb = max(transB == .none ? n : k, 1)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    gemm(transA, transB, m: m, n: n, k: k, alpha: alpha,
                         a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: max(n, 1))
                }
            }
        }
    }

    /// Computes `C ← alpha · op(A) · op(B) + beta · C` on arrays (`sgemm`).
    ///
    /// - Parameters:
    ///   - transA: Whether `op(A)` is `A` or its transpose.
    ///   - transB: Whether `op(B)` is `B` or its transpose.
    ///   - m: Rows of `op(A)` and of `C`.
    ///   - n: Columns of `op(B)` and of `C`.
    ///   - k: Columns of `op(A)` and rows of `op(B)`.
    ///   - alpha: Scale of the product.
    ///   - a: The stored `A`, `m × k` elements.
    ///   - b: The stored `B`, `k × n` elements.
    ///   - beta: Scale of the previous `C`.
    ///   - c: The output `C`, `m × n` elements.
    /// - Precondition: the arrays have exactly the sizes above.
    /// - Complexity: O(`m` × `n` × `k`).
    public static func gemm(
        _ transA: Transpose = .none, _ transB: Transpose = .none,
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: [Float], b: [Float], beta: Float = 0, c: inout [Float]
    ) {
        precondition(a.count == m * k && b.count == k * n && c.count == m * n,
                     "array sizes do not match the shapes \(m)x\(k) · \(k)x\(n)")
        let lda = max(transA == .none ? k : m, 1)
        let ldb = max(transB == .none ? n : k, 1)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    gemm(transA, transB, m: m, n: n, k: k, alpha: alpha,
                         a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: max(n, 1))
                }
            }
        }
    }

    /// Computes the lower triangle of `C ← alpha · op(A) · op(A)ᵀ + beta · C` in double
    /// precision (`dsyrk`): half the work of the matching `gemm`.
    ///
    /// With `trans == .none`, `op(A)` is the stored `A`, `n` rows of `k` columns (`C = A Aᵀ`);
    /// with `.transposed`, the stored `A` is `k` rows of `n` columns and `C = Aᵀ A` (the Gram
    /// or scatter matrix of its columns). Only the lower triangle of `C` (row-major,
    /// `j ≤ i`) is written; the strict upper triangle is left as it was.
    ///
    /// - Parameters:
    ///   - trans: Whether `op(A)` is `A` or its transpose.
    ///   - n: The order of `C`.
    ///   - k: The inner dimension.
    ///   - alpha: Scale of the product.
    ///   - a: The stored `A`.
    ///   - lda: Row stride of the stored `A`, at least its column count (and at least 1).
    ///   - beta: Scale of the previous lower triangle of `C`.
    ///   - c: The output, `n` rows of stride `ldc`.
    ///   - ldc: Row stride of `C`, at least `n` (and at least 1).
    /// - Precondition: the buffers are large enough for the shapes and strides given.
    /// - Complexity: O(`n`² × `k` / 2).
    public static func syrkLower(
        _ trans: Transpose = .none, n: Int, k: Int, alpha: Double = 1,
        a: UnsafeBufferPointer<Double>, lda: Int,
        beta: Double = 0,
        c: UnsafeMutableBufferPointer<Double>, ldc: Int
    ) {
        checkShapes(trans, trans == .none ? .transposed : .none, m: n, n: n, k: k,
                    aCount: a.count, lda: lda, bCount: a.count, ldb: lda, cCount: c.count, ldc: ldc)
        if n == 0 { return }
        if k == 0 {
            for i in 0..<n {
                for j in 0...i { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] }
            }
            return
        }
        cblas_dsyrk(CblasRowMajor, CblasLower, trans.cblas, Int32(n), Int32(k), alpha,
                    a.baseAddress, Int32(lda), beta, c.baseAddress, Int32(ldc))
    }

    private static func checkShapes(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
        aCount: Int, lda: Int, bCount: Int, ldb: Int, cCount: Int, ldc: Int
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "gemm needs non-negative shapes")
        precondition(m <= Int(Int32.max) && n <= Int(Int32.max) && k <= Int(Int32.max)
                     && lda <= Int(Int32.max) && ldb <= Int(Int32.max) && ldc <= Int(Int32.max),
                     "gemm shapes must fit in 32-bit integers")
        let (aRows, aColumns) = transA == .none ? (m, k) : (k, m)
        let (bRows, bColumns) = transB == .none ? (k, n) : (n, k)
        precondition(lda >= max(aColumns, 1), "lda \(lda) is below the \(aColumns) columns of A")
        precondition(ldb >= max(bColumns, 1), "ldb \(ldb) is below the \(bColumns) columns of B")
        precondition(ldc >= max(n, 1), "ldc \(ldc) is below the \(n) columns of C")
        precondition(aRows == 0 || aColumns == 0 || aCount >= (aRows - 1) * lda + aColumns,
                     "A holds \(aCount) elements, too few for \(aRows)x\(aColumns) with stride \(lda)")
        precondition(bRows == 0 || bColumns == 0 || bCount >= (bRows - 1) * ldb + bColumns,
                     "B holds \(bCount) elements, too few for \(bRows)x\(bColumns) with stride \(ldb)")
        precondition(m == 0 || n == 0 || cCount >= (m - 1) * ldc + n,
                     "C holds \(cCount) elements, too few for \(m)x\(n) with stride \(ldc)")
    }

    private static func scale<Scalar: BinaryFloatingPoint>(
        _ c: UnsafeMutableBufferPointer<Scalar>, rows: Int, columns: Int, stride: Int, by beta: Scalar
    ) {
        for i in 0..<rows {
            for j in 0..<columns {
                let index = i * stride + j
                c[index] = beta == 0 ? 0 : beta * c[index]
            }
        }
    }
}

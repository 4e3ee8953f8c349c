import CLAPACKE

/// The Cholesky factorisation `A = L · Lᵀ` of a symmetric positive-definite matrix, from
/// LAPACK `dpotrf`.
///
/// Only the lower triangle of the input is read; ``lower`` is lower triangular with a
/// positive diagonal and exact zeros above it.
public struct Cholesky: Sendable, Equatable {
    /// The lower-triangular factor `L`, `n` × `n`, zero above the diagonal.
    public let lower: Matrix

    /// Factors a symmetric positive-definite matrix.
    ///
    /// - Parameter matrix: A square symmetric matrix; only its lower triangle is used.
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(routine:info:)`` when a leading minor
    ///   is not positive definite, ``LinearAlgebraError/nonFiniteInput(routine:)`` for NaN or
    ///   infinite elements, and the other ``LinearAlgebraError`` cases for illegal arguments.
    /// - Precondition: `matrix` is square.
    /// - Complexity: O(n³ / 3) time and O(n²) extra memory for an `n` × `n` matrix.
    public init(_ matrix: Matrix) throws(LinearAlgebraError) {
        precondition(matrix.isSquare, "a Cholesky factorisation needs a square matrix, got \(matrix.rows)x\(matrix.columns)")
        let n = matrix.rows
        if n == 0 {
            lower = matrix
            return
        }
        try LinearAlgebraError.checkFinite(matrix.storage, routine: "dpotrf")
        var a = matrix.storage
        let info = a.withUnsafeMutableBufferPointer { a in
            LAPACKE_dpotrf(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "L")), Int32(n), a.baseAddress, Int32(n))
        }
        try LinearAlgebraError.check(info, routine: "dpotrf") { .notPositiveDefinite(routine: $0, info: $1) }
        // dpotrf leaves the strict upper triangle untouched; clear it so `lower` is L exactly.
        for i in 0..<n {
            for j in (i + 1)..<n { a[i * n + j] = 0 }
        }
        lower = Matrix(rows: n, columns: n, storage: a)
    }
}

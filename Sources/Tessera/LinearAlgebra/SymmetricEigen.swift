import CLAPACKE

/// The eigendecomposition `A = V · diag(λ) · Vᵀ` of a real symmetric matrix, from LAPACK
/// `dsyevd` (divide and conquer).
///
/// Only the lower triangle of the input is read. Eigenvalues come in ascending order and the
/// eigenvectors are orthonormal; each eigenvector is determined only up to sign.
public struct SymmetricEigen: Sendable, Equatable {
    /// The eigenvalues in ascending order, `n` of them.
    public let values: [Double]

    /// The eigenvectors as the columns of an `n` × `n` orthogonal matrix: column `j`
    /// (elements `vectors[i, j]` for all `i`) belongs to `values[j]`.
    public let vectors: Matrix

    /// Computes the eigenvalues and eigenvectors of a symmetric matrix.
    ///
    /// - Parameter matrix: A square symmetric matrix; only its lower triangle is used.
    /// - Throws: ``LinearAlgebraError/nonFiniteInput(routine:)`` for NaN or infinite elements,
    ///   ``LinearAlgebraError/noConvergence(routine:info:)`` when `dsyevd` fails to converge,
    ///   and the other ``LinearAlgebraError`` cases for illegal arguments or failed allocations.
    /// - Precondition: `matrix` is square.
    /// - Complexity: O(n³) time and O(n²) extra memory for an `n` × `n` matrix.
    public init(_ matrix: Matrix) throws(LinearAlgebraError) {
        precondition(matrix.isSquare, "an eigendecomposition needs a square matrix, got \(matrix.rows)x\(matrix.columns)")
        let n = matrix.rows
        if n == 0 {
            values = []
            vectors = matrix
            return
        }
        let (w, a) = try Self.decompose(matrix, vectors: true)
        values = w
        vectors = Matrix(rows: n, columns: n, storage: a)
    }

    /// The eigenvalues alone, in ascending order (LAPACK `dsyevd` without eigenvectors,
    /// several times faster for large matrices): what a spectrum needs, such as a Vendi
    /// score's.
    ///
    /// - Parameter matrix: A square symmetric matrix; only its lower triangle is used.
    /// - Throws: As ``init(_:)``.
    /// - Precondition: `matrix` is square.
    /// - Complexity: O(n³) time, O(n²) extra memory.
    public static func values(of matrix: Matrix) throws(LinearAlgebraError) -> [Double] {
        precondition(matrix.isSquare, "an eigendecomposition needs a square matrix, got \(matrix.rows)x\(matrix.columns)")
        let n = matrix.rows
        if n == 0 { return [] }
        return try decompose(matrix, vectors: false).values
    }

    /// `dsyevd` on a copy of `matrix`: the eigenvalues, and the eigenvectors (row-major
    /// columns) in the returned storage when `vectors`.
    private static func decompose(_ matrix: Matrix, vectors: Bool) throws(LinearAlgebraError) -> (values: [Double], storage: [Double]) {
        let n = matrix.rows
        try LinearAlgebraError.checkFinite(matrix.storage, routine: "dsyevd")
        var a = matrix.storage
        var w = [Double](repeating: 0, count: n)
        let info = a.withUnsafeMutableBufferPointer { a in
            w.withUnsafeMutableBufferPointer { w in
                LAPACKE_dsyevd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: vectors ? "V" : "N")), CChar(UInt8(ascii: "L")),
                               Int32(n), a.baseAddress, Int32(n), w.baseAddress)
            }
        }
        try LinearAlgebraError.check(info, routine: "dsyevd") { .noConvergence(routine: $0, info: $1) }
        return (w, a)
    }
}

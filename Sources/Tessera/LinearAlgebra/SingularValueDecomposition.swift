import CLAPACKE

/// The thin singular value decomposition `A = U · diag(σ) · Vᵀ` of a real matrix, from
/// LAPACK `dgesdd` (divide and conquer).
///
/// For an `m` × `n` input with `p = min(m, n)`, ``u`` is `m` × `p` with orthonormal
/// columns, ``singularValues`` holds `p` values in descending order and ``vt`` is `p` × `n`
/// with orthonormal rows. Singular vectors are determined only up to sign (and up to a
/// rotation within repeated singular values).
public struct SingularValueDecomposition: Sendable, Equatable {
    /// The left singular vectors as columns, `m` × `p`.
    public let u: Matrix

    /// The singular values in descending order, all non-negative, `p` of them.
    public let singularValues: [Double]

    /// The transposed right singular vectors (one per row), `p` × `n`.
    public let vt: Matrix

    /// Computes the thin singular value decomposition of a matrix.
    ///
    /// - Parameter matrix: Any `m` × `n` matrix.
    /// - Throws: ``LinearAlgebraError/nonFiniteInput(routine:)`` for NaN or infinite elements,
    ///   ``LinearAlgebraError/noConvergence(routine:info:)`` when `dgesdd` fails to converge,
    ///   and the other ``LinearAlgebraError`` cases for illegal arguments or failed allocations.
    /// - Complexity: O(m × n × min(m, n)) time and O(m × n) extra memory.
    public init(_ matrix: Matrix) throws(LinearAlgebraError) {
        let m = matrix.rows
        let n = matrix.columns
        let p = min(m, n)
        if p == 0 {
            u = Matrix(rows: m, columns: 0)
            singularValues = []
            vt = Matrix(rows: 0, columns: n)
            return
        }
        try LinearAlgebraError.checkFinite(matrix.storage, routine: "dgesdd")
        var a = matrix.storage
        var s = [Double](repeating: 0, count: p)
        var uStorage = [Double](repeating: 0, count: m * p)
        var vtStorage = [Double](repeating: 0, count: p * n)
        let info = a.withUnsafeMutableBufferPointer { a in
            s.withUnsafeMutableBufferPointer { s in
                uStorage.withUnsafeMutableBufferPointer { uBuffer in
                    vtStorage.withUnsafeMutableBufferPointer { vtBuffer in
                        LAPACKE_dgesdd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "S")),
                                       Int32(m), Int32(n), a.baseAddress, Int32(n),
                                       s.baseAddress, uBuffer.baseAddress, Int32(p),
                                       vtBuffer.baseAddress, Int32(n))
                    }
                }
            }
        }
        try LinearAlgebraError.check(info, routine: "dgesdd") { .noConvergence(routine: $0, info: $1) }
        u = Matrix(rows: m, columns: p, storage: uStorage)
        singularValues = s
        vt = Matrix(rows: p, columns: n, storage: vtStorage)
    }
}

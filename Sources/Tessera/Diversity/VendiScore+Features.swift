extension VendiScore {
    /// The Vendi score of `n` items described by feature rows, under the cosine kernel
    /// `k(x, y) = x·y / (|x| |y|)` (the reference package's `score_X` and `score_dual`).
    ///
    /// Each row is divided by its Euclidean norm, so `K = XXᵀ` has a unit diagonal. When
    /// there are fewer features than items (`m < n`) the score comes from the `m` × `m`
    /// matrix `XᵀX/n`, which has the same nonzero eigenvalues as `XXᵀ/n`; otherwise from
    /// `XXᵀ/n`. Either way ``spectrum`` holds `min(n, m)` values.
    ///
    /// Unlike the reference package's `score_X`, which ignores its order argument, every
    /// order of ``value(_:)`` applies to this spectrum.
    ///
    /// - Parameter features: `X`, `n` × `m`, one item per row; no row may be all zeros.
    /// - Throws: ``DiversityError/nonFinite(what:index:)``,
    ///   ``DiversityError/shapeMismatch(_:)`` for a zero row, and the errors of the
    ///   eigendecomposition.
    /// - Complexity: O(n·m·min(n, m)) for the product (BLAS `dgemm`) plus
    ///   O(min(n, m)³) for the eigendecomposition.
    public init(features: Matrix) throws(DiversityError) {
        let (n, m) = (features.rows, features.columns)
        var x = features.storage
        for (i, value) in x.enumerated() where !value.isFinite {
            throw .nonFinite(what: "features", index: i)
        }
        guard n > 0 else {
            try self.init(eigenvalues: [], count: 0)
            return
        }
        guard m > 0 else { throw .shapeMismatch("feature rows must hold at least one value") }
        for i in 0..<n {
            var norm = 0.0
            for j in 0..<m { norm += x[i * m + j] * x[i * m + j] }
            norm = norm.squareRoot()
            guard norm > 0 else { throw .shapeMismatch("feature row \(i) is all zeros, so its cosine similarity is undefined") }
            for j in 0..<m { x[i * m + j] /= norm }
        }
        let order = min(n, m)
        var gram = [Double](repeating: 0, count: order * order)
        if m < n {
            BLAS.gemm(.transposed, .none, m: m, n: m, k: n, alpha: 1 / Double(n), a: x, b: x, c: &gram)
        } else {
            BLAS.gemm(.none, .transposed, m: n, n: n, k: m, alpha: 1 / Double(n), a: x, b: x, c: &gram)
        }
        try self.init(normalizedKernel: Matrix(rows: order, columns: order, storage: gram), count: n)
    }
}

extension NearestNeighbours {
    /// Queries per block of the BLAS strategy.
    static let productBlockRows = 256
    /// Points per block of the BLAS strategy: a 256 × 2048 score block is 4 MiB.
    static let productBlockColumns = 2048

    /// Euclidean search by blocked BLAS products.
    ///
    /// For each block of queries and block of points one `dgemm` gives the scores
    /// `‖p‖² − 2 q·p`, which equal `‖q − p‖² − ‖q‖²` up to rounding. A point whose score is
    /// within the rounding bound of the list's limit is a candidate: its exact distance is
    /// computed with the scalar formula and offered to the list. Every point that belongs in
    /// the answer passes the screen, so the answer is the brute-force one.
    ///
    /// The bound: a dot product of length d has error at most γ_d Σ|qᵢpᵢ| ≤ γ_d (‖q‖² + ‖p‖²) / 2
    /// (Higham 2002, §3.1), and the norms and the exact sum carry errors of the same order;
    /// the screen allows 8 (d + 8) ε (‖q‖² + max ‖p‖²), several times the total.
    func searchByProduct(_ queries: UnsafePointer<Double>, lists: UnsafeMutableBufferPointer<NeighbourList>) {
        let d = dimension, m = count, n = lists.count
        let blockRows = min(Self.productBlockRows, n)
        let blockColumns = min(Self.productBlockColumns, m)
        let slack = 8 * Double(d + 8) * Double.ulpOfOne
        withUnsafeTemporaryAllocation(of: Double.self, capacity: blockRows * blockColumns) { scores in
        withUnsafeTemporaryAllocation(of: Double.self, capacity: blockRows) { queryNorms in
        points.withUnsafeBufferPointer { p in
        squaredNorms.withUnsafeBufferPointer { norms in
            let p = p.baseAddress!, norms = norms.baseAddress!, scores = scores.baseAddress!
            var rowStart = 0
            while rowStart < n {
                let rows = min(blockRows, n - rowStart)
                let q = queries + rowStart * d
                for r in 0..<rows {
                    var sum = 0.0
                    for j in 0..<d { sum += q[r * d + j] * q[r * d + j] }
                    queryNorms[r] = sum
                }
                var columnStart = 0
                while columnStart < m {
                    let columns = min(blockColumns, m - columnStart)
                    BLAS.gemm(.none, .transposed, m: rows, n: columns, k: d, alpha: -2,
                              a: UnsafeBufferPointer(start: q, count: rows * d), lda: d,
                              b: UnsafeBufferPointer(start: p + columnStart * d, count: columns * d), ldb: d,
                              beta: 0,
                              c: UnsafeMutableBufferPointer(start: scores, count: rows * columns), ldc: columns)
                    for r in 0..<rows {
                        var list = lists[rowStart + r]
                        let query = q + r * d
                        let qNorm = queryNorms[r]
                        let margin = slack * (qNorm + largestSquaredNorm)
                        var screen = list.limit - qNorm + margin
                        let row = scores + r * columns
                        let rowNorms = norms + columnStart
                        var j = 0
                        // Eight scores at a time: most chunks have no candidate at all.
                        while j + 8 <= columns {
                            var low = row[j] + rowNorms[j]
                            for t in 1..<8 { low = min(low, row[j + t] + rowNorms[j + t]) }
                            if low <= screen {
                                for t in j..<(j + 8) where row[t] + rowNorms[t] <= screen {
                                    let index = columnStart + t
                                    let raw = distance.raw(query, p + index * d, d)
                                    if raw <= list.limit {
                                        list.offer(raw: raw, index: Int32(index))
                                        screen = list.limit - qNorm + margin
                                    }
                                }
                            }
                            j += 8
                        }
                        while j < columns {
                            if row[j] + rowNorms[j] <= screen {
                                let index = columnStart + j
                                let raw = distance.raw(query, p + index * d, d)
                                if raw <= list.limit {
                                    list.offer(raw: raw, index: Int32(index))
                                    screen = list.limit - qNorm + margin
                                }
                            }
                            j += 1
                        }
                        lists[rowStart + r] = list
                    }
                    columnStart += columns
                }
                rowStart += rows
            }
        }}}}
    }
}

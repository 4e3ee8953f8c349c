extension NearestNeighbours {
    /// Queries per block of the BLAS strategy.
    static let productBlockRows = 256
    /// Points per block of the BLAS strategy: a 256 × 2048 score block is 2 MiB in `Float`.
    static let productBlockColumns = 2048
    /// The largest centred coordinate magnitude the single-precision screen accepts.
    static let singleRange = 1e15

    /// Euclidean search by blocked BLAS products.
    ///
    /// For each block of queries and block of points one `sgemm` (or `dgemm`, when some
    /// centred coordinate is out of ``singleRange``) gives the scores `‖p̃‖² − 2 q̃·p̃`, where
    /// q̃ and p̃ are the query and point less a fixed centre, rounded to `Float`. A score
    /// plus `‖q̃‖²` equals `‖q − p‖²` up to a bounded error, so a point whose score is within
    /// that bound of the list's limit is a candidate: its exact distance is computed with the
    /// scalar formula and offered to the list. Every point that belongs in the answer passes
    /// the screen, so the answer is the brute-force one; the precision of the product only
    /// changes how many candidates are re-checked.
    ///
    /// The bound, with unit roundoff u: rounding the centred coordinates moves `‖q − p‖²` by
    /// at most 4u (‖q̃‖² + ‖p̃‖²), and a dot product of length d has error at most
    /// γ_d Σ|q̃ᵢp̃ᵢ| ≤ d u (‖q̃‖² + ‖p̃‖²) / 2 (Higham 2002, §3.1); the screen allows
    /// 8 (d + 8) u (‖q̃‖² + max ‖p̃‖²) plus an absolute 10⁻³⁰ d for underflow.
    func searchByProduct(_ queries: UnsafePointer<Double>, lists: UnsafeMutableBufferPointer<NeighbourList>) {
        let d = dimension, n = lists.count
        var centred = [Float](repeating: 0, count: n * d)
        var fits = singleFits
        for r in 0..<n {
            for j in 0..<d {
                let value = queries[r * d + j] - center[j]
                if !(abs(value) <= Self.singleRange) { fits = false }
                centred[r * d + j] = Float(value)
            }
        }
        if fits {
            centred.withUnsafeBufferPointer { centred in
                singlePoints.withUnsafeBufferPointer { single in
                    screenByProduct(queries, centred.baseAddress!, single.baseAddress!, norms: singleNorms,
                                    largestNorm: largestSingleNorm, unit: 0x1p-24, lists: lists)
                }
            }
        } else {
            points.withUnsafeBufferPointer { p in
                screenByProduct(queries, queries, p.baseAddress!, norms: squaredNorms,
                                largestNorm: largestSquaredNorm, unit: 0x1p-53, lists: lists)
            }
        }
    }

    /// The blocked screen over factors of either precision.
    ///
    /// - Parameters:
    ///   - queries: The exact queries, for the re-check.
    ///   - factors: The queries as they enter the product.
    ///   - pointFactors: The points as they enter the product.
    ///   - norms: `‖p‖²` of each row of `pointFactors`, in double precision.
    ///   - largestNorm: The largest entry of `norms`.
    ///   - unit: The unit roundoff of `Scalar`.
    private func screenByProduct<Scalar: BLASScalar>(
        _ queries: UnsafePointer<Double>, _ factors: UnsafePointer<Scalar>, _ pointFactors: UnsafePointer<Scalar>,
        norms: [Double], largestNorm: Double, unit: Double, lists: UnsafeMutableBufferPointer<NeighbourList>
    ) {
        let d = dimension, m = count, n = lists.count
        let blockRows = min(Self.productBlockRows, n)
        let blockColumns = min(Self.productBlockColumns, m)
        let slack = 8 * Double(d + 8) * unit
        let floor = Double(d) * 1e-30
        withUnsafeTemporaryAllocation(of: Scalar.self, capacity: blockRows * blockColumns) { scores in
        withUnsafeTemporaryAllocation(of: Double.self, capacity: blockRows) { factorNorms in
        points.withUnsafeBufferPointer { p in
        norms.withUnsafeBufferPointer { norms in
            let p = p.baseAddress!, norms = norms.baseAddress!, scores = scores.baseAddress!
            var rowStart = 0
            while rowStart < n {
                let rows = min(blockRows, n - rowStart)
                let f = factors + rowStart * d
                for r in 0..<rows {
                    var sum = 0.0
                    for j in 0..<d { sum += Double(f[r * d + j]) * Double(f[r * d + j]) }
                    factorNorms[r] = sum
                }
                var columnStart = 0
                while columnStart < m {
                    let columns = min(blockColumns, m - columnStart)
                    Scalar.gemmTransposed(rows: rows, columns: columns, depth: d, a: f,
                                          b: pointFactors + columnStart * d, c: scores)
                    for r in 0..<rows {
                        var list = lists[rowStart + r]
                        let query = queries + (rowStart + r) * d
                        let qNorm = factorNorms[r]
                        let margin = slack * (qNorm + largestNorm) + floor
                        var screen = list.limit - qNorm + margin
                        let row = scores + r * columns
                        let rowNorms = norms + columnStart
                        var j = 0
                        // Eight scores at a time: most chunks hold no candidate at all.
                        while j < columns {
                            let end = min(j + 8, columns)
                            var low = Double(row[j]) + rowNorms[j]
                            for t in (j + 1)..<end { low = min(low, Double(row[t]) + rowNorms[t]) }
                            if low <= screen {
                                for t in j..<end where Double(row[t]) + rowNorms[t] <= screen {
                                    let index = columnStart + t
                                    let raw = distance.raw(query, p + index * d, d)
                                    if raw <= list.limit {
                                        list.offer(raw: raw, index: Int32(index))
                                        screen = list.limit - qNorm + margin
                                    }
                                }
                            }
                            j = end
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

/// A scalar type with a BLAS product, for the screen of the BLAS strategy.
protocol BLASScalar: BinaryFloatingPoint {
    /// `C ← −2 A Bᵀ` for row-major `A` (`rows × depth`), `B` (`columns × depth`) and `C` (`rows × columns`).
    static func gemmTransposed(rows: Int, columns: Int, depth: Int,
                               a: UnsafePointer<Self>, b: UnsafePointer<Self>, c: UnsafeMutablePointer<Self>)
}

extension Double: BLASScalar {
    static func gemmTransposed(rows: Int, columns: Int, depth: Int,
                               a: UnsafePointer<Double>, b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>) {
        BLAS.gemm(.none, .transposed, m: rows, n: columns, k: depth, alpha: -2,
                  a: UnsafeBufferPointer(start: a, count: rows * depth), lda: depth,
                  b: UnsafeBufferPointer(start: b, count: columns * depth), ldb: depth, beta: 0,
                  c: UnsafeMutableBufferPointer(start: c, count: rows * columns), ldc: columns)
    }
}

extension Float: BLASScalar {
    static func gemmTransposed(rows: Int, columns: Int, depth: Int,
                               a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>) {
        BLAS.gemm(.none, .transposed, m: rows, n: columns, k: depth, alpha: -2,
                  a: UnsafeBufferPointer(start: a, count: rows * depth), lda: depth,
                  b: UnsafeBufferPointer(start: b, count: columns * depth), ldb: depth, beta: 0,
                  c: UnsafeMutableBufferPointer(start: c, count: rows * columns), ldc: columns)
    }
}

extension NearestNeighbours {
    /// Queries per block of the blocked half-Manhattan loop.
    static let blockedRows = 32
    /// Points per block of the blocked half-Manhattan loop.
    static let blockedColumns = 512

    /// Half-Manhattan search by a blocked loop over queries and points.
    ///
    /// Each pair's Σ|qᵢ − pᵢ| is first summed in eight interleaved partial sums, a
    /// different order from the scalar formula. A sum of n non-negative terms in any order is
    /// within a relative (n − 1) ε of the exact value, so a point whose fast sum is within
    /// 2 (d + 2) ε of the list's limit is a candidate, and its exact distance is computed with
    /// the scalar formula and offered. The answer is the brute-force one.
    func searchByBlocks(_ queries: UnsafePointer<Double>, lists: UnsafeMutableBufferPointer<NeighbourList>) {
        let d = dimension, m = count, n = lists.count
        let widen = 1 + 2 * Double(d + 2) * Double.ulpOfOne
        let lanes = d / 8 * 8
        points.withUnsafeBufferPointer { p in
            let p = p.baseAddress!
            var columnStart = 0
            while columnStart < m {
                let columns = min(Self.blockedColumns, m - columnStart)
                var rowStart = 0
                while rowStart < n {
                    let rows = min(Self.blockedRows, n - rowStart)
                    for r in rowStart..<(rowStart + rows) {
                        let q = queries + r * d
                        var list = lists[r]
                        var screen = list.limit * widen
                        for index in columnStart..<(columnStart + columns) {
                            let point = p + index * d
                            // Eight independent sums: eight add chains in flight instead of one.
                            var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0
                            var i = 0
                            while i < lanes {
                                s0 += abs(q[i] - point[i]); s1 += abs(q[i + 1] - point[i + 1])
                                s2 += abs(q[i + 2] - point[i + 2]); s3 += abs(q[i + 3] - point[i + 3])
                                s4 += abs(q[i + 4] - point[i + 4]); s5 += abs(q[i + 5] - point[i + 5])
                                s6 += abs(q[i + 6] - point[i + 6]); s7 += abs(q[i + 7] - point[i + 7])
                                i += 8
                            }
                            var fast = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
                            while i < d {
                                fast += abs(q[i] - point[i])
                                i += 1
                            }
                            if fast <= screen {
                                let raw = distance.raw(q, point, d)
                                if raw <= list.limit {
                                    list.offer(raw: raw, index: Int32(index))
                                    screen = list.limit * widen
                                }
                            }
                        }
                        lists[r] = list
                    }
                    rowStart += rows
                }
                columnStart += columns
            }
        }
    }
}

extension NearestNeighbours {
    /// Queries per block of the blocked half-Manhattan loop.
    static let blockedRows = 32
    /// Points per block of the blocked half-Manhattan loop.
    static let blockedColumns = 512

    /// Half-Manhattan search by a blocked loop over queries and points.
    ///
    /// Each pair's Σ|qᵢ − pᵢ| is first summed four coordinates at a time in SIMD lanes, a
    /// different order from the scalar formula. A sum of n non-negative terms in any order is
    /// within a relative (n − 1) ε of the exact value, so a point whose fast sum is within
    /// 2 (d + 2) ε of the list's limit is a candidate, and its exact distance is computed with
    /// the scalar formula and offered. The answer is the brute-force one.
    func searchByBlocks(_ queries: UnsafePointer<Double>, lists: UnsafeMutableBufferPointer<NeighbourList>) {
        let d = dimension, m = count, n = lists.count
        let widen = 1 + 2 * Double(d + 2) * Double.ulpOfOne
        let lanes = d / 4 * 4
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
                            var acc = SIMD4<Double>()
                            var i = 0
                            while i < lanes {
                                let a = UnsafeRawPointer(q + i).loadUnaligned(as: SIMD4<Double>.self)
                                let b = UnsafeRawPointer(point + i).loadUnaligned(as: SIMD4<Double>.self)
                                let diff = a - b
                                acc += pointwiseMax(diff, -diff)
                                i += 4
                            }
                            var fast = (acc[0] + acc[1]) + (acc[2] + acc[3])
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

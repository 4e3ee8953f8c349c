/// An exact nearest-centroid lookup for 2-D points: a uniform grid of about 4n buckets for
/// n centroids over the centroids' bounding box (widened by a tenth on each side), each
/// bucket holding every centroid that can be nearest to some point of the bucket.
///
/// A point's bucket comes from arithmetic, as a grid archive's cell does, and only that
/// bucket's few candidates are measured, where a k-d tree descends and backtracks through
/// about twenty nodes. The candidates of a bucket with centre m and half-diagonal h are
/// the centroids within D + 2h of m, D being the distance from m to its nearest centroid:
/// for any point p of the bucket and its nearest centroid c, |c − m| ≤ |c − p| + h ≤
/// |c* − p| + h ≤ D + 2h. Candidates are kept in index order and compared with `<` on the
/// squared distance accumulated as the linear scan does, so the answer, ties included
/// (lowest index), is the scan's bit for bit. Points outside the grid (or not finite) get
/// `nil`, for the caller's fallback.
struct BucketGrid: Sendable {
    let lower: (Double, Double)
    let width: (Double, Double)
    let side: Int
    /// Candidates of bucket b: `candidates[offsets[b] ..< offsets[b + 1]]`.
    let offsets: [Int32]
    let candidates: [Int32]

    /// Builds the grid over `centroids` (row-major pairs), using `tree` for each bucket's
    /// nearest centroid.
    ///
    /// - Complexity: O(n) buckets for n centroids, each with a tree query and a scan of
    ///   the centroids registered near it.
    init(centroids: [Double], tree: KDTree) {
        let n = centroids.count / 2
        var low = (Double.infinity, Double.infinity), high = (-Double.infinity, -Double.infinity)
        for i in 0..<n {
            low = (min(low.0, centroids[2 * i]), min(low.1, centroids[2 * i + 1]))
            high = (max(high.0, centroids[2 * i]), max(high.1, centroids[2 * i + 1]))
        }
        let span = (max(high.0 - low.0, 1e-9), max(high.1 - low.1, 1e-9))
        let lower = (low.0 - span.0 / 10, low.1 - span.1 / 10)
        let side = max(1, min(2048, Int((2 * Double(n).squareRoot()).rounded(.up))))
        let width = (span.0 * 1.2 / Double(side), span.1 * 1.2 / Double(side))
        self.lower = lower
        self.width = width
        self.side = side
        // Each centroid registered in the bucket holding it, to find those near a centre.
        // (flat: bucket k's members are members[memberStart[k] ..< memberStart[k + 1]]).
        var memberStart = [Int](repeating: 0, count: side * side + 1)
        var home = [Int](repeating: 0, count: n)
        for i in 0..<n {
            home[i] = Self.bin(centroids[2 * i], lower.0, width.0, side) * side + Self.bin(centroids[2 * i + 1], lower.1, width.1, side)
            memberStart[home[i] + 1] += 1
        }
        for k in 0..<(side * side) { memberStart[k + 1] += memberStart[k] }
        var members = [Int32](repeating: 0, count: n)
        var fill = memberStart
        for i in 0..<n {
            members[fill[home[i]]] = Int32(i)
            fill[home[i]] += 1
        }
        // Half a bucket's diagonal, widened for the rounding of a point's bucket and of the
        // distances below.
        let h = 0.5 * (width.0 * width.0 + width.1 * width.1).squareRoot() * (1 + 1e-6)
        var offsets = [Int32](repeating: 0, count: side * side + 1)
        var candidates: [Int32] = []
        candidates.reserveCapacity(side * side * 6)
        var found: [Int32] = []
        var centre = [0.0, 0.0]
        tree.withSearch { search in
            centre.withUnsafeMutableBufferPointer { centre in
                for a in 0..<side {
                    for b in 0..<side {
                        centre[0] = lower.0 + (Double(a) + 0.5) * width.0
                        centre[1] = lower.1 + (Double(b) + 0.5) * width.1
                        let nearest = search.nearest(to: UnsafePointer(centre.baseAddress!), bound: .infinity, boundIndex: 0)
                        let radius = (nearest.squaredDistance.squareRoot() + 2 * h) * (1 + 1e-9)
                        let reach = (Int((radius / width.0).rounded(.up)), Int((radius / width.1).rounded(.up)))
                        found.removeAll(keepingCapacity: true)
                        for i in max(0, a - reach.0)...min(side - 1, a + reach.0) {
                            for j in max(0, b - reach.1)...min(side - 1, b + reach.1) {
                                for slot in memberStart[i * side + j] ..< memberStart[i * side + j + 1] {
                                    let c = members[slot]
                                    let d0 = centroids[2 * Int(c)] - centre[0], d1 = centroids[2 * Int(c) + 1] - centre[1]
                                    if d0 * d0 + d1 * d1 <= radius * radius { found.append(c) }
                                }
                            }
                        }
                        found.sort()
                        candidates += found
                        offsets[a * side + b + 1] = Int32(candidates.count)
                    }
                }
            }
        }
        self.offsets = offsets
        self.candidates = candidates
    }

    @inline(__always)
    static func bin(_ x: Double, _ lower: Double, _ width: Double, _ side: Int) -> Int {
        min(side - 1, max(0, Int((x - lower) / width)))
    }

    /// The nearest centroid of (x, y) and its squared distance, or `nil` outside the grid.
    @inline(__always)
    func nearest(_ x: Double, _ y: Double, centroids: UnsafePointer<Double>) -> (index: Int32, squaredDistance: Double)? {
        let u = (x - lower.0) / width.0, v = (y - lower.1) / width.1
        guard u >= 0, v >= 0, u < Double(side), v < Double(side) else { return nil }
        let bucket = Int(u) * side + Int(v)
        var best = Double.infinity
        var bestIndex: Int32 = -1
        candidates.withUnsafeBufferPointer { list in
            for slot in Int(offsets[bucket]) ..< Int(offsets[bucket + 1]) {
                let c = list[slot]
                let d0 = x - centroids[2 * Int(c)], d1 = y - centroids[2 * Int(c) + 1]
                var distance = 0.0
                distance += d0 * d0
                distance += d1 * d1
                if distance < best {
                    best = distance
                    bestIndex = c
                }
            }
        }
        return bestIndex < 0 ? nil : (bestIndex, best)
    }
}

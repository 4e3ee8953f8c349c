/// Voronoi cells of CVT centroids, clipped to the descriptor box.
///
/// Cell `k` is the set of points of the box nearer (Euclidean) to centroid `k` than to any
/// other centroid; ties between identical centroids go to the lower index, which matches a
/// nearest-centroid search that keeps the first minimum.
enum VoronoiTessellation {
    /// The Voronoi cell of each centroid in 2-D, clipped to the box.
    ///
    /// Each cell starts as the box and is clipped by the bisector half-plane of its
    /// neighbours, visited ring by ring in a bucket grid (about two centroids per bucket).
    /// The search stops once the unvisited buckets are at least `2R` away, where `R` is the
    /// largest distance from the centroid to a vertex of its current cell: no farther
    /// centroid's bisector can reach the cell. The cells are convex and tile the box
    /// (up to rounding) when all centroids lie inside it.
    ///
    /// - Parameters:
    ///   - centroids: Flat row-major `[count, 2]`.
    ///   - lower: The box's lower corner, `[x, y]`.
    ///   - upper: The box's upper corner, `[x, y]`.
    /// - Returns: One polygon per centroid, counter-clockwise; empty for a duplicate centroid
    ///   or a centroid whose cell misses the box.
    /// - Complexity: About O(*n*) for centroids spread over the box; O(*n*²) at worst.
    static func cells(centroids: [Double], lower: [Double], upper: [Double]) -> [ConvexPolygon] {
        precondition(centroids.count % 2 == 0 && lower.count == 2 && upper.count == 2)
        let n = centroids.count / 2
        guard n > 0 else { return [] }
        let buckets = BucketGrid(points: centroids, lower: lower, upper: upper)
        var cells = [ConvexPolygon]()
        cells.reserveCapacity(n)
        var scratch = ConvexPolygon(xs: [], ys: [])
        for site in 0..<n {
            cells.append(cell(of: site, centroids: centroids, lower: lower, upper: upper,
                              buckets: buckets, scratch: &scratch))
        }
        return cells
    }

    /// The Voronoi cells of centroids on a line, clipped to `lower...upper`.
    ///
    /// - Returns: One interval per centroid, or `nil` for a duplicate centroid or one whose
    ///   interval misses the range.
    /// - Complexity: O(*n* log *n*).
    static func intervals(centroids: [Double], lower: Double, upper: Double) -> [ClosedRange<Double>?] {
        let order = centroids.indices.sorted { (centroids[$0], $0) < (centroids[$1], $1) }
        var intervals = [ClosedRange<Double>?](repeating: nil, count: centroids.count)
        var position = 0
        while position < order.count {
            // Skip later duplicates: the lowest index of equal centroids owns the cell.
            var next = position + 1
            while next < order.count && centroids[order[next]] == centroids[order[position]] { next += 1 }
            let value = centroids[order[position]]
            let left = position == 0 ? lower : max(lower, (centroids[order[position - 1]] + value) / 2)
            let right = next == order.count ? upper : min(upper, (value + centroids[order[next]]) / 2)
            if left < right { intervals[order[position]] = left...right }
            position = next
        }
        return intervals
    }

    private static func cell(of site: Int, centroids: [Double], lower: [Double], upper: [Double],
                             buckets: BucketGrid, scratch: inout ConvexPolygon) -> ConvexPolygon {
        let cx = centroids[2 * site]
        let cy = centroids[2 * site + 1]
        var polygon = ConvexPolygon(rectangleFrom: lower[0], lower[1], to: upper[0], upper[1])
        let (bx, by) = buckets.bucket(x: cx, y: cy)
        var ring = 0
        while true {
            if ring > 0 {
                if buckets.ringIsOutside(ring, bx: bx, by: by) { break }
                let gap = buckets.distanceToRing(ring, x: cx, y: cy, bx: bx, by: by)
                if gap * gap >= 4 * polygon.maximumSquaredDistance(fromX: cx, y: cy) { break }
            }
            var lost = false
            buckets.forEachPoint(inRing: ring, bx: bx, by: by) { other in
                guard !lost, other != site else { return }
                let qx = centroids[2 * other]
                let qy = centroids[2 * other + 1]
                if qx == cx && qy == cy {
                    if other < site { lost = true }
                    return
                }
                // Points p with |p - c|² <= |p - q|², i.e. (q - c)·p <= (|q|² - |c|²) / 2.
                polygon.clip(nx: qx - cx, ny: qy - cy,
                             offset: ((qx * qx + qy * qy) - (cx * cx + cy * cy)) / 2, scratch: &scratch)
                if polygon.isEmpty { lost = true }
            }
            if lost { return ConvexPolygon(xs: [], ys: []) }
            ring += 1
        }
        return polygon
    }
}

/// A uniform grid of buckets over 2-D points, for visiting neighbours ring by ring.
private struct BucketGrid {
    let columns: Int
    let rows: Int
    let originX: Double
    let originY: Double
    let width: Double
    let height: Double
    /// `start[b] ..< start[b + 1]` indexes `members` for bucket `b = row * columns + column`.
    let start: [Int]
    let members: [Int]

    init(points: [Double], lower: [Double], upper: [Double]) {
        let n = points.count / 2
        var minX = lower[0], maxX = upper[0], minY = lower[1], maxY = upper[1]
        for i in 0..<n {
            minX = min(minX, points[2 * i]); maxX = max(maxX, points[2 * i])
            minY = min(minY, points[2 * i + 1]); maxY = max(maxY, points[2 * i + 1])
        }
        let side = max(1, Int((Double(n) / 2).squareRoot()))
        columns = side
        rows = side
        originX = minX
        originY = minY
        width = maxX > minX ? (maxX - minX) / Double(side) : 1
        height = maxY > minY ? (maxY - minY) / Double(side) : 1
        var counts = [Int](repeating: 0, count: side * side + 1)
        var bucketOf = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let columnRow = Self.bucket(x: points[2 * i], y: points[2 * i + 1], originX: minX, originY: minY,
                                        width: width, height: height, side: side)
            bucketOf[i] = columnRow.1 * side + columnRow.0
            counts[bucketOf[i] + 1] += 1
        }
        for b in 0..<(side * side) { counts[b + 1] += counts[b] }
        var cursor = counts
        var members = [Int](repeating: 0, count: n)
        for i in 0..<n {
            members[cursor[bucketOf[i]]] = i
            cursor[bucketOf[i]] += 1
        }
        self.start = counts
        self.members = members
    }

    private static func bucket(x: Double, y: Double, originX: Double, originY: Double,
                               width: Double, height: Double, side: Int) -> (Int, Int) {
        let column = min(side - 1, max(0, Int((x - originX) / width)))
        let row = min(side - 1, max(0, Int((y - originY) / height)))
        return (column, row)
    }

    func bucket(x: Double, y: Double) -> (Int, Int) {
        Self.bucket(x: x, y: y, originX: originX, originY: originY, width: width, height: height, side: columns)
    }

    /// Whether ring `ring` around bucket `(bx, by)` lies entirely outside the grid.
    func ringIsOutside(_ ring: Int, bx: Int, by: Int) -> Bool {
        bx - ring < 0 && by - ring < 0 && bx + ring >= columns && by + ring >= rows
    }

    /// A lower bound on the distance from `(x, y)`, inside bucket `(bx, by)`, to any point in
    /// ring `ring` or beyond: the distance to the boundary of the block of inner rings.
    func distanceToRing(_ ring: Int, x: Double, y: Double, bx: Int, by: Int) -> Double {
        let left = x - (originX + Double(bx - ring + 1) * width)
        let right = originX + Double(bx + ring) * width - x
        let bottom = y - (originY + Double(by - ring + 1) * height)
        let top = originY + Double(by + ring) * height - y
        return max(0, min(left, right, bottom, top))
    }

    /// Calls `body` with every point in the buckets at Chebyshev distance `ring` from `(bx, by)`.
    func forEachPoint(inRing ring: Int, bx: Int, by: Int, _ body: (Int) -> Void) {
        for row in max(0, by - ring)...min(rows - 1, by + ring) {
            if abs(row - by) == ring {
                for column in max(0, bx - ring)...min(columns - 1, bx + ring) { visit(column, row, body) }
            } else {
                if bx - ring >= 0 { visit(bx - ring, row, body) }
                if bx + ring < columns { visit(bx + ring, row, body) }
            }
        }
    }

    private func visit(_ column: Int, _ row: Int, _ body: (Int) -> Void) {
        let bucket = row * columns + column
        for k in start[bucket]..<start[bucket + 1] { body(members[k]) }
    }
}

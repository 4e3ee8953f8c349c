/// Answers nearest-centroid queries over a fixed set of centroids, as a CVT archive does
/// for every added solution.
///
/// The centroids are a flat row-major buffer of `count × dimension` values. The search
/// strategy is picked from the shape (see ``Strategy/automatic(count:dimension:)``): a
/// linear scan for small sets, a ``KDTree`` up to 8 dimensions, and the BLAS product
/// `‖x‖² − 2 x·c + ‖c‖²` over blocks of queries above that.
///
/// Every strategy returns the same index: distances are squared Euclidean, accumulated
/// dimension by dimension in index order, and where two centroids are at exactly the same
/// distance from a point the **lowest centroid index wins**. The BLAS strategy ranks with the
/// product formula but re-checks every centroid whose score is within the formula's rounding
/// error of the best with the exact distance, so it too gives the linear scan's answer.
///
/// The encoded form holds only ``dimension`` and ``centroids``; decoding rebuilds the search
/// structure with the automatic strategy.
public struct NearestCentroidIndex: Codable, Sendable {
    /// How queries are answered.
    public enum Strategy: String, Codable, Sendable, CaseIterable {
        /// A linear scan over all centroids per query.
        case bruteForce
        /// A ``KDTree`` over the centroids.
        case kdTree
        /// Blocked BLAS products `‖x‖² − 2 x·c + ‖c‖²`, followed by an exact re-check of near ties.
        case gemm
        /// For 2-D centroids, a uniform grid of buckets holding each bucket's possible
        /// nearest centroids (``BucketGrid``), with the k-d tree for points outside it; a
        /// k-d tree in other dimensions. What a CVT archive of 2-D descriptors uses.
        case buckets

        /// The strategy Tessera uses for a given shape.
        ///
        /// Up to 8 dimensions: a linear scan below 48 centroids, a k-d tree from there. Above
        /// 8 dimensions: a linear scan while `count × dimension < 512`, the BLAS product from
        /// there. (Measured on 100,000 uniform queries: the k-d tree loses to the BLAS product
        /// from about 12 dimensions, and the scan loses to both beyond a few dozen centroids.)
        ///
        /// - Parameters:
        ///   - count: The number of centroids.
        ///   - dimension: The number of coordinates per centroid.
        /// - Returns: The chosen strategy.
        /// - Complexity: O(1).
        public static func automatic(count: Int, dimension: Int) -> Strategy {
            if dimension <= 8 { return count < 48 ? .bruteForce : .kdTree }
            return count * dimension < 512 ? .bruteForce : .gemm
        }
    }

    /// The number of coordinates per centroid (the descriptor dimension).
    public let dimension: Int

    /// The centroids, row-major: centroid `i` is `centroids[i * dimension ..< (i + 1) * dimension]`.
    public let centroids: [Double]

    /// The strategy used for queries.
    public let strategy: Strategy

    /// The k-d tree, for ``Strategy/kdTree`` and ``Strategy/buckets``.
    let tree: KDTree?
    /// The bucket grid, for ``Strategy/buckets`` in two dimensions.
    let grid: BucketGrid?
    /// `‖c‖²` per centroid, for ``Strategy/gemm``.
    let squaredNorms: [Double]
    /// The largest entry of `squaredNorms`.
    let largestSquaredNorm: Double

    /// The number of centroids.
    public var count: Int { centroids.count / dimension }

    /// Creates an index over a set of centroids.
    ///
    /// - Parameters:
    ///   - centroids: `count × dimension` finite coordinates, row-major.
    ///   - dimension: The number of coordinates per centroid, at least 1.
    ///   - strategy: The search strategy; `nil` picks ``Strategy/automatic(count:dimension:)``.
    /// - Precondition: `centroids.count` is a positive multiple of `dimension`, every value is
    ///   finite, and the centroid count fits in an `Int32`.
    /// - Complexity: O(n log n) for the k-d tree and O(n × dimension) otherwise, for n centroids.
    public init(centroids: [Double], dimension: Int, strategy: Strategy? = nil) {
        precondition(dimension >= 1, "a nearest-centroid index needs dimension >= 1")
        precondition(!centroids.isEmpty && centroids.count % dimension == 0,
                     "centroids must hold a positive multiple of \(dimension) coordinates")
        precondition(centroids.count / dimension < Int(Int32.max), "too many centroids for Int32 labels")
        precondition(centroids.allSatisfy(\.isFinite), "centroids must be finite")
        let count = centroids.count / dimension
        let strategy = strategy ?? .automatic(count: count, dimension: dimension)
        self.dimension = dimension
        self.centroids = centroids
        self.strategy = strategy
        self.tree = strategy == .kdTree || strategy == .buckets ? KDTree(points: centroids, dimension: dimension) : nil
        self.grid = strategy == .buckets && dimension == 2 ? BucketGrid(centroids: centroids, tree: tree!) : nil
        if strategy == .gemm {
            var norms = [Double](repeating: 0, count: count)
            centroids.withUnsafeBufferPointer { c in
                for i in 0..<count {
                    var sum = 0.0
                    for j in 0..<dimension { sum += c[i * dimension + j] * c[i * dimension + j] }
                    norms[i] = sum
                }
            }
            self.squaredNorms = norms
            self.largestSquaredNorm = norms.max() ?? 0
        } else {
            self.squaredNorms = []
            self.largestSquaredNorm = 0
        }
    }

    /// Finds the nearest centroid of each point in a batch.
    ///
    /// - Parameters:
    ///   - points: `count × dimension` finite coordinates, row-major.
    ///   - count: The number of points.
    ///   - result: Receives the index of the nearest centroid of each point (lowest index on
    ///     exact ties) in its first `count` elements.
    /// - Precondition: `points` holds at least `count × dimension` values and `result` at
    ///   least `count` elements.
    /// - Complexity: Per point, O(log n) expected for the k-d tree in low dimension and
    ///   O(n × dimension) for the other strategies, for n centroids. The BLAS strategy may
    ///   use ``BLASThreads/current`` threads.
    public func nearest(
        _ points: UnsafeBufferPointer<Double>, count: Int, into result: UnsafeMutableBufferPointer<Int32>
    ) {
        precondition(count >= 0 && points.count >= count * dimension, "points holds fewer than \(count) points")
        precondition(result.count >= count, "result holds fewer than \(count) elements")
        if count == 0 { return }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { distances in
            assign(points.baseAddress!, range: 0..<count, labels: result.baseAddress!,
                   distances: distances.baseAddress!, useHints: false)
        }
    }

    /// Finds the nearest centroid of each point in a flat array.
    ///
    /// - Parameter points: `m × dimension` finite coordinates, row-major.
    /// - Returns: `m` centroid indices, lowest index on exact ties.
    /// - Precondition: `points.count` is a multiple of `dimension`.
    /// - Complexity: As ``nearest(_:count:into:)``.
    public func nearest(batch points: [Double]) -> [Int32] {
        precondition(points.count % dimension == 0, "points must hold a multiple of \(dimension) coordinates")
        let m = points.count / dimension
        var result = [Int32](repeating: 0, count: m)
        points.withUnsafeBufferPointer { points in
            result.withUnsafeMutableBufferPointer { result in
                nearest(points, count: m, into: result)
            }
        }
        return result
    }

    /// Finds the nearest centroid of one point.
    ///
    /// - Parameter point: `dimension` finite coordinates.
    /// - Returns: The index of the nearest centroid, lowest index on exact ties.
    /// - Precondition: `point.count == dimension`.
    /// - Complexity: As ``nearest(_:count:into:)`` for one point.
    public func nearest(_ point: some Collection<Double>) -> Int {
        precondition(point.count == dimension, "the point needs \(dimension) coordinates")
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: dimension) { buffer in
            _ = buffer.initialize(from: point)
            var label: Int32 = 0
            var distance = 0.0
            assign(UnsafePointer(buffer.baseAddress!), range: 0..<1, labels: &label,
                   distances: &distance, useHints: false)
            return Int(label)
        }
    }

    /// The squared Euclidean distance, accumulated in dimension order; every strategy ranks
    /// with exactly this value.
    @inline(__always)
    static func squaredDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ dimension: Int) -> Double {
        var sum = 0.0
        for j in 0..<dimension {
            let d = a[j] - b[j]
            sum += d * d
        }
        return sum
    }

    /// Assigns the points in `range` to their nearest centroids.
    ///
    /// - Parameters:
    ///   - points: The whole row-major point buffer; only rows in `range` are read.
    ///   - range: The rows to assign.
    ///   - labels: Per row, receives the nearest centroid. With `useHints`, the value already
    ///     there (a previous nearest centroid, or a negative number for none) seeds the k-d
    ///     tree search; the answer does not depend on it.
    ///   - distances: Per row, receives the squared distance to that centroid.
    ///   - useHints: Whether `labels` holds hints on entry.
    /// - Complexity: As ``nearest(_:count:into:)``.
    func assign(
        _ points: UnsafePointer<Double>, range: Range<Int>,
        labels: UnsafeMutablePointer<Int32>, distances: UnsafeMutablePointer<Double>, useHints: Bool
    ) {
        switch strategy {
        case .bruteForce:
            assignByScan(points, range: range, labels: labels, distances: distances)
        case .kdTree:
            assignByTree(points, range: range, labels: labels, distances: distances, useHints: useHints)
        case .buckets:
            guard let grid else {
                return assignByTree(points, range: range, labels: labels, distances: distances, useHints: useHints)
            }
            assignByBuckets(grid, points, range: range, labels: labels, distances: distances)
        case .gemm:
            assignByProduct(points, range: range, labels: labels, distances: distances)
        }
    }

    private func assignByScan(
        _ points: UnsafePointer<Double>, range: Range<Int>,
        labels: UnsafeMutablePointer<Int32>, distances: UnsafeMutablePointer<Double>
    ) {
        let d = dimension, n = count
        centroids.withUnsafeBufferPointer { c in
            let c = c.baseAddress!
            for i in range {
                let x = points + i * d
                var best = Double.infinity
                var bestIndex = 0
                for j in 0..<n {
                    let distance = Self.squaredDistance(x, c + j * d, d)
                    if distance < best {
                        best = distance
                        bestIndex = j
                    }
                }
                labels[i] = Int32(bestIndex)
                distances[i] = best
            }
        }
    }

    private func assignByBuckets(
        _ grid: BucketGrid, _ points: UnsafePointer<Double>, range: Range<Int>,
        labels: UnsafeMutablePointer<Int32>, distances: UnsafeMutablePointer<Double>
    ) {
        centroids.withUnsafeBufferPointer { c in
            tree!.withSearch { search in
                for i in range {
                    let x = points + 2 * i
                    let found = grid.nearest(x[0], x[1], centroids: c.baseAddress!)
                        ?? search.nearest(to: x, bound: .infinity, boundIndex: 0)
                    labels[i] = found.index
                    distances[i] = found.squaredDistance
                }
            }
        }
    }

    private func assignByTree(
        _ points: UnsafePointer<Double>, range: Range<Int>,
        labels: UnsafeMutablePointer<Int32>, distances: UnsafeMutablePointer<Double>, useHints: Bool
    ) {
        let d = dimension, n = count
        centroids.withUnsafeBufferPointer { c in
            let c = c.baseAddress!
            tree!.withSearch { search in
                for i in range {
                    let x = points + i * d
                    var bound = Double.infinity
                    var boundIndex: Int32 = 0
                    if useHints {
                        let hint = Int(labels[i])
                        if hint >= 0 && hint < n {
                            bound = Self.squaredDistance(x, c + hint * d, d)
                            boundIndex = Int32(hint)
                        }
                    }
                    let found = search.nearest(to: x, bound: bound, boundIndex: boundIndex)
                    labels[i] = found.index
                    distances[i] = found.squaredDistance
                }
            }
        }
    }

    private func assignByProduct(
        _ points: UnsafePointer<Double>, range: Range<Int>,
        labels: UnsafeMutablePointer<Int32>, distances: UnsafeMutablePointer<Double>
    ) {
        let d = dimension, n = count
        // Keep the score block near half a million doubles.
        let blockRows = max(16, min(1024, (1 << 19) / n))
        // Bound on |score - (true distance - ‖x‖²)| from the rounding of dot products of
        // length d (Higham's γ_d) and of the norms; doubled to cover both compared scores.
        let unit = Double.ulpOfOne
        let scale = 2 * Double(d + 4) * unit
        withUnsafeTemporaryAllocation(of: Double.self, capacity: blockRows * n) { scores in
            centroids.withUnsafeBufferPointer { c in
                squaredNorms.withUnsafeBufferPointer { norms in
                    var first = range.lowerBound
                    while first < range.upperBound {
                        let rows = min(blockRows, range.upperBound - first)
                        BLAS.gemm(.none, .transposed, m: rows, n: n, k: d, alpha: -2,
                                  a: UnsafeBufferPointer(start: points + first * d, count: rows * d), lda: d,
                                  b: c, ldb: d, beta: 0,
                                  c: UnsafeMutableBufferPointer(rebasing: scores[0..<(rows * n)]), ldc: n)
                        for r in 0..<rows {
                            let i = first + r
                            let x = points + i * d
                            let row = scores.baseAddress! + r * n
                            var lowest = Double.infinity
                            for j in 0..<n {
                                let score = row[j] + norms[j]
                                row[j] = score
                                lowest = min(lowest, score)
                            }
                            var xNorm = 0.0
                            for k in 0..<d { xNorm += x[k] * x[k] }
                            let threshold = lowest + scale * (xNorm + 3 * largestSquaredNorm)
                            var best = Double.infinity
                            var bestIndex = 0
                            for j in 0..<n where row[j] <= threshold {
                                let distance = Self.squaredDistance(x, c.baseAddress! + j * d, d)
                                if distance < best {
                                    best = distance
                                    bestIndex = j
                                }
                            }
                            labels[i] = Int32(bestIndex)
                            distances[i] = best
                        }
                        first += rows
                    }
                }
            }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case dimension, centroids
    }

    /// Decodes the centroids and rebuilds the index with the automatic strategy.
    ///
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the dimension is below 1, the centroid
    ///   buffer is empty or not a multiple of the dimension, or holds a non-finite value; and
    ///   any error of the decoder.
    /// - Complexity: As ``init(centroids:dimension:strategy:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let dimension = try container.decode(Int.self, forKey: .dimension)
        let centroids = try container.decode([Double].self, forKey: .centroids)
        guard dimension >= 1, !centroids.isEmpty, centroids.count % dimension == 0,
              centroids.count / dimension < Int(Int32.max), centroids.allSatisfy(\.isFinite) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: container.codingPath,
                debugDescription: "expected a positive multiple of \(dimension) finite centroid coordinates, got \(centroids.count)"))
        }
        self.init(centroids: centroids, dimension: dimension)
    }

    /// Encodes the dimension and the centroids only.
    ///
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: Any error of the encoder.
    /// - Complexity: O(n × dimension).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dimension, forKey: .dimension)
        try container.encode(centroids, forKey: .centroids)
    }
}

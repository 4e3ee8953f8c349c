/// An exact k-nearest-neighbour index over a growing set of points (behaviours), flat
/// rows of `dimension` numbers.
///
/// CONTRACT (kept by every strategy): ``search(_:k:)`` returns, for each query, the k
/// smallest distances in ascending order with the indices of their points; ties go to the
/// lower index; when the index holds fewer than k points, the missing slots hold distance
/// `.infinity` and index −1. Results never depend on the strategy or the number of threads.
///
/// The strategy is chosen per search by ``NeighbourStrategy/automatic(count:dimension:distance:)``
/// unless ``strategy`` fixes one. Low-dimensional indices keep k-d trees that follow
/// ``append(contentsOf:)`` (a new small tree per batch, merged with its neighbour when it
/// grows as large); high-dimensional Euclidean ones keep the squared norm of every point for
/// the BLAS product.
public struct NearestNeighbours: Sendable {
    /// Numbers per point.
    public let dimension: Int
    /// The distance in use.
    public let distance: BehaviourDistance
    /// The points, row-major.
    public private(set) var points: [Double] = []

    /// The strategy every search uses, or `nil` (the default) to choose by size and dimension
    /// with ``NeighbourStrategy/automatic(count:dimension:distance:)``.
    ///
    /// Setting it to a different value rebuilds the search structure that strategy needs.
    ///
    /// - Complexity: O(n log n) for the k-d tree and O(n × dimension) for the BLAS strategy,
    ///   for n points, when set.
    public var strategy: NeighbourStrategy? {
        didSet { if strategy != oldValue { rebuild() } }
    }

    /// The k-d trees, covering consecutive runs of points in order, largest first
    /// (only when the k-d tree is the strategy in use for large sets).
    var trees: [NeighbourTree] = []
    /// `‖p‖²` per point (only when the BLAS strategy is in use for Euclidean distances).
    var squaredNorms: [Double] = []
    /// The largest entry of `squaredNorms`.
    var largestSquaredNorm = 0.0
    /// The point the single-precision screen measures from: the mean of the first rows appended.
    var center: [Double] = []
    /// The points less `center`, rounded to `Float`, for the single-precision screen.
    var singlePoints: [Float] = []
    /// `‖p̃‖²` of each row of `singlePoints`, in double precision.
    var singleNorms: [Double] = []
    /// The largest entry of `singleNorms`.
    var largestSingleNorm = 0.0
    /// Whether every centred coordinate is finite and small enough (≤ 10¹⁵ in magnitude) for
    /// the single-precision screen; if not, the BLAS strategy screens in double precision.
    var singleFits = true

    /// An empty index.
    ///
    /// - Precondition: `dimension` ≥ 1.
    public init(dimension: Int, distance: BehaviourDistance = .euclidean) {
        precondition(dimension >= 1, "dimension must be at least 1")
        self.dimension = dimension
        self.distance = distance
    }

    /// An empty index that always uses `strategy`.
    ///
    /// - Parameters:
    ///   - dimension: Numbers per point, at least 1.
    ///   - distance: The distance in use.
    ///   - strategy: The strategy, or `nil` to choose automatically.
    /// - Precondition: `dimension` ≥ 1.
    public init(dimension: Int, distance: BehaviourDistance = .euclidean, strategy: NeighbourStrategy?) {
        self.init(dimension: dimension, distance: distance)
        self.strategy = strategy
        rebuild()
    }

    /// The number of points.
    public var count: Int { points.count / dimension }

    /// Adds points (flat rows).
    ///
    /// - Complexity: O(m × dimension) for m new rows, plus, for the k-d tree, the amortised
    ///   O(m log m log n) of building and merging trees.
    public mutating func append(contentsOf rows: [Double]) {
        precondition(rows.count % dimension == 0, "rows must be whole")
        precondition(count + rows.count / dimension < Int(Int32.max), "an index holds fewer than 2^31 − 1 points")
        let before = count
        points.append(contentsOf: rows)
        extendStructures(from: before)
    }

    /// Keeps only the points at `indices` (ascending), renumbering them 0, 1, ….
    ///
    /// - Complexity: O(m × dimension) for m kept points, plus a rebuild of the search structure.
    public mutating func keep(_ indices: [Int]) {
        var kept: [Double] = []
        kept.reserveCapacity(indices.count * dimension)
        for i in indices { kept.append(contentsOf: points[(i * dimension)..<((i + 1) * dimension)]) }
        points = kept
        rebuild()
    }

    /// The strategy a search over the current points uses.
    public var strategyInUse: NeighbourStrategy {
        strategy ?? .automatic(count: count, dimension: dimension, distance: distance)
    }

    /// The k nearest points of each query (flat rows).
    ///
    /// - Returns: `distances` and `indices`, `queries.count / dimension × k` each, row-major.
    /// - Complexity: O(n × count × dimension) for n queries by brute force or BLAS; for the
    ///   k-d tree about O(n × (k + log count)) on well-spread points in low dimension.
    public func search(_ queries: [Double], k: Int) -> (distances: [Double], indices: [Int32]) {
        precondition(k >= 1 && queries.count % dimension == 0, "k must be positive and queries whole")
        let n = queries.count / dimension
        var distances = [Double](repeating: .infinity, count: n * k)
        var indices = [Int32](repeating: -1, count: n * k)
        if n == 0 { return (distances, indices) }
        queries.withUnsafeBufferPointer { q in
            distances.withUnsafeMutableBufferPointer { dist in
                indices.withUnsafeMutableBufferPointer { idx in
                    withUnsafeTemporaryAllocation(of: NeighbourList.self, capacity: n) { lists in
                        for r in 0..<n {
                            (lists.baseAddress! + r).initialize(to: NeighbourList(
                                distances: dist.baseAddress! + r * k, indices: idx.baseAddress! + r * k,
                                k: k, metric: distance))
                        }
                        guard count > 0 else { return }
                        switch strategyInUse {
                        case .bruteForce: searchByScan(q.baseAddress!, lists: lists)
                        case .kdTree: searchByTrees(q.baseAddress!, lists: lists)
                        case .blas:
                            if distance == .euclidean {
                                searchByProduct(q.baseAddress!, lists: lists)
                            } else {
                                searchByBlocks(q.baseAddress!, lists: lists)
                            }
                        }
                    }
                }
            }
        }
        return (distances, indices)
    }

    /// The k nearest other points of each of the first points of the index.
    ///
    /// Query row i is taken to be point i of the index (as when a population's behaviours
    /// are the first rows), and point i is left out of its own neighbours; other points at
    /// distance 0 (duplicates) still count.
    ///
    /// - Parameters:
    ///   - queries: Row-major rows; row i must equal point i.
    ///   - k: The number of neighbours, at least 1.
    ///   - excludingSelf: Whether to leave point i out of row i's neighbours; `false` is ``search(_:k:)``.
    /// - Returns: `distances` and `indices`, `queries.count / dimension × k` each, row-major,
    ///   under the contract of ``search(_:k:)`` over the index without point i.
    /// - Precondition: with `excludingSelf`, there are no more query rows than points.
    /// - Complexity: That of ``search(_:k:)`` with k + 1.
    public func search(_ queries: [Double], k: Int, excludingSelf: Bool) -> (distances: [Double], indices: [Int32]) {
        guard excludingSelf else { return search(queries, k: k) }
        precondition(k >= 1 && queries.count % dimension == 0, "k must be positive and queries whole")
        let n = queries.count / dimension
        precondition(n <= count, "with excludingSelf, query row i is point i: \(n) rows but \(count) points")
        // The k + 1 best over all points, less point i itself, are the k best over the others.
        let wide = search(queries, k: k + 1)
        var distances = [Double](repeating: .infinity, count: n * k)
        var indices = [Int32](repeating: -1, count: n * k)
        for r in 0..<n {
            var slot = 0
            for s in 0..<(k + 1) where slot < k && Int(wide.indices[r * (k + 1) + s]) != r {
                distances[r * k + slot] = wide.distances[r * (k + 1) + s]
                indices[r * k + slot] = wide.indices[r * (k + 1) + s]
                slot += 1
            }
        }
        return (distances, indices)
    }

    /// Linear scan: every point offered to every query in index order.
    func searchByScan(_ queries: UnsafePointer<Double>, lists: UnsafeMutableBufferPointer<NeighbourList>) {
        let d = dimension, m = count, metric = distance
        points.withUnsafeBufferPointer { p in
            let p = p.baseAddress!
            for r in 0..<lists.count {
                let q = queries + r * d
                var list = lists[r]
                for j in 0..<m {
                    let raw = metric.raw(q, p + j * d, d)
                    if raw <= list.limit { list.offer(raw: raw, index: Int32(j)) }
                }
                lists[r] = list
            }
        }
    }
}

/// A k-d tree over a fixed set of points, stored in flat arrays, for exact nearest-point
/// queries in low dimension.
///
/// The tree splits each node at the median of its widest dimension until a leaf holds at
/// most ``leafCapacity`` points (Friedman, Bentley & Finkel 1977). Nodes live in parallel
/// arrays indexed by node number, and the points are copied into tree order so that every
/// leaf is one contiguous run of the flat coordinate buffer. Searches keep a per-dimension
/// offset vector, so a subtree is skipped when the distance from the query to its cell
/// exceeds the best distance so far (Arya & Mount 1993).
///
/// Distances are squared Euclidean, accumulated dimension by dimension in index order
/// exactly as ``NearestCentroidIndex`` computes them, so the answer is bit-for-bit that of a
/// linear scan. Where two points are at exactly the same distance, the lower original index
/// wins.
public struct KDTree: Sendable {
    /// The largest number of points in a leaf.
    public static let leafCapacity = 8

    /// The number of coordinates per point.
    public let dimension: Int

    /// The number of points.
    public let count: Int

    /// Coordinates in tree order: slot `s` occupies `points[s * dimension ..< (s + 1) * dimension]`.
    let points: [Double]
    /// The original index of the point in each tree slot.
    let originalIndex: [Int32]
    /// First tree slot of each node.
    let nodeStart: [Int32]
    /// One past the last tree slot of each node.
    let nodeEnd: [Int32]
    /// The split dimension of each inner node, or -1 for a leaf.
    let splitDimension: [Int32]
    /// The split coordinate of each inner node: left slots are `<=` it, right slots `>=` it.
    let splitValue: [Double]
    /// The left child of each inner node; the right child is the next node.
    let leftChild: [Int32]

    /// Builds a tree over `count` points stored row-major with stride `dimension`.
    ///
    /// - Parameters:
    ///   - points: `count × dimension` finite coordinates, row-major.
    ///   - dimension: The number of coordinates per point, at least 1.
    /// - Precondition: `points.count` is a positive multiple of `dimension`, and
    ///   `points.count / dimension` fits in an `Int32`.
    /// - Complexity: O(n log n) time and O(n) memory for n points (median selection per level).
    public init(points: [Double], dimension: Int) {
        precondition(dimension >= 1, "a k-d tree needs dimension >= 1")
        precondition(!points.isEmpty && points.count % dimension == 0,
                     "points must hold a positive multiple of \(dimension) coordinates")
        let count = points.count / dimension
        precondition(count < Int(Int32.max), "a k-d tree holds fewer than 2^31 - 1 points")
        self.dimension = dimension
        self.count = count

        var order = (0..<count).map { Int32($0) }
        var builder = Builder(dimension: dimension)
        points.withUnsafeBufferPointer { source in
            order.withUnsafeMutableBufferPointer { order in
                builder.build(source: source, order: order)
            }
        }
        var treePoints = [Double](repeating: 0, count: points.count)
        points.withUnsafeBufferPointer { source in
            treePoints.withUnsafeMutableBufferPointer { target in
                for slot in 0..<count {
                    let from = Int(order[slot]) * dimension
                    for j in 0..<dimension { target[slot * dimension + j] = source[from + j] }
                }
            }
        }
        self.points = treePoints
        self.originalIndex = order
        self.nodeStart = builder.nodeStart
        self.nodeEnd = builder.nodeEnd
        self.splitDimension = builder.splitDimension
        self.splitValue = builder.splitValue
        self.leftChild = builder.leftChild
    }

    /// The nearest point to a query.
    ///
    /// - Parameter query: `dimension` finite coordinates.
    /// - Returns: The original index of the nearest point (the lowest one among exact ties)
    ///   and its squared Euclidean distance.
    /// - Precondition: `query.count == dimension`.
    /// - Complexity: O(log n) expected for well-spread points in low dimension; O(n) worst case.
    public func nearest(to query: UnsafeBufferPointer<Double>) -> (index: Int, squaredDistance: Double) {
        precondition(query.count == dimension, "the query needs \(dimension) coordinates")
        let found = withSearch { $0.nearest(to: query.baseAddress!, bound: .infinity, boundIndex: 0) }
        return (Int(found.index), found.squaredDistance)
    }

    /// Runs `body` with a searcher whose pointers stay valid for the whole call, so a batch
    /// of queries pays the set-up once.
    ///
    /// - Parameter body: A closure that issues queries through ``Search/nearest(to:bound:boundIndex:)``.
    /// - Returns: Whatever `body` returns.
    func withSearch<Result>(_ body: (inout Search) -> Result) -> Result {
        points.withUnsafeBufferPointer { points in
            originalIndex.withUnsafeBufferPointer { originalIndex in
                nodeStart.withUnsafeBufferPointer { nodeStart in
                    nodeEnd.withUnsafeBufferPointer { nodeEnd in
                        splitDimension.withUnsafeBufferPointer { splitDimension in
                            splitValue.withUnsafeBufferPointer { splitValue in
                                leftChild.withUnsafeBufferPointer { leftChild in
                                    withUnsafeTemporaryAllocation(of: Double.self, capacity: dimension) { offsets in
                                        offsets.initialize(repeating: 0)
                                        var search = Search(
                                            dimension: dimension,
                                            points: points.baseAddress!, originalIndex: originalIndex.baseAddress!,
                                            nodeStart: nodeStart.baseAddress!, nodeEnd: nodeEnd.baseAddress!,
                                            splitDimension: splitDimension.baseAddress!,
                                            splitValue: splitValue.baseAddress!, leftChild: leftChild.baseAddress!,
                                            offsets: offsets.baseAddress!)
                                        return body(&search)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// One query's traversal state over raw pointers into the tree's arrays.
    struct Search {
        var query: UnsafePointer<Double>
        let dimension: Int
        let points: UnsafePointer<Double>
        let originalIndex: UnsafePointer<Int32>
        let nodeStart: UnsafePointer<Int32>
        let nodeEnd: UnsafePointer<Int32>
        let splitDimension: UnsafePointer<Int32>
        let splitValue: UnsafePointer<Double>
        let leftChild: UnsafePointer<Int32>
        /// Per-dimension signed offset from the query to the current cell.
        let offsets: UnsafeMutablePointer<Double>
        var best: Double
        var bestIndex: Int32

        init(dimension: Int, points: UnsafePointer<Double>,
             originalIndex: UnsafePointer<Int32>, nodeStart: UnsafePointer<Int32>,
             nodeEnd: UnsafePointer<Int32>, splitDimension: UnsafePointer<Int32>,
             splitValue: UnsafePointer<Double>, leftChild: UnsafePointer<Int32>,
             offsets: UnsafeMutablePointer<Double>) {
            self.query = UnsafePointer(offsets)
            self.dimension = dimension
            self.points = points
            self.originalIndex = originalIndex
            self.nodeStart = nodeStart
            self.nodeEnd = nodeEnd
            self.splitDimension = splitDimension
            self.splitValue = splitValue
            self.leftChild = leftChild
            self.offsets = offsets
            self.best = .infinity
            self.bestIndex = 0
        }

        /// The nearest point to a query, optionally starting from a known candidate.
        ///
        /// Passing the squared distance to a point that is probably close (such as the
        /// previous nearest centroid in a k-means iteration) prunes most of the tree from the
        /// start; the answer is the same as without it.
        ///
        /// - Parameters:
        ///   - query: Pointer to `dimension` coordinates.
        ///   - bound: The squared distance from `query` to the point `boundIndex`, or `.infinity`.
        ///   - boundIndex: The original index of that point (any valid index when `bound` is infinite).
        /// - Returns: The original index and squared distance of the nearest point, lowest
        ///   index on exact ties.
        mutating func nearest(
            to query: UnsafePointer<Double>, bound: Double, boundIndex: Int32
        ) -> (index: Int32, squaredDistance: Double) {
            self.query = query
            best = bound
            bestIndex = boundIndex
            visit(0)
            return (bestIndex, best)
        }

        mutating func visit(_ node: Int) {
            let axis = Int(splitDimension[node])
            if axis < 0 {
                scanLeaf(Int(nodeStart[node]), Int(nodeEnd[node]))
                return
            }
            let left = Int(leftChild[node])
            let gap = query[axis] - splitValue[node]
            let (near, far) = gap < 0 ? (left, left + 1) : (left + 1, left)
            visit(near)
            // The far cell lies beyond the split plane: its offset on `axis` is at least `gap`.
            let saved = offsets[axis]
            offsets[axis] = gap
            var bound = 0.0
            for j in 0..<dimension { bound += offsets[j] * offsets[j] }
            if bound <= best { visit(far) }
            offsets[axis] = saved
        }

        mutating func scanLeaf(_ start: Int, _ end: Int) {
            if dimension == 2 {
                let q0 = query[0], q1 = query[1]
                for slot in start..<end {
                    let d0 = q0 - points[2 &* slot]
                    let d1 = q1 - points[2 &* slot &+ 1]
                    var distance = 0.0
                    distance += d0 * d0
                    distance += d1 * d1
                    consider(slot, distance)
                }
                return
            }
            for slot in start..<end {
                let base = points + slot &* dimension
                var distance = 0.0
                for j in 0..<dimension {
                    let d = query[j] - base[j]
                    distance += d * d
                }
                consider(slot, distance)
            }
        }

        @inline(__always)
        mutating func consider(_ slot: Int, _ distance: Double) {
            if distance <= best {
                let index = originalIndex[slot]
                if distance < best || index < bestIndex {
                    best = distance
                    bestIndex = index
                }
            }
        }
    }

    /// Builds the node arrays by recursive median splits of a permutation of the points.
    struct Builder {
        let dimension: Int
        var nodeStart: [Int32] = []
        var nodeEnd: [Int32] = []
        var splitDimension: [Int32] = []
        var splitValue: [Double] = []
        var leftChild: [Int32] = []

        init(dimension: Int) { self.dimension = dimension }

        mutating func build(source: UnsafeBufferPointer<Double>, order: UnsafeMutableBufferPointer<Int32>) {
            _ = addNode()
            split(node: 0, start: 0, end: order.count, source: source, order: order)
        }

        private mutating func addNode() -> Int {
            nodeStart.append(0)
            nodeEnd.append(0)
            splitDimension.append(-1)
            splitValue.append(0)
            leftChild.append(-1)
            return nodeStart.count - 1
        }

        private mutating func split(
            node: Int, start: Int, end: Int,
            source: UnsafeBufferPointer<Double>, order: UnsafeMutableBufferPointer<Int32>
        ) {
            nodeStart[node] = Int32(start)
            nodeEnd[node] = Int32(end)
            if end - start <= KDTree.leafCapacity { return }
            // Widest dimension of the points in this node.
            var axis = 0
            var widest = -Double.infinity
            for j in 0..<dimension {
                var low = Double.infinity, high = -Double.infinity
                for slot in start..<end {
                    let value = source[Int(order[slot]) * dimension + j]
                    low = min(low, value)
                    high = max(high, value)
                }
                if high - low > widest {
                    widest = high - low
                    axis = j
                }
            }
            if widest <= 0 { return }  // all points coincide: keep one leaf
            let middle = (start + end) / 2
            select(middle, start: start, end: end, axis: axis, source: source, order: order)
            let left = addNode()
            _ = addNode()
            splitDimension[node] = Int32(axis)
            splitValue[node] = source[Int(order[middle]) * dimension + axis]
            leftChild[node] = Int32(left)
            split(node: left, start: start, end: middle, source: source, order: order)
            split(node: left + 1, start: middle, end: end, source: source, order: order)
        }

        /// Reorders `order[start..<end]` so the element at `k` has its sorted rank, with
        /// keys `<=` it before and `>=` it after (three-way quickselect, median-of-three pivot).
        private func select(
            _ k: Int, start: Int, end: Int, axis: Int,
            source: UnsafeBufferPointer<Double>, order: UnsafeMutableBufferPointer<Int32>
        ) {
            @inline(__always) func key(_ slot: Int) -> Double { source[Int(order[slot]) * dimension + axis] }
            var low = start, high = end - 1
            while low < high {
                let a = key(low), b = key((low + high) / 2), c = key(high)
                let pivot = max(min(a, b), min(max(a, b), c))
                // Dutch-flag partition: [low, lt) < pivot, [lt, i) == pivot, (gt, high] > pivot.
                var lt = low, i = low, gt = high
                while i <= gt {
                    let value = key(i)
                    if value < pivot {
                        order.swapAt(lt, i); lt += 1; i += 1
                    } else if value > pivot {
                        order.swapAt(i, gt); gt -= 1
                    } else {
                        i += 1
                    }
                }
                if k < lt { high = lt - 1 } else if k > gt { low = gt + 1 } else { return }
            }
        }
    }
}

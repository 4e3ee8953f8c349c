/// A k-d tree over one contiguous run of an index's points, for exact k-nearest-neighbour
/// search under either ``BehaviourDistance``.
///
/// Each node splits at the median of its widest coordinate until a leaf holds at most
/// ``leafCapacity`` points (Friedman, Bentley & Finkel 1977). The points are copied in tree
/// order, so a leaf is one contiguous run. A search keeps, per coordinate, the offset from
/// the query to the current cell and skips a cell whose lower bound (the raw sum of those
/// offsets, squared or absolute) exceeds the list's limit (Arya & Mount 1993). The bound is
/// accumulated in coordinate order like the point sums, and rounding is monotone, so it
/// never exceeds the computed raw sum of a point inside the cell: the search is exact.
struct NeighbourTree: Sendable {
    /// The largest number of points in a leaf.
    static let leafCapacity = 12

    /// The first index (in the whole index) of the run this tree covers.
    let start: Int
    /// The number of points in the run.
    let count: Int
    /// Coordinates in tree order.
    private let points: [Double]
    /// The index (in the whole index) of the point in each tree slot.
    private let original: [Int32]
    /// First slot of each node.
    private let first: [Int32]
    /// One past the last slot of each node.
    private let last: [Int32]
    /// Split coordinate of each inner node, or −1 for a leaf.
    private let axis: [Int32]
    /// Split value of each inner node: the left child's slots are `<=` it, the right's `>=`.
    private let split: [Double]
    /// Left child of each inner node; the right child follows it.
    private let left: [Int32]

    /// Builds a tree over the points `start ..< start + count` of `source`.
    ///
    /// - Complexity: O(count log count) time.
    init(source: UnsafePointer<Double>, dimension d: Int, start: Int, count: Int) {
        self.start = start
        self.count = count
        var order = (0..<count).map { Int32(start + $0) }
        var builder = Builder(source: source, dimension: d)
        order.withUnsafeMutableBufferPointer { builder.build($0) }
        var copied = [Double](repeating: 0, count: count * d)
        copied.withUnsafeMutableBufferPointer { target in
            for slot in 0..<count {
                (target.baseAddress! + slot * d).update(from: source + Int(order[slot]) * d, count: d)
            }
        }
        points = copied
        original = order
        first = builder.first
        last = builder.last
        axis = builder.axis
        split = builder.split
        left = builder.left
    }

    /// Offers to each list the points of this tree that may belong in it.
    ///
    /// - Parameters:
    ///   - queries: Row-major queries; row `r` is the query of `lists[r]`.
    ///   - lists: One list per query, already holding what earlier trees found.
    func search(_ queries: UnsafePointer<Double>, dimension d: Int, lists: UnsafeMutableBufferPointer<NeighbourList>) {
        points.withUnsafeBufferPointer { points in
        original.withUnsafeBufferPointer { original in
        first.withUnsafeBufferPointer { first in
        last.withUnsafeBufferPointer { last in
        axis.withUnsafeBufferPointer { axis in
        split.withUnsafeBufferPointer { split in
        left.withUnsafeBufferPointer { left in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: d) { offsets in
                var walk = Walk(
                    points: points.baseAddress!, original: original.baseAddress!, first: first.baseAddress!,
                    last: last.baseAddress!, axis: axis.baseAddress!, split: split.baseAddress!,
                    left: left.baseAddress!, offsets: offsets.baseAddress!, dimension: d,
                    query: queries, list: lists[0])
                for r in 0..<lists.count {
                    offsets.initialize(repeating: 0)
                    walk.query = queries + r * d
                    walk.list = lists[r]
                    walk.visit(0)
                    lists[r] = walk.list
                }
            }
        }}}}}}}
    }

    /// One query's descent over raw pointers into the tree.
    private struct Walk {
        let points: UnsafePointer<Double>
        let original: UnsafePointer<Int32>
        let first: UnsafePointer<Int32>
        let last: UnsafePointer<Int32>
        let axis: UnsafePointer<Int32>
        let split: UnsafePointer<Double>
        let left: UnsafePointer<Int32>
        /// Per coordinate, the offset from the query to the current cell.
        let offsets: UnsafeMutablePointer<Double>
        let dimension: Int
        var query: UnsafePointer<Double>
        var list: NeighbourList

        mutating func visit(_ node: Int) {
            let a = Int(axis[node])
            if a < 0 {
                let metric = list.metric
                for slot in Int(first[node])..<Int(last[node]) {
                    let raw = metric.raw(query, points + slot &* dimension, dimension)
                    if raw <= list.limit { list.offer(raw: raw, index: original[slot]) }
                }
                return
            }
            let child = Int(left[node])
            let gap = query[a] - split[node]
            visit(gap < 0 ? child : child + 1)
            // Every point of the far cell lies beyond the split plane on axis `a`.
            let saved = offsets[a]
            offsets[a] = gap
            var bound = 0.0
            if list.metric == .euclidean {
                for j in 0..<dimension { bound += offsets[j] * offsets[j] }
            } else {
                for j in 0..<dimension { bound += abs(offsets[j]) }
            }
            if bound <= list.limit { visit(gap < 0 ? child + 1 : child) }
            offsets[a] = saved
        }
    }

    /// Builds the node arrays by recursive median splits of a permutation of the points.
    private struct Builder {
        let source: UnsafePointer<Double>
        let dimension: Int
        var first: [Int32] = []
        var last: [Int32] = []
        var axis: [Int32] = []
        var split: [Double] = []
        var left: [Int32] = []

        init(source: UnsafePointer<Double>, dimension: Int) {
            self.source = source
            self.dimension = dimension
        }

        mutating func build(_ order: UnsafeMutableBufferPointer<Int32>) {
            let root = addNode()
            divide(root, 0, order.count, order)
        }

        private mutating func addNode() -> Int {
            first.append(0); last.append(0); axis.append(-1); split.append(0); left.append(-1)
            return first.count - 1
        }

        private mutating func divide(_ node: Int, _ low: Int, _ high: Int, _ order: UnsafeMutableBufferPointer<Int32>) {
            first[node] = Int32(low)
            last[node] = Int32(high)
            guard high - low > NeighbourTree.leafCapacity else { return }
            var widestAxis = 0
            var width = -Double.infinity
            for j in 0..<dimension {
                var lowest = Double.infinity, highest = -Double.infinity
                for slot in low..<high {
                    let v = source[Int(order[slot]) &* dimension &+ j]
                    lowest = min(lowest, v)
                    highest = max(highest, v)
                }
                if highest - lowest > width { width = highest - lowest; widestAxis = j }
            }
            guard width > 0 else { return }  // all points coincide: one leaf
            let middle = (low + high) / 2
            select(middle, low, high, widestAxis, order)
            let child = addNode()
            _ = addNode()
            axis[node] = Int32(widestAxis)
            split[node] = source[Int(order[middle]) * dimension + widestAxis]
            left[node] = Int32(child)
            divide(child, low, middle, order)
            divide(child + 1, middle, high, order)
        }

        /// Puts the slot of rank `k` in place, keys `<=` it before and `>=` it after
        /// (quickselect with a three-way partition and a median-of-three pivot).
        private func select(_ k: Int, _ low: Int, _ high: Int, _ a: Int, _ order: UnsafeMutableBufferPointer<Int32>) {
            let source = self.source, d = dimension
            @inline(__always) func key(_ slot: Int) -> Double { source[Int(order[slot]) &* d &+ a] }
            var lo = low, hi = high - 1
            while lo < hi {
                let x = key(lo), y = key((lo + hi) / 2), z = key(hi)
                let pivot = max(min(x, y), min(max(x, y), z))
                var below = lo, i = lo, above = hi
                while i <= above {
                    let v = key(i)
                    if v < pivot { order.swapAt(below, i); below += 1; i += 1 }
                    else if v > pivot { order.swapAt(i, above); above -= 1 }
                    else { i += 1 }
                }
                if k < below { hi = below - 1 } else if k > above { lo = above + 1 } else { return }
            }
        }
    }
}

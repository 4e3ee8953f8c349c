extension NearestNeighbours {
    /// Whether the index keeps k-d trees for the strategy in use on large sets.
    var keepsTrees: Bool { (strategy ?? NeighbourStrategy.family(dimension: dimension)) == .kdTree }

    /// Whether the index keeps squared norms for the BLAS product.
    var keepsNorms: Bool {
        distance == .euclidean && (strategy ?? NeighbourStrategy.family(dimension: dimension)) == .blas
    }

    /// Rebuilds the search structure from scratch (after ``keep(_:)`` or a change of strategy).
    mutating func rebuild() {
        trees = []
        squaredNorms = []
        largestSquaredNorm = 0
        center = []
        singlePoints = []
        singleNorms = []
        largestSingleNorm = 0
        singleFits = true
        extendStructures(from: 0)
    }

    /// Brings the search structure up to date with the points from `before` on.
    ///
    /// Trees follow the logarithmic method (Bentley & Saxe 1980): the new rows get a tree of
    /// their own, and while the tree before the last holds no more points than the last, the
    /// two are rebuilt as one. Tree sizes thus at least double from last to first, so a search
    /// visits O(log n) trees and each point is rebuilt O(log n) times over its life.
    mutating func extendStructures(from before: Int) {
        let d = dimension, total = count
        guard total > before else { return }
        if keepsTrees {
            points.withUnsafeBufferPointer { source in
                trees.append(NeighbourTree(source: source.baseAddress!, dimension: d, start: before, count: total - before))
                while trees.count >= 2 && trees[trees.count - 2].count <= trees[trees.count - 1].count {
                    let merged = trees.removeLast().count + trees[trees.count - 1].count
                    let start = trees.removeLast().start
                    trees.append(NeighbourTree(source: source.baseAddress!, dimension: d, start: start, count: merged))
                }
            }
        }
        if keepsNorms {
            points.withUnsafeBufferPointer { p in
                for i in before..<total {
                    var sum = 0.0
                    for j in 0..<d { sum += p[i * d + j] * p[i * d + j] }
                    squaredNorms.append(sum)
                    largestSquaredNorm = max(largestSquaredNorm, sum)
                }
                if center.isEmpty {
                    center = [Double](repeating: 0, count: d)
                    for i in before..<total { for j in 0..<d { center[j] += p[i * d + j] } }
                    for j in 0..<d { center[j] /= Double(total - before) }
                }
                for i in before..<total {
                    var sum = 0.0
                    for j in 0..<d {
                        let centred = p[i * d + j] - center[j]
                        if !(abs(centred) <= Self.singleRange) { singleFits = false }
                        let single = Float(centred)
                        singlePoints.append(single)
                        sum += Double(single) * Double(single)
                    }
                    singleNorms.append(sum)
                    largestSingleNorm = max(largestSingleNorm, sum)
                }
            }
        }
    }

    /// Search through the k-d trees, largest first, so later trees start from a tight limit.
    func searchByTrees(_ queries: UnsafePointer<Double>, lists: UnsafeMutableBufferPointer<NeighbourList>) {
        for tree in trees { tree.search(queries, dimension: dimension, lists: lists) }
    }
}

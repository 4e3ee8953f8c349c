/// An exact k-nearest-neighbour index over a growing set of points (behaviours), flat
/// rows of `dimension` numbers.
///
/// CONTRACT (kept by every strategy): ``search(_:k:)`` returns, for each query, the k
/// smallest distances in ascending order with the indices of their points; ties go to the
/// lower index; when the index holds fewer than k points, the missing slots hold distance
/// `.infinity` and index −1. Results never depend on the strategy or the number of threads.
public struct NearestNeighbours: Sendable {
    /// Numbers per point.
    public let dimension: Int
    /// The distance in use.
    public let distance: BehaviourDistance
    /// The points, row-major.
    public private(set) var points: [Double] = []

    /// An empty index.
    ///
    /// - Precondition: `dimension` ≥ 1.
    public init(dimension: Int, distance: BehaviourDistance = .euclidean) {
        precondition(dimension >= 1, "dimension must be at least 1")
        self.dimension = dimension
        self.distance = distance
    }

    /// The number of points.
    public var count: Int { points.count / dimension }

    /// Adds points (flat rows).
    public mutating func append(contentsOf rows: [Double]) {
        precondition(rows.count % dimension == 0, "rows must be whole")
        points.append(contentsOf: rows)
    }

    /// Keeps only the points at `indices` (ascending), renumbering them 0, 1, ….
    public mutating func keep(_ indices: [Int]) {
        var kept: [Double] = []
        kept.reserveCapacity(indices.count * dimension)
        for i in indices { kept.append(contentsOf: points[(i * dimension)..<((i + 1) * dimension)]) }
        points = kept
    }

    /// The k nearest points of each query (flat rows).
    ///
    /// - Returns: `distances` and `indices`, `queries.count / dimension × k` each, row-major.
    public func search(_ queries: [Double], k: Int) -> (distances: [Double], indices: [Int32]) {
        precondition(k >= 1 && queries.count % dimension == 0, "k must be positive and queries whole")
        let n = queries.count / dimension, m = count
        var distances = [Double](repeating: .infinity, count: n * k)
        var indices = [Int32](repeating: -1, count: n * k)
        queries.withUnsafeBufferPointer { q in
            points.withUnsafeBufferPointer { p in
                for row in 0..<n {
                    let query = UnsafeBufferPointer(rebasing: q[(row * dimension)..<((row + 1) * dimension)])
                    let base = row * k
                    for j in 0..<m {
                        let d = distance(query, UnsafeBufferPointer(rebasing: p[(j * dimension)..<((j + 1) * dimension)]))
                        guard d < distances[base + k - 1] else { continue }
                        var slot = base + k - 1
                        while slot > base && distances[slot - 1] > d {
                            distances[slot] = distances[slot - 1]
                            indices[slot] = indices[slot - 1]
                            slot -= 1
                        }
                        distances[slot] = d
                        indices[slot] = Int32(j)
                    }
                }
            }
        }
        return (distances, indices)
    }
}

/// Novelty from nearest-neighbour distances (Lehman & Stanley 2011): how far a behaviour
/// lies from those already seen.
public enum NoveltyScore {
    /// The mean distance to the k nearest neighbours of each query.
    ///
    /// Slots without a neighbour (distance `.infinity`, as ``NearestNeighbours/search(_:k:)``
    /// fills them when the index holds fewer than k points) are left out: the mean is over
    /// the neighbours that exist. A query with no neighbour at all has novelty `.infinity`.
    ///
    /// - Parameters:
    ///   - distances: Row-major, `k` per query, as returned by a search.
    ///   - k: The number of slots per query, at least 1.
    /// - Returns: One novelty per query.
    /// - Precondition: `distances.count` is a multiple of `k`.
    /// - Complexity: O(`distances.count`).
    public static func mean(distances: [Double], k: Int) -> [Double] {
        precondition(k >= 1 && distances.count % k == 0, "distances must hold whole rows of k")
        return (0..<(distances.count / k)).map { row in
            var sum = 0.0, found = 0
            for d in distances[(row * k)..<((row + 1) * k)] where d != .infinity {
                sum += d
                found += 1
            }
            return found == 0 ? .infinity : sum / Double(found)
        }
    }
}

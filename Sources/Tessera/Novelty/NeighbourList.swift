/// The k best neighbours found so far for one query: a row of the result, kept sorted by
/// distance and then by index, with the raw-sum limit that screens new candidates.
struct NeighbourList {
    /// `k` distances, ascending; unfilled slots hold `.infinity`.
    let distances: UnsafeMutablePointer<Double>
    /// `k` indices matching `distances`; unfilled slots hold −1.
    let indices: UnsafeMutablePointer<Int32>
    /// The number of slots.
    let k: Int
    /// The distance in use.
    let metric: BehaviourDistance
    /// A raw sum above which no point can enter (``BehaviourDistance/rawLimit(_:)`` of the worst slot).
    private(set) var limit: Double

    /// Clears the row to `.infinity` and −1.
    init(distances: UnsafeMutablePointer<Double>, indices: UnsafeMutablePointer<Int32>, k: Int, metric: BehaviourDistance) {
        self.distances = distances
        self.indices = indices
        self.k = k
        self.metric = metric
        distances.update(repeating: .infinity, count: k)
        indices.update(repeating: -1, count: k)
        limit = .infinity
    }

    /// Offers the point `index` at raw sum `raw` (already known to be at most ``limit``).
    ///
    /// The point enters when its distance is below the worst slot's, or equal to it with a
    /// lower index; the slots stay sorted by (distance, index), so the final row is
    /// the brute-force answer whatever order points are offered in.
    @inline(__always)
    mutating func offer(raw: Double, index: Int32) {
        let d = metric.finish(raw)
        let last = k - 1
        let worst = distances[last]
        guard d < worst || (d == worst && indices[last] >= 0 && index < indices[last]) else { return }
        var slot = last
        while slot > 0 {
            let before = distances[slot - 1]
            if before < d || (before == d && indices[slot - 1] < index) { break }
            distances[slot] = before
            indices[slot] = indices[slot - 1]
            slot -= 1
        }
        distances[slot] = d
        indices[slot] = index
        limit = metric.rawLimit(distances[last])
    }
}

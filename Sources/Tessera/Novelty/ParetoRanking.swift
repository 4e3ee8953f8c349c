/// NSGA-II's ranking of points on several objectives, all maximised (Deb et al. 2002):
/// non-dominated fronts, then crowding distance within each front.
///
/// A point dominates another when it is at least as good on every objective and better
/// on one. Front 0 holds the points nobody dominates, front 1 those dominated only by
/// front 0, and so on. Within a front, each objective sorts the members ascending (ties
/// by index); the first and last get an infinite crowding distance and every other member
/// adds `(next − previous) / (max − min)` (nothing when the front's range on that
/// objective is zero or not finite). ``order`` ranks points by front, then by larger
/// crowding distance, then by lower index, so the ranking is deterministic.
public struct ParetoRanking: Sendable, Hashable {
    /// The front of each point (0 for the non-dominated).
    public let fronts: [Int]
    /// The crowding distance of each point within its front.
    public let crowding: [Double]

    /// Ranks `points`, `objectiveCount` values per point, row-major.
    ///
    /// - Complexity: O(m · n²) for n points of m objectives (the dominance tests), plus
    ///   O(m · n log n) for crowding.
    public init(points: [Double], objectiveCount m: Int) {
        precondition(m >= 1 && points.count % m == 0, "points must be whole rows of at least one objective")
        let n = points.count / m
        func dominates(_ a: Int, _ b: Int) -> Bool {
            var better = false
            for j in 0..<m {
                let x = points[a * m + j], y = points[b * m + j]
                if x < y { return false }
                if x > y { better = true }
            }
            return better
        }
        var dominatedBy = [Int](repeating: 0, count: n)
        var dominating = [[Int]](repeating: [], count: n)
        for a in 0..<n {
            for b in (a + 1)..<max(a + 1, n) {
                if dominates(a, b) {
                    dominating[a].append(b)
                    dominatedBy[b] += 1
                } else if dominates(b, a) {
                    dominating[b].append(a)
                    dominatedBy[a] += 1
                }
            }
        }
        var fronts = [Int](repeating: 0, count: n)
        var crowding = [Double](repeating: 0, count: n)
        var current = (0..<n).filter { dominatedBy[$0] == 0 }
        var rank = 0
        while !current.isEmpty {
            for i in current { fronts[i] = rank }
            Self.crowd(current, points: points, m: m, into: &crowding)
            var next: [Int] = []
            for a in current {
                for b in dominating[a] {
                    dominatedBy[b] -= 1
                    if dominatedBy[b] == 0 { next.append(b) }
                }
            }
            next.sort()
            current = next
            rank += 1
        }
        self.fronts = fronts
        self.crowding = crowding
    }

    /// Adds each objective's crowding contribution to the members of one front.
    private static func crowd(_ front: [Int], points: [Double], m: Int, into crowding: inout [Double]) {
        for j in 0..<m {
            let sorted = front.sorted { (points[$0 * m + j], $0) < (points[$1 * m + j], $1) }
            crowding[sorted[0]] = .infinity
            crowding[sorted[sorted.count - 1]] = .infinity
            let range = points[sorted[sorted.count - 1] * m + j] - points[sorted[0] * m + j]
            guard sorted.count > 2, range > 0, range.isFinite else { continue }
            for position in 1..<(sorted.count - 1) {
                let i = sorted[position]
                crowding[i] += (points[sorted[position + 1] * m + j] - points[sorted[position - 1] * m + j]) / range
            }
        }
    }

    /// The number of points.
    public var count: Int { fronts.count }

    /// The points from best to worst: lower front first, then larger crowding distance,
    /// then lower index.
    public var order: [Int] {
        (0..<count).sorted { a, b in
            if fronts[a] != fronts[b] { return fronts[a] < fronts[b] }
            if crowding[a] != crowding[b] { return crowding[a] > crowding[b] }
            return a < b
        }
    }

    /// One number per point that sorts as ``order`` does (larger is better):
    /// `−front + c / (1 + c)` for crowding distance `c` (`−front + 1` when `c` is infinite).
    /// Tournaments on these numbers compare points as NSGA-II's crowded comparison does.
    public var scores: [Double] {
        (0..<count).map { i in
            let c = crowding[i]
            return -Double(fronts[i]) + (c.isInfinite ? 1 : c / (1 + c))
        }
    }
}

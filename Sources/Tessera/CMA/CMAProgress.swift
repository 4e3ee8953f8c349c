/// What a strategy of the CMA family remembers of the values it was told: the best value
/// of each recent generation (pycma's `tolfun` test) and the best candidate so far.
struct CMAProgress: Codable, Hashable, Sendable {
    /// The best value of each of the last generations, newest last.
    var recentBest: [Double] = []
    /// The best candidate told so far (empty before the first finite value).
    var bestCandidate: [Double] = []
    /// The value of ``bestCandidate``.
    var bestValue: Double?

    /// The window of the `tolfun` test: `10 + ⌈30 n / λ⌉` generations.
    static func window(dimension: Int, populationSize: Int) -> Int {
        10 + Int((30 * Double(dimension) / Double(populationSize)).rounded(.up))
    }

    /// Candidate indices ordered best first by `values` (lower is better; ties go to the
    /// earlier candidate; NaN ranks last).
    ///
    /// - Complexity: O(λ log λ).
    static func ranking(_ values: [Double]) -> [Int] {
        values.indices.sorted { a, b in
            let (x, y) = (values[a], values[b])
            if x.isNaN != y.isNaN { return y.isNaN }
            return x != y ? x < y : a < b
        }
    }

    /// Records a generation ranked by `order`: its best value, and its best candidate when
    /// better than any before. A generation whose best is NaN records nothing.
    mutating func record(_ candidates: [Double], values: [Double], order: [Int], dimension n: Int, window: Int) {
        guard let first = order.first, !values[first].isNaN else { return }
        recentBest.append(values[first])
        if recentBest.count > window { recentBest.removeFirst(recentBest.count - window) }
        if bestValue.map({ values[first] < $0 }) ?? true {
            bestCandidate = Array(candidates[first * n ..< (first + 1) * n])
            bestValue = values[first]
        }
    }

    /// Whether the last `window` best values span less than `tolerance` (`tolfun`).
    func isFlat(window: Int, tolerance: Double) -> Bool {
        guard recentBest.count >= window, let low = recentBest.min(), let high = recentBest.max() else { return false }
        return high - low < tolerance
    }
}

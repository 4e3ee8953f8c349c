/// The k nearest neighbours of a batch of behaviours within a reference set, and their
/// novelty: the mean distance to those neighbours (Lehman & Stanley 2011, ρ(x)).
///
/// When the queries are themselves members of the reference set (a population scored
/// among the archive plus the population), each query names its own index in
/// `selfIndices` and is not its own neighbour. Novelty is the **mean** (not sferes2's
/// sum) of the distances to the k nearest; with fewer than k points in the reference set
/// it is the mean over those there are, and with none it is `+infinity` (every behaviour
/// is infinitely novel in an empty world, so a first batch is accepted by any threshold).
public struct Neighbourhood: Sendable, Hashable {
    /// Neighbours per query.
    public let k: Int
    /// The novelty of each query.
    public let novelty: [Double]
    /// The reference indices of each query's nearest neighbours, nearest first,
    /// `queries × k` row-major; −1 where the reference set holds fewer than k others.
    public let neighbours: [Int32]

    /// Finds the neighbours of `queries` (flat rows of `reference.dimension`) in `reference`.
    ///
    /// - Parameters:
    ///   - queries: Behaviours, row-major.
    ///   - reference: The reference set (an archive, possibly followed by the population).
    ///   - k: Neighbours per query, at least 1.
    ///   - selfIndices: For each query, its own index in `reference` (skipped), or `nil`
    ///     when the queries are not in the reference set.
    /// - Complexity: One search of `k + 1` neighbours per query in `reference`.
    public init(queries: [Double], among reference: NearestNeighbours, k: Int, selfIndices: [Int]? = nil) {
        precondition(k >= 1, "k must be at least 1")
        let d = reference.dimension
        precondition(queries.count % d == 0, "queries must be whole rows")
        let n = queries.count / d
        precondition(selfIndices == nil || selfIndices!.count == n, "one self index per query")
        self.k = k
        var novelty = [Double](repeating: .infinity, count: n)
        var neighbours = [Int32](repeating: -1, count: n * k)
        if n > 0 && reference.count > 0 {
            let wanted = selfIndices == nil ? k : k + 1
            let found = reference.search(queries, k: wanted)
            for row in 0..<n {
                let own = selfIndices.map { Int32($0[row]) } ?? -1
                var taken = 0, sum = 0.0, skipped = false
                for slot in 0..<wanted where taken < k {
                    let index = found.indices[row * wanted + slot]
                    guard index >= 0 else { break }
                    if !skipped && index == own {
                        skipped = true
                        continue
                    }
                    neighbours[row * k + taken] = index
                    sum += found.distances[row * wanted + slot]
                    taken += 1
                }
                if taken > 0 { novelty[row] = sum / Double(taken) }
            }
        }
        self.novelty = novelty
        self.neighbours = neighbours
    }

    /// The number of queries.
    public var count: Int { novelty.count }
}

import Tessera

/// A selection of our own, biased towards the better half of the elites without sorting
/// the archive: draw three elites uniformly and return the first if its objective is at
/// least the median of the three, else the second.
struct BestHalfSelection: Selection {
    func select(from elites: EliteView, using rng: inout Xoshiro256) -> Int {
        let a = elites.randomCell(using: &rng)
        let b = elites.randomCell(using: &rng)
        let c = elites.randomCell(using: &rng)
        let objectives = [a, b, c].map { elites.objectives[$0] }.sorted()
        return elites.objectives[a] >= objectives[1] ? a : b
    }
}

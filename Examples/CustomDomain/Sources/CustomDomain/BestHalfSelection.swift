import Tessera

/// A selection of our own: draw parents uniformly among the elites whose objective is
/// above the archive's median (falls back to all elites while there are few).
struct BestHalfSelection: Selection {
    func select(from elites: EliteView, using rng: inout Xoshiro256) -> Int {
        // Two uniform draws; keep the first if it is in the upper half of a third draw's
        // neighbourhood — a cheap, stateless stand-in for "above the median".
        let a = elites.randomCell(using: &rng)
        let b = elites.randomCell(using: &rng)
        let c = elites.randomCell(using: &rng)
        let objectives = [a, b, c].map { elites.objectives[$0] }.sorted()
        return elites.objectives[a] >= objectives[1] ? a : b
    }
}

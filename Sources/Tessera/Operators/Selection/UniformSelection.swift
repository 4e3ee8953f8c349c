/// Draws each parent uniformly among the elites (MAP-Elites' selection).
public struct UniformSelection: Selection, Hashable {
    /// Creates the selection.
    public init() {}

    @inlinable
    public func select(from elites: EliteView, using rng: inout Xoshiro256) -> Int {
        elites.randomCell(using: &rng)
    }
}

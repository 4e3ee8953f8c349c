import Tessera

/// The best solution a run has found: the elite of highest objective in its result
/// archive (its archive when it keeps no other).
public struct BestSolution: Codable, Hashable, Sendable {
    /// Its objective.
    public var objective: Double
    /// The evaluation that found it (its entry number in the run).
    public var evaluation: Int
    /// Its descriptor.
    public var descriptor: [Double]
    /// Its genome.
    public var genome: [Double]

    /// The best elite of `archive`, or `nil` when it is empty (ties go to the earlier entry).
    public init?<A: Archive>(_ archive: A) where A.Genome == [Double] {
        let store = archive.store
        var cell: Int?
        for candidate in store.occupiedCells.lazy.map(Int.init) where cell.map({
            store.objectives[candidate] > store.objectives[$0]
                || (store.objectives[candidate] == store.objectives[$0] && store.entries[candidate] < store.entries[$0])
        }) ?? true {
            cell = candidate
        }
        guard let cell, let best = archive.elite(at: cell) else { return nil }
        objective = best.objective
        evaluation = best.evaluation
        descriptor = best.descriptor
        genome = best.genome
    }
}

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
        var best: Elite<[Double]>?
        for elite in archive.elites where best.map({ elite.objective > $0.objective
                                                    || (elite.objective == $0.objective && elite.evaluation < $0.evaluation) }) ?? true {
            best = elite
        }
        guard let best else { return nil }
        objective = best.objective
        evaluation = best.evaluation
        descriptor = best.descriptor
        genome = best.genome
    }
}

/// The observations a learned descriptor still needs, each kept under the evaluation that
/// made it: those of the archive's elites (to re-encode them after re-training) and, when
/// the algorithm trains on them, those made since the last training (TAXONS).
///
/// An elite's ``Elite/evaluation`` (its entry evaluation) is unique in a run, so it names
/// the observation of every elite in any archive, whatever its slot; rows whose elite has
/// left the archive are dropped by ``retain(_:)``.
public struct ObservationStore: Hashable, Sendable {
    /// The number of `Float` components of each observation.
    public let dimension: Int
    /// The evaluation of each kept row, ascending.
    public private(set) var evaluations: [Int] = []
    /// The kept rows, row-major, in the order of ``evaluations``.
    public private(set) var rows: [Float] = []
    /// Where each evaluation's row is.
    private var position: [Int: Int] = [:]

    /// An empty store of `dimension`-component observations.
    public init(dimension: Int) {
        precondition(dimension > 0, "observations have at least one component")
        self.dimension = dimension
    }

    /// The number of kept observations.
    public var count: Int { evaluations.count }

    /// The bytes the kept observations take.
    public var memoryBytes: Int { rows.count * MemoryLayout<Float>.stride + evaluations.count * 3 * MemoryLayout<Int>.stride }

    /// Whether the observation of `evaluation` is kept.
    public func contains(_ evaluation: Int) -> Bool { position[evaluation] != nil }

    /// Keeps `observation` as the one of `evaluation`, which must be later than every kept one.
    public mutating func append(_ evaluation: Int, _ observation: ArraySlice<Float>) {
        precondition(observation.count == dimension, "an observation of \(observation.count) components, the store keeps \(dimension)")
        precondition(evaluations.last.map { $0 < evaluation } ?? true, "observations are kept in evaluation order")
        position[evaluation] = evaluations.count
        evaluations.append(evaluation)
        rows.append(contentsOf: observation)
    }

    /// Keeps only the observations of `evaluations` (in any order), dropping the others.
    ///
    /// - Complexity: O(kept rows × dimension).
    public mutating func retain(_ wanted: some Sequence<Int>) {
        let keep = Set(wanted)
        guard keep.count < evaluations.count || evaluations.contains(where: { !keep.contains($0) }) else { return }
        var newEvaluations: [Int] = []
        var newRows: [Float] = []
        newEvaluations.reserveCapacity(min(keep.count, evaluations.count))
        newRows.reserveCapacity(min(keep.count, evaluations.count) * dimension)
        for (index, evaluation) in evaluations.enumerated() where keep.contains(evaluation) {
            newEvaluations.append(evaluation)
            newRows.append(contentsOf: rows[index * dimension ..< (index + 1) * dimension])
        }
        evaluations = newEvaluations
        rows = newRows
        position = Dictionary(uniqueKeysWithValues: newEvaluations.enumerated().map { ($1, $0) })
    }

    /// The observations of `wanted`, row-major in that order, or `nil` when one is missing.
    public func gather(_ wanted: [Int]) -> [Float]? {
        var out = [Float]()
        out.reserveCapacity(wanted.count * dimension)
        for evaluation in wanted {
            guard let index = position[evaluation] else { return nil }
            out.append(contentsOf: rows[index * dimension ..< (index + 1) * dimension])
        }
        return out
    }

    /// Restores a store from saved evaluations and rows, checking that they fit.
    ///
    /// - Throws: ``RestoreError`` for rows of the wrong size, evaluations out of order or
    ///   negative, or a non-finite component.
    public init(dimension: Int, evaluations: [Int], rows: [Float]) throws {
        guard dimension > 0, rows.count == evaluations.count * dimension else {
            throw RestoreError(message: "\(rows.count) saved observation components for \(evaluations.count) observations "
                               + "of \(dimension) components")
        }
        for (index, evaluation) in evaluations.enumerated()
        where evaluation < 0 || (index > 0 && evaluations[index - 1] >= evaluation) {
            throw RestoreError(message: "the saved observations' evaluations are not increasing at row \(index)")
        }
        if let bad = rows.firstIndex(where: { !$0.isFinite }) {
            throw RestoreError(message: "saved observation \(bad / dimension) has a non-finite component")
        }
        self.dimension = dimension
        self.evaluations = evaluations
        self.rows = rows
        position = Dictionary(uniqueKeysWithValues: evaluations.enumerated().map { ($1, $0) })
    }
}

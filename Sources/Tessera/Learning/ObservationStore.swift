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
    /// The evaluation of each stored row, ascending; −1 for a row dropped but not yet
    /// compacted away.
    private var storedEvaluations: [Int] = []
    /// The stored rows, row-major, dropped ones included until the next compaction.
    private var storedRows: [Float] = []
    /// Where each kept evaluation's row is.
    private var position: [Int: Int] = [:]

    /// An empty store of `dimension`-component observations.
    public init(dimension: Int) {
        precondition(dimension > 0, "observations have at least one component")
        self.dimension = dimension
    }

    /// The number of kept observations.
    public var count: Int { position.count }

    /// The evaluations of the kept observations, ascending.
    public var evaluations: [Int] { storedEvaluations.filter { $0 >= 0 } }

    /// The kept observations, row-major, in the order of ``evaluations``.
    public var rows: [Float] {
        var out = [Float]()
        out.reserveCapacity(count * dimension)
        for (index, evaluation) in storedEvaluations.enumerated() where evaluation >= 0 {
            out.append(contentsOf: storedRows[index * dimension ..< (index + 1) * dimension])
        }
        return out
    }

    /// The bytes the store takes (dropped rows awaiting compaction included).
    public var memoryBytes: Int {
        storedRows.count * MemoryLayout<Float>.stride + storedEvaluations.count * 3 * MemoryLayout<Int>.stride
    }

    /// Whether the observation of `evaluation` is kept.
    public func contains(_ evaluation: Int) -> Bool { position[evaluation] != nil }

    /// Keeps `observation` as the one of `evaluation`, which must be later than every kept one.
    public mutating func append(_ evaluation: Int, _ observation: ArraySlice<Float>) {
        precondition(observation.count == dimension, "an observation of \(observation.count) components, the store keeps \(dimension)")
        precondition(evaluation >= 0 && storedEvaluations.last(where: { $0 >= 0 }).map { $0 < evaluation } ?? true,
                     "observations are kept in evaluation order")
        position[evaluation] = storedEvaluations.count
        storedEvaluations.append(evaluation)
        storedRows.append(contentsOf: observation)
    }

    /// Keeps only the observations of `wanted` (in any order), dropping the others. Dropped
    /// rows are marked and compacted away once they outnumber the kept ones, so an archive
    /// that replaces a few elites an iteration does not copy every observation each time.
    ///
    /// - Complexity: O(kept), plus O(stored rows × dimension) at a compaction.
    public mutating func retain(_ wanted: some Sequence<Int>) {
        let keep = Set(wanted)
        guard position.keys.contains(where: { !keep.contains($0) }) else { return }
        for (evaluation, index) in position where !keep.contains(evaluation) {
            storedEvaluations[index] = -1
            position[evaluation] = nil
        }
        if storedEvaluations.count - position.count > max(position.count, 256) { compact() }
    }

    /// Removes the dropped rows, keeping the others in order.
    private mutating func compact() {
        let kept = rows
        storedEvaluations = evaluations
        storedRows = kept
        position = Dictionary(uniqueKeysWithValues: storedEvaluations.enumerated().map { ($1, $0) })
    }

    /// The observations of `wanted`, row-major in that order, or `nil` when one is missing.
    public func gather(_ wanted: [Int]) -> [Float]? {
        var out = [Float]()
        out.reserveCapacity(wanted.count * dimension)
        for evaluation in wanted {
            guard let index = position[evaluation] else { return nil }
            out.append(contentsOf: storedRows[index * dimension ..< (index + 1) * dimension])
        }
        return out
    }

    /// Stores are equal when they keep the same observations, compacted or not.
    public static func == (a: ObservationStore, b: ObservationStore) -> Bool {
        a.dimension == b.dimension && a.evaluations == b.evaluations && a.rows == b.rows
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(dimension)
        hasher.combine(evaluations)
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
        storedEvaluations = evaluations
        storedRows = rows
        position = Dictionary(uniqueKeysWithValues: evaluations.enumerated().map { ($1, $0) })
    }
}

/// Which rows an ``UnstructuredArchive`` lets in, judged on each row's score.
///
/// A row's score is its objective, unless the caller supplies one per row (Novelty Search
/// supplies the novelty: the mean distance to the k nearest descriptors in the archive,
/// Lehman & Stanley 2011). Callers that decide some other way pass per-row decisions
/// instead (``UnstructuredArchive/add(_:_:accepting:scores:firstEvaluation:)``).
public enum Admission: Codable, Hashable, Sendable {
    /// Every row that did not fail enters.
    case everyRow
    /// A row enters when its score is strictly above this finite threshold (Novelty
    /// Search's ρ_min).
    case scoreAbove(Double)

    /// Why this rule cannot work, or `nil`.
    var problem: String? {
        switch self {
        case .everyRow: return nil
        case .scoreAbove(let threshold):
            return threshold.isFinite ? nil : "the admission threshold must be finite (got \(threshold))"
        }
    }
}

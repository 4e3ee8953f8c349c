/// Which rows an ``UnstructuredArchive`` lets in, judged on each row's score, or on its
/// distance to the elites (AURORA).
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
    /// AURORA's unstructured container (Grillotti & Cully 2022, QDax's
    /// `UnstructuredRepertoire`): a row whose descriptor is farther than this distance `l`
    /// from every elite takes a new slot; a row within `l` of its nearest elite but farther
    /// than `l` from the second nearest replaces the nearest when its objective is higher;
    /// other rows are refused. Rows are judged in row order, each against the archive as
    /// the rows before it left it. See ``UnstructuredArchive/add(_:_:firstEvaluation:)``.
    case distanceAbove(Double)

    private enum CodingKeys: String, CodingKey { case rule, threshold }

    /// Decodes `{"rule": "everyRow"}` or `{"rule": "scoreAbove", "threshold": t}`,
    /// checking that the threshold is finite.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ArchiveError``'s message for
    ///   an unknown rule or a non-finite threshold; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let rule = try c.decode(String.self, forKey: .rule)
        let threshold = try c.decodeIfPresent(Double.self, forKey: .threshold)
        self = try DecodingError.validating(decoder) { () throws(ArchiveError) in
            switch (rule, threshold) {
            case ("everyRow", nil): return .everyRow
            case ("scoreAbove", let threshold?):
                let admission = Admission.scoreAbove(threshold)
                if let problem = admission.problem { throw ArchiveError.invalidAcceptance(problem) }
                return admission
            case ("distanceAbove", let threshold?):
                let admission = Admission.distanceAbove(threshold)
                if let problem = admission.problem { throw ArchiveError.invalidAcceptance(problem) }
                return admission
            default:
                throw ArchiveError.invalidAcceptance("unknown admission rule \(rule)"
                                                     + (threshold.map { " with threshold \($0)" } ?? ""))
            }
        }
    }

    /// Encodes the rule's name and, for ``scoreAbove(_:)``, its threshold.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .everyRow:
            try c.encode("everyRow", forKey: .rule)
        case .scoreAbove(let threshold):
            try c.encode("scoreAbove", forKey: .rule)
            try c.encode(threshold, forKey: .threshold)
        case .distanceAbove(let distance):
            try c.encode("distanceAbove", forKey: .rule)
            try c.encode(distance, forKey: .threshold)
        }
    }

    /// Why this rule cannot work, or `nil`.
    var problem: String? {
        switch self {
        case .everyRow: return nil
        case .scoreAbove(let threshold):
            return threshold.isFinite ? nil : "the admission threshold must be finite (got \(threshold))"
        case .distanceAbove(let distance):
            return distance.isFinite && distance > 0 ? nil : "the admission distance must be finite and positive (got \(distance))"
        }
    }
}

import Foundation
import Tessera

/// The figures every run summary reports about its archive and its failures, with the
/// `--json` keys of `Docs/CommandLine.md` (encoded into the summary's own object).
struct ArchiveFigures: Encodable {
    var qdScore: Double
    var normQDScore: Double
    var coverage: Double
    var numElites: Int
    var objMax: Double?
    var objMean: Double?
    var failedEvaluations: Int
    var failuresByKind: [String: Int]
    /// Transient failures retried (not evaluations).
    var retries: Int

    init(_ stats: ArchiveStats, failures: FailureLog) {
        qdScore = stats.qdScore
        normQDScore = stats.normQDScore
        coverage = stats.coverage
        numElites = stats.numElites
        objMax = stats.objMax
        objMean = stats.objMean
        failedEvaluations = failures.count
        failuresByKind = failures.byKind
        retries = failures.retries
    }

    enum CodingKeys: String, CodingKey {
        case coverage, retries
        case qdScore = "qd_score", normQDScore = "norm_qd_score", numElites = "num_elites", objMax = "obj_max", objMean = "obj_mean"
        case failedEvaluations = "failed_evaluations", failuresByKind = "failures_by_kind"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(qdScore, forKey: .qdScore)
        try c.encode(normQDScore, forKey: .normQDScore)
        try c.encode(coverage, forKey: .coverage)
        try c.encode(numElites, forKey: .numElites)
        try c.encode(objMax, forKey: .objMax)  // null when the archive is empty
        try c.encode(objMean, forKey: .objMean)
        try c.encode(failedEvaluations, forKey: .failedEvaluations)
        try c.encode(failuresByKind, forKey: .failuresByKind)
        try c.encode(retries, forKey: .retries)
    }

    /// The text summary's `QD score` line.
    var qdLine: String { "  QD score    \(String(format: "%.6g", qdScore)) (normalised \(String(format: "%.6g", normQDScore)))" }

    /// The `failed` line, and one per kind and example of failure.
    func failureLines(_ failures: FailureLog) -> [String] {
        var lines = ["  failed      \(failedEvaluations) evaluation\(failedEvaluations == 1 ? "" : "s")"
            + (retries > 0 ? " (\(Format.count(retries)) transient failure\(retries == 1 ? "" : "s") retried)" : "")]
        for (kind, n) in failuresByKind.sorted(by: { $0.key < $1.key }) { lines.append("    \(n) × \(kind)") }
        for example in failures.examples {
            lines.append("    e.g. evaluation \(example.evaluation) (iteration \(example.iteration)): \(example.message)")
        }
        return lines
    }

    /// The `time` line.
    static func timeLine(setup: Double, loop: Double, wall: Double) -> String {
        "  time        setup \(String(format: "%.3f", setup)) s, loop \(String(format: "%.3f", loop)) s, "
            + "whole command \(String(format: "%.3f", wall)) s"
    }
}

import Foundation

/// The judge's leaning on each question, measured on fixed reference texts, and taken out
/// of every answer ("contextual calibration", Zhao et al., ICML 2021).
///
/// Small base models lean toward one answer whatever the text ("yes" for most questions),
/// which piles every text into one or two bins. For each question the judge answers about
/// the reference texts (content-free by default: `N/A`, `[MASK]`, an empty line), the
/// options' mean probabilities `q` are its leaning; an answer's probabilities `p` become
/// `p_i / q_i`, normalised. The references are fixed, never a text's batch-mates, so a
/// text's score does not depend on what it was judged with, and elitism and exact replay
/// hold.
public struct JudgeCalibration: Hashable, Sendable, Codable {
    /// Per question (quality first, then each axis), the mean option probabilities over the
    /// references, or `nil` for a rating axis (not calibrated).
    public var leanings: [[Double]?]

    /// The content-free reference texts used when a domain names none.
    public static let contentFree = ["N/A", "[MASK]", "..."]

    /// A calibration from per-question leanings.
    public init(leanings: [[Double]?]) { self.leanings = leanings }

    /// `probabilities` of question `question` with the judge's leaning taken out.
    public func adjust(_ probabilities: [Double], question: Int) -> [Double] {
        guard question < leanings.count, let leaning = leanings[question], leaning.count == probabilities.count else {
            return probabilities
        }
        let ratios = zip(probabilities, leaning).map { p, q in p / max(q, OptionScores.absentProbability) }
        let total = ratios.reduce(0, +)
        guard total > 0, total.isFinite else { return probabilities }
        return ratios.map { $0 / total }
    }
}

/// Counts failed evaluations by kind and keeps the first few for the run summary.
public struct FailureLog: Codable, Hashable, Sendable {
    /// Failed evaluations in all.
    public private(set) var count: Int = 0
    /// Failed evaluations per ``EvaluationFailure/kind``.
    public private(set) var byKind: [String: Int] = [:]
    /// The first failures (at most ``keep``), each with the evaluation it happened at.
    public private(set) var examples: [Example] = []
    /// How many examples are kept.
    public static let keep = 5

    /// One remembered failure.
    public struct Example: Codable, Hashable, Sendable {
        /// The run's evaluation number of the failed row.
        public var evaluation: Int
        /// The iteration it happened in.
        public var iteration: Int
        /// What went wrong.
        public var message: String
    }

    /// Creates an empty log.
    public init() {}

    /// Records the failed rows of one evaluated batch.
    public mutating func record(_ batch: EvaluationBatch, iteration: Int, firstEvaluation: Int) {
        for (row, failure) in batch.failures.sorted {
            count += 1
            byKind[failure.kind, default: 0] += 1
            if examples.count < FailureLog.keep {
                examples.append(Example(evaluation: firstEvaluation + row, iteration: iteration, message: failure.description))
            }
        }
    }
}

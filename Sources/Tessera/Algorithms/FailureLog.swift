/// Counts failed evaluations by kind and keeps the first few for the run summary.
public struct FailureLog: Codable, Hashable, Sendable {
    /// Failed evaluations in all.
    public private(set) var count: Int = 0
    /// Failed evaluations per ``EvaluationFailure/kind``.
    public private(set) var byKind: [String: Int] = [:]
    /// The first failures (at most ``keep``), each with the evaluation it happened at.
    public private(set) var examples: [Example] = []
    /// Attempts that failed with a transient error and were retried
    /// (``EvaluationBatch/retries``). Retries are not evaluations: a row counts once,
    /// with its last attempt's result, so they are not in ``count``.
    public private(set) var retries: Int = 0
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
        retries += batch.retries
        for (row, failure) in batch.failures.sorted {
            count += 1
            byKind[failure.kind, default: 0] += 1
            if examples.count < FailureLog.keep {
                examples.append(Example(evaluation: firstEvaluation + row, iteration: iteration, message: failure.description))
            }
        }
    }
}

extension FailureLog {
    private enum CodingKeys: String, CodingKey { case count, byKind, examples, retries }

    /// Reads a log; logs written before retries were counted have none.
    ///
    /// - Throws: `DecodingError` for a missing field or a negative retry count.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        count = try container.decode(Int.self, forKey: .count)
        byKind = try container.decode([String: Int].self, forKey: .byKind)
        examples = try container.decode([Example].self, forKey: .examples)
        retries = try container.decodeIfPresent(Int.self, forKey: .retries) ?? 0
        guard retries >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .retries, in: container,
                                                   debugDescription: "retries must not be negative (got \(retries))")
        }
    }

    /// Writes the log; `retries` only when there were some, so runs without retries
    /// write what earlier versions wrote.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(count, forKey: .count)
        try container.encode(byKind, forKey: .byKind)
        try container.encode(examples, forKey: .examples)
        if retries != 0 { try container.encode(retries, forKey: .retries) }
    }
}

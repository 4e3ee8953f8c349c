/// The evaluated rows of one batch, on flat buffers: objectives, descriptors (row-major,
/// `descriptorDimension` per row), observations (row-major, `observationDimension` per
/// row, for domains that report them), optional metadata and per-row failures.
///
/// Domains that evaluate a whole batch at once write into ``objectives`` and
/// ``descriptors`` directly; ``Domain/evaluate(_:into:)`` receives one sized for the batch.
public struct EvaluationBatch: Sendable {
    /// The number of components of each descriptor.
    public let descriptorDimension: Int
    /// One objective per row.
    public var objectives: [Double]
    /// `count * descriptorDimension` descriptor components, row-major.
    public var descriptors: [Double]
    /// The number of components of each observation; 0 when the domain reports none.
    public let observationDimension: Int
    /// `count * observationDimension` observation components, row-major (empty when
    /// ``observationDimension`` is 0).
    public var observations: [Float]
    /// Each row's reconstruction error under the run's learned descriptor (TAXONS'
    /// surprise), set by the scheduler when it encodes the batch's observations
    /// (``DescriptorLearning``); `nil` otherwise. Joining, appending and copying rows do
    /// not carry it.
    public var reconstructionErrors: [Double]?
    /// Per-row metadata, or `nil` when the domain reports none.
    public var metadata: [Metadata?]?
    /// Per-row failure, or `nil` for rows that evaluated cleanly.
    public var failures: RowFailures
    /// Attempts that failed with a transient error and were retried (by a
    /// ``ConcurrentEvaluator``); they are not rows and not evaluations.
    public var retries: Int = 0

    /// Creates a batch of `count` rows, all zero and not failed.
    ///
    /// - Parameter observationDimension: The components of each row's observation (the
    ///   domain's ``Domain/observationDimension``), 0 for none.
    public init(count: Int, descriptorDimension: Int, observationDimension: Int = 0) {
        self.descriptorDimension = descriptorDimension
        self.observationDimension = observationDimension
        objectives = [Double](repeating: 0, count: count)
        descriptors = [Double](repeating: 0, count: count * descriptorDimension)
        observations = [Float](repeating: 0, count: count * observationDimension)
        metadata = nil
        failures = RowFailures(count: count)
    }

    /// The number of rows.
    public var count: Int { objectives.count }

    /// The number of failed rows.
    public var failedCount: Int { failures.failedCount }

    /// Stores one row's evaluation, checking its descriptor's dimension and, when the batch
    /// carries observations, its observation's.
    public mutating func set(_ row: Int, _ evaluation: Evaluation) {
        guard evaluation.descriptor.count == descriptorDimension else {
            failures[row] = .wrongDescriptorDimension(expected: descriptorDimension, got: evaluation.descriptor.count)
            return
        }
        let m = observationDimension
        if m > 0 {
            guard let observation = evaluation.observation, observation.count == m else {
                failures[row] = .wrongObservationDimension(expected: m, got: evaluation.observation?.count ?? 0)
                return
            }
            for j in 0..<m { observations[row * m + j] = observation[j] }
        }
        objectives[row] = evaluation.objective
        for j in 0..<descriptorDimension {
            descriptors[row * descriptorDimension + j] = evaluation.descriptor[j]
        }
        if let extra = evaluation.metadata {
            if metadata == nil { metadata = [Metadata?](repeating: nil, count: count) }
            metadata![row] = extra
        }
    }

    /// The descriptor of `row` as a new array.
    public func descriptor(_ row: Int) -> [Double] {
        Array(descriptors[row * descriptorDimension ..< (row + 1) * descriptorDimension])
    }

    /// The observation of `row`.
    public func observation(_ row: Int) -> ArraySlice<Float> {
        observations[row * observationDimension ..< (row + 1) * observationDimension]
    }

    /// Marks rows whose objective, descriptor or observation is NaN or infinite as failed.
    ///
    /// - Complexity: O(count × (descriptorDimension + observationDimension)).
    public mutating func markNonFiniteRows() {
        let k = descriptorDimension, m = observationDimension
        rows: for row in 0..<count where failures[row] == nil {
            let objective = objectives[row]
            if !objective.isFinite {
                failures[row] = .nonFiniteObjective(objective)
                continue
            }
            for j in 0..<k where !descriptors[row * k + j].isFinite {
                failures[row] = .nonFiniteDescriptor(index: j, value: descriptors[row * k + j])
                continue rows
            }
            for j in 0..<m where !observations[row * m + j].isFinite {
                failures[row] = .nonFiniteObservation(index: j, value: observations[row * m + j])
                continue rows
            }
        }
    }

    /// Whether the buffers have the sizes `count` rows need (a domain may have replaced them).
    public func isWellFormed(count: Int) -> Bool {
        objectives.count == count && descriptors.count == count * descriptorDimension
            && observations.count == count * observationDimension && failures.count == count && (metadata?.count ?? count) == count
    }

    /// Overwrites `row` with row `sourceRow` of `source`.
    public mutating func copyRow(_ row: Int, from source: EvaluationBatch, row sourceRow: Int) {
        let k = descriptorDimension, m = observationDimension
        precondition(source.observationDimension == m, "batches of different observation dimensions")
        objectives[row] = source.objectives[sourceRow]
        for j in 0..<k { descriptors[row * k + j] = source.descriptors[sourceRow * k + j] }
        for j in 0..<m { observations[row * m + j] = source.observations[sourceRow * m + j] }
        failures[row] = source.failures[sourceRow]
        if let extra = source.metadata?[sourceRow] {
            if metadata == nil { metadata = [Metadata?](repeating: nil, count: count) }
            metadata![row] = extra
        } else if metadata != nil {
            metadata![row] = nil
        }
    }

    /// Joins batches into one, allocating once.
    public static func joined(_ parts: [EvaluationBatch]) -> EvaluationBatch {
        precondition(!parts.isEmpty)
        if parts.count == 1 { return parts[0] }
        let k = parts[0].descriptorDimension, m = parts[0].observationDimension
        var out = EvaluationBatch(count: 0, descriptorDimension: k, observationDimension: m)
        let total = parts.reduce(0) { $0 + $1.count }
        out.objectives.reserveCapacity(total)
        out.descriptors.reserveCapacity(total * k)
        out.observations.reserveCapacity(total * m)
        for part in parts { out.append(contentsOf: part) }
        return out
    }

    /// Appends the rows of `other`.
    public mutating func append(contentsOf other: EvaluationBatch) {
        precondition(other.descriptorDimension == descriptorDimension && other.observationDimension == observationDimension)
        let before = count
        objectives.append(contentsOf: other.objectives)
        descriptors.append(contentsOf: other.descriptors)
        observations.append(contentsOf: other.observations)
        failures.append(contentsOf: other.failures)
        retries += other.retries
        if metadata != nil || other.metadata != nil {
            var merged = metadata ?? [Metadata?](repeating: nil, count: before)
            merged.append(contentsOf: other.metadata ?? [Metadata?](repeating: nil, count: other.count))
            metadata = merged
        }
    }
}

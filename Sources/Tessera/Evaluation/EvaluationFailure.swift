/// Why one row of a batch could not be evaluated. Failed rows never enter an archive.
public enum EvaluationFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// The domain threw while evaluating the row.
    case threw(String)
    /// The objective is NaN or infinite.
    case nonFiniteObjective(Double)
    /// A descriptor component is NaN or infinite.
    case nonFiniteDescriptor(index: Int, value: Double)
    /// The descriptor has the wrong number of components.
    case wrongDescriptorDimension(expected: Int, got: Int)
    /// The observation has the wrong number of components.
    case wrongObservationDimension(expected: Int, got: Int)
    /// An observation component is NaN or infinite.
    case nonFiniteObservation(index: Int, value: Float)
    /// The evaluation did not finish within the per-evaluation timeout.
    case timedOut(seconds: Double)
    /// Every attempt allowed by the ``RetryPolicy`` failed with a transient error
    /// (``TransientEvaluationError``); the message is the last attempt's.
    case retriesExhausted(attempts: Int, message: String)
    /// An evaluator outside the process lost the row twice (its worker died or never
    /// answered it, then did again when the row was sent alone); the reason is the last.
    case lost(String)
    /// An evaluator outside the process refused the row for good (an HTTP 401, or a
    /// service still failing after every retry).
    case rejected(String)

    public var description: String {
        switch self {
        case .threw(let message): return "evaluation threw: \(message)"
        case .nonFiniteObjective(let value): return "objective is \(value)"
        case .nonFiniteDescriptor(let index, let value): return "descriptor[\(index)] is \(value)"
        case .wrongDescriptorDimension(let expected, let got):
            return "descriptor has \(got) components, the descriptor space has \(expected)"
        case .wrongObservationDimension(let expected, let got):
            return "observation has \(got) components, the domain declares \(expected)"
        case .nonFiniteObservation(let index, let value): return "observation[\(index)] is \(value)"
        case .timedOut(let seconds): return "evaluation timed out after \(seconds) s"
        case .retriesExhausted(let attempts, let message):
            return "transient failure at all \(attempts) attempts: \(message)"
        case .lost(let reason): return "lost twice by the evaluator: \(reason)"
        case .rejected(let reason): return "refused by the evaluator: \(reason)"
        }
    }

    /// A short stable name for counting failures by kind.
    public var kind: String {
        switch self {
        case .threw: return "threw"
        case .nonFiniteObjective: return "non-finite objective"
        case .nonFiniteDescriptor: return "non-finite descriptor"
        case .wrongDescriptorDimension: return "wrong descriptor dimension"
        case .wrongObservationDimension: return "wrong observation dimension"
        case .nonFiniteObservation: return "non-finite observation"
        case .timedOut: return "timed out"
        case .retriesExhausted: return "retries exhausted"
        case .lost: return "lost"
        case .rejected: return "rejected"
        }
    }
}

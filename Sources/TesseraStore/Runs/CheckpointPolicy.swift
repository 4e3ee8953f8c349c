/// When a saved run writes checkpoints (always at the end as well).
public enum CheckpointPolicy: Hashable, Sendable {
    /// After the first iteration that ends at least this many seconds after the last
    /// checkpoint (30 by default in the CLI).
    case interval(seconds: Double)
    /// After the iteration that crosses each multiple of this many evaluations.
    case everyEvaluations(Int)
    /// Only at the end (or when stopped).
    case endOnly

    /// The CLI's reading of `--checkpoint-every`: absent → every 30 s, 0 → at the end only.
    public init(checkpointEvery: Int?) {
        switch checkpointEvery {
        case nil: self = .interval(seconds: 30)
        case 0?: self = .endOnly
        case let n?: self = .everyEvaluations(n)
        }
    }
}

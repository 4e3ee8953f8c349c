/// When a learned descriptor is re-trained, counted in iterations (generations).
///
/// Every schedule trains first after iteration 1, on the first batch (before that the
/// learner is untrained: an autoencoder encodes with its seeded initial weights, PCA
/// gives zeros).
public enum TrainingSchedule: Codable, Hashable, Sendable {
    /// Then every `interval` iterations: TAXONS trains every 30 generations.
    case every(Int)
    /// Then with gaps that grow by `minimum` after each training up to `maximum`: after
    /// the k-th training the next comes `min(minimum · (k + 1), maximum)` iterations later
    /// (AURORA's `dimensionality_reduction` modifier).
    case growing(minimum: Int, maximum: Int)

    /// Whether to train after `iteration` iterations, given the trainings so far and the
    /// iteration of the last one.
    public func isDue(afterIteration iteration: Int, trainings: Int, lastTraining: Int?) -> Bool {
        guard let lastTraining else { return iteration >= 1 }
        return iteration - lastTraining >= gap(afterTrainings: trainings)
    }

    /// The iterations between the `trainings`-th training and the next.
    public func gap(afterTrainings trainings: Int) -> Int {
        switch self {
        case .every(let interval): return interval
        case .growing(let minimum, let maximum):
            let (scaled, overflow) = minimum.multipliedReportingOverflow(by: trainings + 1)
            return overflow ? maximum : min(scaled, maximum)
        }
    }

    /// Why this schedule cannot work, or `nil`.
    public var problem: String? {
        switch self {
        case .every(let interval):
            return interval >= 1 ? nil : "the training interval must be at least 1 iteration (got \(interval))"
        case .growing(let minimum, let maximum):
            return minimum >= 1 && maximum >= minimum ? nil
                : "the growing schedule needs 1 <= minimum <= maximum (got \(minimum) and \(maximum))"
        }
    }
}

import Tessera

/// What building a run may take besides its configuration: a saved run's CVT centroids
/// (so resuming does not run k-means again) and a stop poll for long constructions.
public struct RunResources: Sendable {
    /// CVT centroids to use instead of running k-means.
    public var centroids: [Double]?
    /// How those centroids were made, kept for the run's summary.
    public var construction: CVTConstruction?
    /// Polled during long constructions (k-means); when it turns true they stop with an error.
    public var shouldStop: @Sendable () -> Bool

    /// Resources for a run.
    public init(centroids: [Double]? = nil, construction: CVTConstruction? = nil,
                shouldStop: @escaping @Sendable () -> Bool = { false }) {
        self.centroids = centroids
        self.construction = construction
        self.shouldStop = shouldStop
    }
}

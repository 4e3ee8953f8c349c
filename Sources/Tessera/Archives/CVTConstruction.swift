/// Facts about a k-means construction of the centroids.
public struct CVTConstruction: Codable, Hashable, Sendable {
    /// Uniform samples drawn from the box.
    public var samples: Int
    /// The seed of the samples and of the k-means initialisation.
    public var seed: UInt64
    /// Sum of squared distances from each sample to its nearest final centroid.
    public var inertia: Double
    /// Lloyd iterations run.
    public var iterations: Int
    /// Whether the stopping rule was met before the iteration limit.
    public var converged: Bool

    /// Creates the record.
    public init(samples: Int, seed: UInt64, inertia: Double, iterations: Int, converged: Bool) {
        self.samples = samples
        self.seed = seed
        self.inertia = inertia
        self.iterations = iterations
        self.converged = converged
    }
}

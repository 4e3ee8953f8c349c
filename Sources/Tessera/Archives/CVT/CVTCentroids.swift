/// Centroids of a centroidal Voronoi tessellation (CVT) of a descriptor box, computed as
/// pyribs does: k-means over uniform samples of the box (Vassiliades et al. 2018).
public enum CVTCentroids {
    /// Draws uniform samples in a box and clusters them into CVT centroids with ``KMeans``.
    ///
    /// Sample `i`, coordinate `t` is `lower[t] + (upper[t] - lower[t]) × u` with `u` uniform
    /// in [0, 1) from 53 random bits; samples are drawn row by row, then the same generator
    /// picks the initial centroids. The k-means settings are pyribs' defaults (random
    /// initialisation, tolerance 1e-4, at most 300 iterations).
    ///
    /// - Parameters:
    ///   - count: The number of centroids (CVT cells), at least 1.
    ///   - samples: The number of uniform samples to cluster, at least `count` (pyribs uses 100,000).
    ///   - lower: The lower bound of each descriptor dimension.
    ///   - upper: The upper bound of each descriptor dimension, each above its lower bound.
    ///   - shouldStop: Asked between chunks of the sampling and of k-means (see ``KMeans``);
    ///     once it returns `true` the construction stops and throws
    ///     ``KMeansError/cancelled``. Never, by default.
    ///   - rng: The generator for the samples and the initial centroids.
    /// - Returns: The k-means result; its `centroids` are `count × lower.count`, row-major.
    /// - Throws: ``KMeansError/tooFewSamples(samples:clusters:)`` when `count > samples`,
    ///   ``KMeansError/tooFewDistinctSamples(clusters:)`` in the unlikely case that the
    ///   uniform samples hold fewer than `count` distinct points, and
    ///   ``KMeansError/cancelled`` when `shouldStop` asked to stop.
    /// - Precondition: `lower` and `upper` are non-empty, of equal length and finite, with
    ///   `lower[t] < upper[t]`; `count >= 1`.
    /// - Complexity: O(`samples` × dimension) for the sampling, plus the cost of
    ///   ``KMeans/cluster(_:dimension:clusters:maxIterations:tolerance:workers:shouldStop:using:)``.
    public static func generate(
        count: Int, samples: Int, lower: [Double], upper: [Double],
        shouldStop: @Sendable () -> Bool = { false },
        using rng: inout some RandomNumberGenerator
    ) throws(KMeansError) -> KMeansResult {
        precondition(!lower.isEmpty && lower.count == upper.count, "bounds need equal, non-zero lengths")
        precondition(zip(lower, upper).allSatisfy { $0.isFinite && $1.isFinite && $0 < $1 },
                     "every lower bound must be finite and below its upper bound")
        precondition(count >= 1, "a CVT needs at least one centroid")
        precondition(samples >= 0, "the sample count must be non-negative")
        guard count <= samples else { throw .tooFewSamples(samples: samples, clusters: count) }
        let d = lower.count
        var points = [Double](repeating: 0, count: samples * d)
        let drawn = points.withUnsafeMutableBufferPointer { points in
            for start in stride(from: 0, to: samples, by: KMeans.chunkSize) {
                if shouldStop() { return false }
                for i in start..<min(samples, start + KMeans.chunkSize) {
                    for t in 0..<d {
                        let unit = Double(rng.next() >> 11) * 0x1.0p-53
                        points[i * d + t] = lower[t] + (upper[t] - lower[t]) * unit
                    }
                }
            }
            return true
        }
        guard drawn else { throw .cancelled }
        return try KMeans.cluster(points, dimension: d, clusters: count, shouldStop: shouldStop, using: &rng)
    }
}

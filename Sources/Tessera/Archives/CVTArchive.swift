/// An archive over a centroidal Voronoi tessellation of the descriptor box
/// (CVT-MAP-Elites; Vassiliades, Chatzilygeroudis & Mouret 2018).
///
/// Each cell is the region closest to one centroid; a descriptor goes to its nearest
/// centroid (ties to the lowest index), wherever it lies, as in pyribs. Centroids come
/// from k-means over uniform samples of the box (``init(centroidCount:samples:descriptorSpace:genomeLayout:seed:qdScoreOffset:acceptance:shouldStop:)``)
/// or from the user, and are saved with the archive so a resumed run uses the same cells.
public struct CVTArchive<Genome: Tessera.Genome>: Archive {
    public let descriptorSpace: Box
    public let qdScoreOffset: Double
    /// The nearest-centroid index over the centroids (row-major, one per cell).
    public let index: NearestCentroidIndex
    /// How the centroids were made, when Tessera made them.
    public let construction: CVTConstruction?
    public var store: EliteStore<Genome.Column>

    /// Creates an empty archive over user-supplied centroids.
    ///
    /// - Parameters:
    ///   - centroids: Row-major centroids, `descriptorSpace.dimension` values each.
    /// - Throws: ``ArchiveError/invalidShape(_:)`` for no centroids or a ragged array.
    ///   - construction: How the centroids were made, when known (a saved archive's).
    public init(centroids: [Double], descriptorSpace: Box, genomeLayout: Genome.Column.Layout,
                qdScoreOffset: Double = 0, acceptance: Acceptance = .elitist, construction: CVTConstruction? = nil) throws {
        let k = descriptorSpace.dimension
        guard !centroids.isEmpty, centroids.count % k == 0 else {
            throw ArchiveError.invalidShape("\(centroids.count) centroid values do not make whole \(k)-D centroids")
        }
        guard centroids.allSatisfy(\.isFinite) else { throw ArchiveError.invalidShape("centroids must be finite") }
        self.descriptorSpace = descriptorSpace
        self.qdScoreOffset = qdScoreOffset
        self.index = NearestCentroidIndex(centroids: centroids, dimension: k)
        self.construction = construction
        self.store = EliteStore(cellCount: centroids.count / k, descriptorDimension: k,
                                genomeLayout: genomeLayout, acceptance: acceptance)
    }

    /// Creates an empty archive whose `centroidCount` centroids come from k-means over
    /// `samples` uniform samples of the box (scikit-learn's Lloyd rule, as pyribs uses it).
    ///
    /// With millions of samples the construction takes a while; `shouldStop` lets another
    /// thread end it early (set a flag it reads, on a user's interrupt or a deadline).
    ///
    /// - Parameters:
    ///   - centroidCount: The number of cells, at least 1.
    ///   - samples: Uniform samples of the box to cluster, at least `centroidCount`.
    ///   - descriptorSpace: The box to partition.
    ///   - genomeLayout: The shape of the genomes (the dimension of real vectors).
    ///   - seed: The seed of the samples and of the k-means initialisation.
    ///   - qdScoreOffset: Subtracted from each objective in the QD score.
    ///   - acceptance: Elitist by default; soft thresholds for CMA-MAE.
    ///   - shouldStop: Asked before every Lloyd iteration and between chunks of the
    ///     sampling and assignment work, possibly from several threads; once it returns
    ///     `true` the construction throws ``KMeansError/cancelled``, within about a
    ///     chunk's work (see ``KMeans``). Never, by default.
    /// - Throws: ``ArchiveError/invalidShape(_:)`` when there are fewer samples than
    ///   centroids; ``KMeansError`` from k-means, ``KMeansError/cancelled`` when stopped.
    /// - Complexity: k-means: O(iterations × samples × log centroids) in low dimension.
    public init(centroidCount: Int, samples: Int = 100_000, descriptorSpace: Box, genomeLayout: Genome.Column.Layout,
                seed: UInt64, qdScoreOffset: Double = 0, acceptance: Acceptance = .elitist,
                shouldStop: @Sendable () -> Bool = { false }) throws {
        guard centroidCount > 0, samples >= centroidCount else {
            throw ArchiveError.invalidShape("\(centroidCount) centroids need at least as many samples (got \(samples))")
        }
        var rng = RandomStreams(seed: seed).setupStream(RandomStreams.Purpose.centroids)
        let result = try CVTCentroids.generate(count: centroidCount, samples: samples,
                                               lower: descriptorSpace.lower, upper: descriptorSpace.upper,
                                               shouldStop: shouldStop, using: &rng)
        try self.init(centroids: result.centroids, descriptorSpace: descriptorSpace, genomeLayout: genomeLayout,
                      qdScoreOffset: qdScoreOffset, acceptance: acceptance,
                      construction: CVTConstruction(samples: samples, seed: seed, inertia: result.inertia,
                                                 iterations: result.iterations, converged: result.converged))
    }

    /// The centroids, row-major.
    public var centroids: [Double] { index.centroids }

    public func cellIndices(of descriptors: UnsafeBufferPointer<Double>, count: Int, into cells: UnsafeMutableBufferPointer<Int>) {
        var nearest = [Int32](repeating: 0, count: count)
        nearest.withUnsafeMutableBufferPointer { index.nearest(descriptors, count: count, into: $0) }
        for row in 0..<count { cells[row] = Int(nearest[row]) }
    }
}

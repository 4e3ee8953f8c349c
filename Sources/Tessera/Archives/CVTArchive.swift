/// An archive over a centroidal Voronoi tessellation of the descriptor box
/// (CVT-MAP-Elites; Vassiliades, Chatzilygeroudis & Mouret 2018).
///
/// Each cell is the region closest to one centroid; a descriptor goes to its nearest
/// centroid (ties to the lowest index), wherever it lies, as in pyribs. Centroids come
/// from k-means over uniform samples of the box (``init(centroidCount:samples:descriptorSpace:genomeLayout:seed:qdScoreOffset:acceptance:shouldStop:)``)
/// or from the user, and are saved with the archive so a resumed run uses the same cells.
public struct CVTArchive<Genome: Tessera.Genome>: CellArchive {
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
    ///   - descriptorSpace: The box the centroids partition.
    ///   - genomeLayout: The shape of the genomes: a dimension of at least 1 for real vectors.
    ///   - qdScoreOffset: Subtracted from each objective in the QD score.
    ///   - acceptance: Elitist by default; soft thresholds for CMA-MAE.
    ///   - construction: How the centroids were made, when known (a saved archive's).
    /// - Throws: ``ArchiveError/invalidShape(_:)`` for no centroids, a ragged array, a
    ///   non-finite centroid or a genome layout that cannot shape a column.
    public init(centroids: [Double], descriptorSpace: Box, genomeLayout: Genome.Column.Layout,
                qdScoreOffset: Double = 0, acceptance: Acceptance = .elitist, construction: CVTConstruction? = nil) throws {
        let k = descriptorSpace.dimension
        guard !centroids.isEmpty, centroids.count % k == 0 else {
            throw ArchiveError.invalidShape("\(centroids.count) centroid values do not make whole \(k)-D centroids")
        }
        guard centroids.allSatisfy(\.isFinite) else { throw ArchiveError.invalidShape("centroids must be finite") }
        if let problem = Genome.Column.layoutProblem(genomeLayout) { throw ArchiveError.invalidShape(problem) }
        self.descriptorSpace = descriptorSpace
        self.qdScoreOffset = qdScoreOffset
        // 2-D descriptors: buckets found by arithmetic, as a grid's cells (4-6x faster per
        // lookup than the k-d tree, the same answers).
        self.index = NearestCentroidIndex(centroids: centroids, dimension: k, strategy: k == 2 ? .buckets : nil)
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
    ///   - genomeLayout: The shape of the genomes: a dimension of at least 1 for real vectors.
    ///   - seed: The seed of the samples and of the k-means initialisation.
    ///   - qdScoreOffset: Subtracted from each objective in the QD score.
    ///   - acceptance: Elitist by default; soft thresholds for CMA-MAE.
    ///   - shouldStop: Asked before every Lloyd iteration and between chunks of the
    ///     sampling and assignment work, possibly from several threads; once it returns
    ///     `true` the construction throws ``KMeansError/cancelled``, within about a
    ///     chunk's work (see ``KMeans``). Never, by default.
    /// - Throws: ``ArchiveError/invalidShape(_:)`` when there are fewer samples than
    ///   centroids or the genome layout cannot shape a column; ``KMeansError`` from
    ///   k-means, ``KMeansError/cancelled`` when stopped.
    /// - Complexity: k-means: O(iterations × samples × log centroids) in low dimension.
    public init(centroidCount: Int, samples: Int = 100_000, descriptorSpace: Box, genomeLayout: Genome.Column.Layout,
                seed: UInt64, qdScoreOffset: Double = 0, acceptance: Acceptance = .elitist,
                shouldStop: @Sendable () -> Bool = { false }) throws {
        guard centroidCount > 0, samples >= centroidCount else {
            throw ArchiveError.invalidShape("\(centroidCount) centroids need at least as many samples (got \(samples))")
        }
        // Before the k-means work, not after it.
        if let problem = Genome.Column.layoutProblem(genomeLayout) { throw ArchiveError.invalidShape(problem) }
        var rng = RandomStreams(seed: seed).setupStream(RandomStreams.Purpose.centroids)
        let result = try CVTCentroids.generate(count: centroidCount, samples: samples,
                                               lower: descriptorSpace.lower, upper: descriptorSpace.upper,
                                               shouldStop: shouldStop, using: &rng)
        try self.init(centroids: result.centroids, descriptorSpace: descriptorSpace, genomeLayout: genomeLayout,
                      qdScoreOffset: qdScoreOffset, acceptance: acceptance,
                      construction: CVTConstruction(samples: samples, seed: seed, inertia: result.inertia,
                                                 iterations: result.iterations, converged: result.converged))
    }

    private enum CodingKeys: String, CodingKey { case descriptorSpace, qdScoreOffset, index, construction, store }

    /// Decodes an archive with its centroids and elites, checking that the centroids have
    /// the descriptor space's dimension, that the genome layout can shape a column, and
    /// that the store has one cell per centroid (the centroids themselves are checked by
    /// ``NearestCentroidIndex``'s decoding).
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ArchiveError``'s message for
    ///   parts that do not fit together; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let descriptorSpace = try c.decode(Box.self, forKey: .descriptorSpace)
        let qdScoreOffset = try c.decode(Double.self, forKey: .qdScoreOffset)
        let index = try c.decode(NearestCentroidIndex.self, forKey: .index)
        let construction = try c.decodeIfPresent(CVTConstruction.self, forKey: .construction)
        let store = try c.decode(EliteStore<Genome.Column>.self, forKey: .store)
        try DecodingError.validating(decoder) { () throws(ArchiveError) in
            let k = descriptorSpace.dimension
            guard index.dimension == k else {
                throw ArchiveError.invalidShape("the centroids are \(index.dimension)-D, the descriptor space \(k)-D")
            }
            if let problem = Genome.Column.layoutProblem(store.genomes.layout) { throw ArchiveError.invalidShape(problem) }
            guard store.cellCount == index.count, store.descriptorDimension == k else {
                throw ArchiveError.invalidShape("the elite store has \(store.cellCount) cells of \(store.descriptorDimension)-D "
                                                + "descriptors, the centroids \(index.count) of \(k)-D")
            }
        }
        self.descriptorSpace = descriptorSpace
        self.qdScoreOffset = qdScoreOffset
        self.index = index
        self.construction = construction
        self.store = store
    }

    /// The centroids, row-major.
    public var centroids: [Double] { index.centroids }

    public func cellIndices(of descriptors: UnsafeBufferPointer<Double>, count: Int, into cells: UnsafeMutableBufferPointer<Int>) {
        var nearest = [Int32](repeating: 0, count: count)
        nearest.withUnsafeMutableBufferPointer { index.nearest(descriptors, count: count, into: $0) }
        for row in 0..<count { cells[row] = Int(nearest[row]) }
    }
}

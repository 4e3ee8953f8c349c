/// The Vendi score of an archive's descriptors: how many effectively distinct behaviours
/// its elites cover (Friedman & Dieng 2023).
///
/// The score is computed on the elites' descriptors, as follows:
///
/// 1. **Normalisation.** Each component is mapped to the descriptor box's unit cube,
///    `(x − low) / (high − low)`, so every descriptor counts alike whatever its units.
///    Descriptors outside the box (unstructured archives) map outside `[0, 1]`.
/// 2. **Kernel.** The RBF kernel `exp(−|a − b|² / (2h²))` with `h` the median distance
///    between distinct pairs of normalised descriptors
///    (``RBFKernel/medianDistance(points:dimension:sampleLimit:using:)``), estimated on a
///    seeded sample of at most ``sampleLimit`` elites.
/// 3. **Eigenvalues.** Up to ``exactLimit`` elites the `n` × `n` kernel matrix is
///    decomposed exactly; above it the kernel is approximated by
///    ``RandomFourierFeatures`` (512 by default, rows normalised) and the score comes from
///    the `m` × `m` matrix `ZᵀZ/n`.
///
/// The elites are first put in lexicographic order of their descriptors, so the result
/// does not depend on the order of the elites, and for a given seed it is reproducible
/// bit for bit. An empty archive scores 0 and a single elite 1; when all descriptors
/// coincide the score is 1 (and the reported bandwidth 0).
public struct ArchiveDiversity: Sendable, Hashable {
    /// How the eigenvalues were obtained.
    public enum Method: Sendable, Hashable, CustomStringConvertible {
        /// From the exact `n` × `n` kernel matrix (also for 0 or 1 elite, or coinciding
        /// descriptors, where no matrix is needed).
        case exact
        /// From `count` random Fourier features.
        case randomFeatures(count: Int)

        /// "exact" or "512 random features".
        public var description: String {
            switch self {
            case .exact: return "exact"
            case .randomFeatures(let count): return "\(count) random features"
            }
        }
    }

    /// The Vendi score of order ``order``: 0 for an empty archive, otherwise between 1 and
    /// ``count``.
    public let score: Double
    /// The kernel and its bandwidth, in normalised descriptor units.
    public let kernel: DiversityKernel
    /// Exact or random features.
    public let method: Method
    /// The number of elites scored.
    public let count: Int
    /// The order of the score.
    public let order: VendiOrder
    /// The seed of the bandwidth sample and of the random features.
    public let seed: UInt64

    /// The seed used when none is given, so that `tessera info` and reports are
    /// reproducible.
    public static let defaultSeed: UInt64 = 0x5645_4E44_4921  // "VENDI!"
    /// Up to this many elites the score is exact: 2,000.
    public static let exactLimit = 2_000
    /// The bandwidth is estimated on at most this many elites: 2,000.
    public static let sampleLimit = 2_000

    /// The Vendi score of `n` descriptors in a box.
    ///
    /// - Parameters:
    ///   - descriptors: `n × space.dimension` values, row-major, finite.
    ///   - space: The descriptor box the descriptors are normalised to.
    ///   - order: The order `q`; ``VendiOrder/shannon`` by default.
    ///   - seed: Seeds the bandwidth sample and the random features.
    ///   - exactLimit: The most elites scored exactly, at least 1 (above it, random features).
    ///   - featureCount: Random features used above `exactLimit`, 1 to 65,536.
    /// - Throws: ``DiversityError`` for a buffer that is not whole rows, a non-finite value,
    ///   an invalid order or limits out of range.
    /// - Complexity: O(min(n, 2,000)² · dimension) for the bandwidth; then O(n³) up to
    ///   `exactLimit` elites, O(n · m² + m³) above it.
    public init(descriptors: [Double], space: Box, order: VendiOrder = .shannon, seed: UInt64 = defaultSeed,
                exactLimit: Int = exactLimit, featureCount: Int = RandomFourierFeatures.defaultCount) throws(DiversityError) {
        let d = space.dimension
        guard descriptors.count % d == 0 else {
            throw .shapeMismatch("\(descriptors.count) descriptor values do not make rows of \(d)")
        }
        for (i, value) in descriptors.enumerated() where !value.isFinite {
            throw .nonFinite(what: "descriptors", index: i)
        }
        guard order.q >= 0 else { throw .invalidOrder(order.q) }
        guard exactLimit >= 1 else {
            throw .invalidParameter(name: "the exact limit", problem: "must be at least 1 (got \(exactLimit))")
        }
        guard (1...65_536).contains(featureCount) else {
            throw .invalidParameter(name: "the number of random features", problem: "must be between 1 and 65,536 (got \(featureCount))")
        }
        let n = descriptors.count / d
        self.count = n
        self.order = order
        self.seed = seed
        let points = Self.normalized(descriptors, space: space)
        var sampling = Xoshiro256(seed: SplitMix64.mix(seed ^ 0x6261_6E64_7769_6474))  // "bandwidt"
        let h = n < 2 ? 0 : try RBFKernel.medianDistance(points: points, dimension: d, sampleLimit: Self.sampleLimit,
                                                         using: &sampling)
        if n == 0 || h == 0 {
            // Nothing, one elite, or descriptors that all coincide.
            score = n == 0 ? 0 : 1
            kernel = .rbf(bandwidth: h)
            method = .exact
            return
        }
        let rbf = try RBFKernel(bandwidth: h)
        kernel = .rbf(bandwidth: h)
        let vendi: VendiScore
        if n <= exactLimit {
            vendi = try VendiScore(kernel: rbf.matrix(points: points, dimension: d))
            method = .exact
        } else {
            var featuresRNG = Xoshiro256(seed: SplitMix64.mix(seed ^ 0x6665_6174_7572_6573))  // "features"
            let features = try RandomFourierFeatures(dimension: d, bandwidth: h, count: featureCount, using: &featuresRNG)
            vendi = try features.vendiScore(of: points)
            method = .randomFeatures(count: featureCount)
        }
        score = try vendi.value(order)
    }

    /// The descriptors mapped to the box's unit cube, rows in lexicographic order.
    static func normalized(_ descriptors: [Double], space: Box) -> [Double] {
        let d = space.dimension
        let n = descriptors.count / d
        var scaled = descriptors
        for i in 0..<n {
            for j in 0..<d {
                scaled[i * d + j] = (descriptors[i * d + j] - space.lower[j]) / (space.upper[j] - space.lower[j])
            }
        }
        let order = (0..<n).sorted { a, b in
            for j in 0..<d where scaled[a * d + j] != scaled[b * d + j] {
                return scaled[a * d + j] < scaled[b * d + j]
            }
            return false
        }
        var sorted = [Double](repeating: 0, count: n * d)
        for (row, source) in order.enumerated() {
            for j in 0..<d { sorted[row * d + j] = scaled[source * d + j] }
        }
        return sorted
    }
}

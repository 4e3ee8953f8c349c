import Tessera

/// The built-in example tasks, defined exactly as in the pyribs benchmark
/// (`../shared/peers/pyribs_bench.py`) so results compare one to one with pyribs.
public enum BuiltInTask: String, CaseIterable, Codable, Sendable {
    /// Shifted sphere, linear-projection descriptors.
    case sphere
    /// Shifted Rastrigin, linear-projection descriptors.
    case rastrigin
    /// Planar arm repertoire, end-effector descriptors.
    case arm

    /// One line for `tessera tasks`.
    public var summary: String {
        switch self {
        case .sphere: return "shifted sphere, D-dimensional genome, 2-D linear-projection descriptors (pyribs sphere example)"
        case .rastrigin: return "shifted Rastrigin, D-dimensional genome, 2-D linear-projection descriptors (CMA-MAE paper)"
        case .arm: return "planar arm with D unit links: objective -variance of the joint angles, descriptors = end effector (x, y)"
        }
    }

    /// The default genome dimension: 100 for sphere and Rastrigin, 12 joints for the arm.
    public var defaultDimension: Int { self == .arm ? 12 : 100 }

    /// The domain for `dimension`-D genomes.
    ///
    /// - Throws: ``ParameterError`` when `dimension` is below the task's minimum (2, or 1
    ///   for the arm).
    public func domain(dimension: Int) throws(ParameterError) -> any Domain<[Double]> {
        switch self {
        case .sphere: return try SphereDomain(dimension: dimension)
        case .rastrigin: return try RastriginDomain(dimension: dimension)
        case .arm: return try ArmDomain(dimension: dimension)
        }
    }

    /// pyribs' `qd_score_offset`: 0, or −π² for the arm (so every elite counts positively).
    public var qdScoreOffset: Double { self == .arm ? -Double.pi * Double.pi : 0 }

    /// The box the `random` algorithm samples: ±5.12 per gene, or ±π for the arm.
    public func samplingBox(dimension: Int) -> Box {
        self == .arm ? Box(dimension: dimension, range: -Double.pi...Double.pi)
                     : Box(dimension: dimension, range: -5.12...5.12)
    }

    /// The bounds emitters clip children into: none, or [−π, π] per joint for the arm.
    public func genomeBounds(dimension: Int) -> GenomeBounds? {
        self == .arm ? GenomeBounds(Box(dimension: dimension, range: -Double.pi...Double.pi), handling: .clip) : nil
    }

    /// The default Gaussian σ and iso σ: 0.5, or 0.1 for the arm (pyribs' arm tutorial).
    public var defaultSigma: Double { self == .arm ? 0.1 : 0.5 }

    /// The default line σ of Iso+LineDD.
    public var defaultLineSigma: Double { 0.2 }
}

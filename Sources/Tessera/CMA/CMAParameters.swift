import Foundation

/// The strategy parameters of CMA-ES for a dimension and population size: Hansen's
/// defaults (*The CMA Evolution Strategy: A Tutorial*, arXiv 1604.00772, Table 1, with
/// positive recombination weights only).
public struct CMAParameters: Codable, Hashable, Sendable {
    /// The dimension n.
    public let dimension: Int
    /// The population size λ.
    public let populationSize: Int
    /// The parents μ, ⌊λ / 2⌋.
    public let parents: Int
    /// The recombination weights w₁ ≥ … ≥ w_μ > 0, summing to 1.
    public let weights: [Double]
    /// The variance-effective selection mass μ_eff = 1 / Σ wᵢ².
    public let effectiveParents: Double
    /// The learning rate of the step-size path, c_σ.
    public let cs: Double
    /// The damping of the step size, d_σ.
    public let damping: Double
    /// The learning rate of the rank-one path, c_c.
    public let cc: Double
    /// The rank-one learning rate, c₁.
    public let c1: Double
    /// The rank-μ learning rate, c_μ.
    public let cmu: Double
    /// E‖N(0, I)‖, approximated as √n (1 − 1/(4n) + 1/(21n²)).
    public let expectedNorm: Double

    /// The default population size for `dimension`: 4 + ⌊3 ln n⌋.
    public static func defaultPopulationSize(dimension: Int) -> Int {
        4 + Int((3 * log(Double(dimension))).rounded(.down))
    }

    /// The defaults for `dimension` and `populationSize` (the default one when `nil`).
    ///
    /// - Throws: ``ParameterError`` for a dimension below 1 or a population below 2.
    public init(dimension: Int, populationSize: Int? = nil) throws(ParameterError) {
        try ParameterError.requirePositive(dimension, Self.self, "dimension")
        let lambda = populationSize ?? Self.defaultPopulationSize(dimension: dimension)
        try ParameterError.require(lambda >= 2 && lambda <= 1_000_000, Self.self, "populationSize",
                                   "must be in 2...1000000 (got \(lambda))")
        let n = Double(dimension)
        let mu = lambda / 2
        let raw = (1...mu).map { log(Double(lambda + 1) / 2) - log(Double($0)) }
        let total = raw.reduce(0, +)
        let weights = raw.map { $0 / total }
        let muEff = 1 / weights.reduce(0) { $0 + $1 * $1 }
        self.dimension = dimension
        self.populationSize = lambda
        self.parents = mu
        self.weights = weights
        self.effectiveParents = muEff
        cs = (muEff + 2) / (n + muEff + 5)
        damping = 1 + 2 * max(0, ((muEff - 1) / (n + 1)).squareRoot() - 1) + cs
        cc = (4 + muEff / n) / (n + 4 + 2 * muEff / n)
        c1 = 2 / ((n + 1.3) * (n + 1.3) + muEff)
        cmu = min(1 - c1, 2 * (muEff - 2 + 1 / muEff) / ((n + 2) * (n + 2) + muEff))
        expectedNorm = n.squareRoot() * (1 - 1 / (4 * n) + 1 / (21 * n * n))
    }
}

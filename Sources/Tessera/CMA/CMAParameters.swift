import Foundation

/// The strategy parameters of CMA-ES for a dimension, population size and number of
/// parents: Hansen's defaults (*The CMA Evolution Strategy: A Tutorial*, arXiv 1604.00772,
/// Table 1), with the tutorial's negative ("active") weights as an option.
///
/// With the default μ = ⌊λ / 2⌋ the positive weights are the tutorial's
/// `w'ᵢ = ln((λ + 1) / 2) − ln i`. With another count of parents (an emitter that
/// recombines only the candidates that improved its archive) they are
/// `w'ᵢ = ln(μ + 1/2) − ln i`, the tutorial's form with λ = 2μ, as pyribs computes them; the
/// learning rates follow from that μ_eff by the same formulas.
public struct CMAParameters: Codable, Hashable, Sendable {
    /// The dimension n.
    public let dimension: Int
    /// The population size λ.
    public let populationSize: Int
    /// The parents μ: ⌊λ / 2⌋ unless chosen.
    public let parents: Int
    /// The positive recombination weights w₁ ≥ … ≥ w_μ > 0, summing to 1.
    public let weights: [Double]
    /// Whether the covariance update uses negative weights for the worst λ − μ candidates.
    public let active: Bool
    /// The negative weights w_{μ+1} ≥ … ≥ w_λ of ranks μ + 1 … λ (each ≤ 0), scaled by
    /// min(α_μ⁻, α_μeff⁻, α_posdef⁻) / Σ|w'ⱼ⁻| as in the tutorial; empty unless ``active``.
    public let negativeWeights: [Double]
    /// The variance-effective selection mass μ_eff = 1 / Σ wᵢ² of the positive weights.
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

    /// The evaluations between two eigendecompositions of the covariance: pyribs' and
    /// purecma's lazy gap, `0.5 λ / ((c₁ + c_μ) n)`, five times the tutorial's
    /// `λ / (10 n (c₁ + c_μ))` (at n = 100, λ = 36 a decomposition every third generation
    /// instead of every one; the evaluations to reach a target stay within a few per cent,
    /// `Docs/Benchmarks.md`).
    public var decompositionGap: Double { 0.5 * Double(populationSize) / ((c1 + cmu) * Double(dimension)) }

    /// The default population size for `dimension`: 4 + ⌊3 ln n⌋.
    public static func defaultPopulationSize(dimension: Int) -> Int {
        4 + Int((3 * log(Double(dimension))).rounded(.down))
    }

    /// The defaults for `dimension`, `populationSize` (the default one when `nil`) and
    /// `parents` (⌊λ / 2⌋ when `nil`).
    ///
    /// - Parameters:
    ///   - dimension: n, at least 1.
    ///   - populationSize: λ in 2…1,000,000, or `nil` for 4 + ⌊3 ln n⌋.
    ///   - parents: μ in 1…λ, or `nil` for ⌊λ / 2⌋.
    ///   - active: Negative weights for ranks μ + 1 … λ (tutorial Table 1); only with
    ///     μ = ⌊λ / 2⌋.
    /// - Throws: ``ParameterError`` for a dimension below 1, a population below 2, parents
    ///   outside 1…λ, or active weights with another μ than ⌊λ / 2⌋.
    /// - Complexity: O(λ).
    public init(dimension: Int, populationSize: Int? = nil, parents: Int? = nil, active: Bool = false) throws(ParameterError) {
        try ParameterError.requirePositive(dimension, Self.self, "dimension")
        let lambda = populationSize ?? Self.defaultPopulationSize(dimension: dimension)
        try ParameterError.require(lambda >= 2 && lambda <= 1_000_000, Self.self, "populationSize",
                                   "must be in 2...1000000 (got \(lambda))")
        let mu = parents ?? lambda / 2
        try ParameterError.require(mu >= 1 && mu <= lambda, Self.self, "parents", "must be in 1...\(lambda) (got \(mu))")
        try ParameterError.require(!active || mu == lambda / 2, Self.self, "active",
                                   "needs the default \(lambda / 2) parents (got \(mu))")
        let n = Double(dimension)
        // The tutorial's w'ᵢ for the default μ, pyribs' ln(μ + 1/2) − ln i for another.
        let centre = mu == lambda / 2 ? log(Double(lambda + 1) / 2) : log(Double(mu) + 0.5)
        let raw = (1...mu).map { centre - log(Double($0)) }
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
        let c1 = 2 / ((n + 1.3) * (n + 1.3) + muEff)
        let cmu = min(1 - c1, 2 * (muEff - 2 + 1 / muEff) / ((n + 2) * (n + 2) + muEff))
        self.c1 = c1
        self.cmu = cmu
        expectedNorm = n.squareRoot() * (1 - 1 / (4 * n) + 1 / (21 * n * n))
        self.active = active
        if active && lambda > mu {
            // w'ᵢ for i = μ + 1 … λ (≤ 0), scaled so that their sum is −min(α_μ⁻, α_μeff⁻, α_posdef⁻).
            let negative = ((mu + 1)...lambda).map { centre - log(Double($0)) }
            let mass = negative.reduce(0) { $0 + abs($1) }
            let squares = negative.reduce(0) { $0 + $1 * $1 }
            let muEffNegative = squares > 0 ? mass * mass / squares : 0
            let alphaMu = cmu > 0 ? 1 + c1 / cmu : .infinity
            let alphaMuEff = 1 + 2 * muEffNegative / (muEff + 2)
            let alphaPosDef = cmu > 0 ? (1 - c1 - cmu) / (n * cmu) : .infinity
            let scale = mass > 0 ? min(alphaMu, alphaMuEff, alphaPosDef) / mass : 0
            negativeWeights = negative.map { $0 * scale }
        } else {
            negativeWeights = []
        }
    }
}

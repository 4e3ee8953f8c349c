/// When EvoSearch evolves and how many it rolls out (He et al. 2025): the sampling steps of
/// the generations, and a population per generation plus the first.
///
/// The defaults are the paper's SD 2.1 settings: evolution at steps 0, 20, 30, 40 of 50,
/// populations 42 (the first, from noise), 26, 26, 26, 30, five elites, mutation rate 0.2.
/// Every rollout is completed to the output (look-ahead), so the first population costs
/// 42 × 50 NFE and a generation at step t with population P costs P × (50 − t): 5,000 NFE in
/// all, the budget of best-of-100.
public struct EvoSearchSchedule: Hashable, Sendable, Codable {
    /// The steps where generations evolve, increasing.
    public var evolutionSteps: [Int]
    /// The first population, then one per generation.
    public var populations: [Int]
    /// Elites kept unmutated in every generation.
    public var eliteCount: Int
    /// β of the mutation at the initial noise, x' = √(1 − β²) x + β ε.
    public var mutationRate: Double
    /// The share of the pool each tournament draws (0.9).
    public var tournamentFraction: Double

    /// A schedule, checked against a generator of `stepCount` steps.
    ///
    /// - Throws: ``ParameterError`` for steps that do not increase inside 0 ..< stepCount,
    ///   populations of the wrong count or below the elites (or below 1), a rate outside
    ///   [0, 1], or a fraction outside (0, 1].
    public init(evolutionSteps: [Int] = [0, 20, 30, 40], populations: [Int] = [42, 26, 26, 26, 30], eliteCount: Int = 5,
                mutationRate: Double = 0.2, tournamentFraction: Double = 0.9, stepCount: Int = 50) throws(ParameterError) {
        try ParameterError.require(!evolutionSteps.isEmpty && zip(evolutionSteps, evolutionSteps.dropFirst()).allSatisfy { $0 < $1 }
                                   && evolutionSteps.allSatisfy { (0..<stepCount).contains($0) }, Self.self, "evolutionSteps",
                                   "must increase strictly inside 0..<\(stepCount) (got \(evolutionSteps))")
        try ParameterError.require(populations.count == evolutionSteps.count + 1, Self.self, "populations",
                                   "must have one more entry than the evolution steps (\(evolutionSteps.count + 1), got \(populations.count))")
        try ParameterError.require(eliteCount >= 0, Self.self, "eliteCount", "must be non-negative (got \(eliteCount))")
        try ParameterError.require(populations.allSatisfy { $0 >= 1 && $0 <= 1_000_000 } && populations.dropFirst().allSatisfy { $0 > eliteCount },
                                   Self.self, "populations", "must be in 1...1000000, and above the \(eliteCount) elites after the first (got \(populations))")
        try ParameterError.require((0...1).contains(mutationRate), Self.self, "mutationRate", "must be in [0, 1] (got \(mutationRate))")
        try ParameterError.require(tournamentFraction > 0 && tournamentFraction <= 1, Self.self, "tournamentFraction",
                                   "must be in (0, 1] (got \(tournamentFraction))")
        self.evolutionSteps = evolutionSteps
        self.populations = populations
        self.eliteCount = eliteCount
        self.mutationRate = mutationRate
        self.tournamentFraction = tournamentFraction
    }

    /// The NFE the schedule costs on a generator of `stepCount` steps.
    public func nfe(stepCount: Int) -> Int {
        populations[0] * stepCount + zip(evolutionSteps, populations.dropFirst()).reduce(0) { $0 + $1.1 * (stepCount - $1.0) }
    }
}

import Foundation

/// EvoSearch (He et al. 2025): evolutionary search over a denoising generator's trajectories
/// at test time, for the output of highest reward at a fixed NFE budget — with best-of-N and
/// a quality-diversity variant at the same budget (``EvoSearchAlgorithm``).
///
/// A first population of initial noises is rolled out to the output and scored. Then, at each
/// evolution step t of the ``EvoSearchSchedule``:
/// - the pool is every state cached at t by any rollout so far, each with the reward of its
///   completed trajectory (a state is cached *before* step t is applied, so a child resumed
///   from it applies step t once — the released code applies it twice);
/// - the elites (a stable sort on reward) go on unmutated; every other slot takes the argmax
///   over the first ⌊0.9 |pool|⌋ entries of a random permutation of the pool (a tournament),
///   mutated by the generator's ``LatentMutation``;
/// - every member is rolled out from t to the output (look-ahead), caching its states at the
///   later evolution steps.
///
/// The answer is the best-reward output of any rollout; the last generation is kept. Every
/// random draw comes from ``RandomStreams`` keyed by (generation, row): a search is a pure
/// function of its seed, however its rows are split into chunks (``step(_:maximumRows:)``)
/// and wherever it was stopped and resumed.
public struct EvoSearch<Generator: DenoisingGenerator, Reward: DenoisingReward>: Sendable where Reward.Scalar == Generator.Scalar {
    public typealias Scalar = Generator.Scalar
    /// The generator searched.
    public let generator: Generator
    /// The reward maximised (and the descriptors of `evosearch-qd`).
    public let reward: Reward
    /// The search.
    public let algorithm: EvoSearchAlgorithm
    /// When to evolve and how many (``EvoSearchAlgorithm/evoSearch`` and
    /// ``EvoSearchAlgorithm/qualityDiversity``).
    public let schedule: EvoSearchSchedule
    /// Best-of-N's N.
    public let sampleCount: Int
    /// The cell of a descriptor, for ``EvoSearchAlgorithm/qualityDiversity``.
    let cell: (@Sendable ([Double]) -> Int)?

    /// A search of `generator` for high `reward`.
    ///
    /// - Parameters:
    ///   - sampleCount: Best-of-N's N (ignored by the others); by default the schedule's
    ///     NFE over the generator's steps, so the budgets are equal.
    ///   - cell: The archive cell of a descriptor; required by `evosearch-qd`.
    /// - Throws: ``ParameterError`` for a schedule whose steps are outside the generator's,
    ///   a noise offset outside the latent, N outside 1…1,000,000, or `evosearch-qd` without
    ///   descriptors or a cell function.
    public init(generator: Generator, reward: Reward, algorithm: EvoSearchAlgorithm = .evoSearch,
                schedule: EvoSearchSchedule, sampleCount: Int? = nil,
                cell: (@Sendable ([Double]) -> Int)? = nil) throws(ParameterError) {
        try ParameterError.require(schedule.evolutionSteps.allSatisfy { $0 < generator.stepCount }, Self.self, "schedule",
                                   "has evolution steps beyond the generator's \(generator.stepCount)")
        try ParameterError.require((0..<generator.latentCount).contains(generator.noiseOffset) && generator.stepNoiseCount >= 0,
                                   Self.self, "generator", "declares noise outside its latent of \(generator.latentCount) numbers")
        let count = sampleCount ?? schedule.nfe(stepCount: generator.stepCount) / max(generator.stepCount, 1)
        try ParameterError.require((1...1_000_000).contains(count), Self.self, "sampleCount", "must be in 1...1000000 (got \(count))")
        if algorithm == .qualityDiversity {
            try ParameterError.require(cell != nil && !reward.descriptorNames.isEmpty, Self.self, "reward",
                                       "must have descriptors and a cell function for evosearch-qd")
        }
        self.generator = generator
        self.reward = reward
        self.algorithm = algorithm
        self.schedule = schedule
        self.sampleCount = count
        self.cell = cell
    }

    /// Each generation's starting step and population: best-of-N's one generation of N
    /// from noise, or the schedule's first population and evolution steps.
    public var generations: [(step: Int, population: Int)] {
        if algorithm == .bestOfN { return [(0, sampleCount)] }
        return [(0, schedule.populations[0])] + zip(schedule.evolutionSteps, schedule.populations.dropFirst()).map { ($0, $1) }
    }

    /// The NFE the whole search costs when every step of every row is one NFE.
    public var plannedNFE: Int {
        generations.reduce(0) { $0 + $1.population * (generator.stepCount - $1.step) }
    }

    /// Whether `state`'s search is over.
    public func isFinished(_ state: EvoSearchState<Scalar>) -> Bool { state.generation >= generations.count }

    /// The evolution steps a rollout caches states at (none for best-of-N).
    var cachedSteps: [Int] { algorithm == .bestOfN ? [] : schedule.evolutionSteps }

    /// What a whole search found.
    public struct Result: Sendable {
        /// The best reward of any rollout, its output and descriptor.
        public var bestReward: Double
        public var bestOutput: [Scalar]
        public var bestDescriptor: [Double]
        /// The NFE spent.
        public var nfe: Int
        /// Rollouts whose output could not be scored.
        public var failures: Int
        /// The last generation's outputs and their rewards.
        public var finalOutputs: [[Scalar]]
        public var finalRewards: [Double]
        /// The best reward so far after each rollout, with the NFE spent by then.
        public var progress: [(nfe: Int, bestReward: Double)]
        /// For `evosearch-qd`: the best output of every cell reached, by cell; empty otherwise.
        public var cells: [Int: (reward: Double, output: [Scalar])] = [:]
    }

    /// Runs the whole search with `seed`, a generation per chunk.
    ///
    /// - Throws: What the generator or reward throws; ``EvoSearchError`` when every
    ///   rollout before an evolution step failed.
    public func run(seed: UInt64) async throws -> Result {
        var state = EvoSearchState<Scalar>(seed: seed)
        var result = Result(bestReward: -.infinity, bestOutput: [], bestDescriptor: [], nfe: 0, failures: 0, finalOutputs: [],
                            finalRewards: [], progress: [])
        while !isFinished(state) {
            for rollout in try await step(&state, maximumRows: .max) {
                result.progress.append((rollout.nfe, rollout.bestReward))
                if algorithm == .qualityDiversity, let value = rollout.reward, let cell, value > result.cells[cell(rollout.descriptor)]?.reward ?? -.infinity {
                    result.cells[cell(rollout.descriptor)] = (value, rollout.output)
                }
            }
        }
        result.bestReward = state.bestReward
        result.bestOutput = state.bestOutput
        result.bestDescriptor = state.bestDescriptor
        result.nfe = state.nfe
        result.failures = state.failures
        let width = generator.latentCount
        result.finalOutputs = (0..<state.lastRewards.count).map { Array(state.lastOutputs[($0 * width)..<(($0 + 1) * width)]) }
        result.finalRewards = state.lastRewards
        return result
    }
}

/// Why a search cannot go on, in one line.
public struct EvoSearchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// EvoSearch (He et al. 2025): evolutionary search over a denoising generator's trajectories
/// at test time, for the output of highest reward at a fixed NFE budget.
///
/// A first population of initial noises is rolled out to the output and scored. Then, at each
/// evolution step t of the ``EvoSearchSchedule``:
/// - the pool is every state cached at t by any rollout so far, each with the reward of its
///   completed trajectory (a state is cached *before* step t is applied, so a child resumed
///   from it applies step t once — the released code applies it twice);
/// - the elites (a stable sort on reward) go on unmutated; every other slot takes the argmax
///   over the first ⌊0.9 |pool|⌋ entries of a random permutation of the pool (a tournament),
///   mutated — at the initial noise (t = 0) as √(1 − β²) x + β ε, which keeps N(0, I), and
///   later as x + σ_t ε with the sampler's own noise level;
/// - every member is rolled out from t to the output (look-ahead), caching its states at the
///   later evolution steps.
///
/// The result is the best-reward output of any rollout; the last generation is kept. Every
/// random draw comes from ``RandomStreams`` keyed by (generation, row), so a run is a pure
/// function of its seed.
public struct EvoSearch<Generator: DenoisingGenerator>: Sendable {
    /// The generator searched.
    public let generator: Generator
    /// When to evolve and how many.
    public let schedule: EvoSearchSchedule
    /// The reward of an output (higher is better).
    public let reward: @Sendable (UnsafeBufferPointer<Double>) -> Double

    /// A search of `generator` for high `reward`.
    ///
    /// - Throws: ``ParameterError`` for a schedule whose steps are outside the generator's.
    public init(generator: Generator, schedule: EvoSearchSchedule,
                reward: @escaping @Sendable (UnsafeBufferPointer<Double>) -> Double) throws(ParameterError) {
        try ParameterError.require(schedule.evolutionSteps.allSatisfy { $0 < generator.stepCount }, Self.self, "schedule",
                                   "has evolution steps beyond the generator's \(generator.stepCount)")
        self.generator = generator
        self.schedule = schedule
        self.reward = reward
    }

    /// What a search found.
    public struct Result: Sendable {
        /// The best reward of any rollout.
        public var bestReward: Double
        /// Its output.
        public var bestOutput: [Double]
        /// The NFE spent.
        public var nfe: Int
        /// The last generation's outputs, row-major, and their rewards.
        public var finalOutputs: [[Double]]
        public var finalRewards: [Double]
        /// The best reward so far after each rollout, with the NFE spent by then.
        public var progress: [(nfe: Int, bestReward: Double)]
        /// For a quality-diversity search: the best output of every cell reached, by cell;
        /// empty otherwise.
        public var cells: [Int: (reward: Double, output: [Double])] = [:]
    }

    /// One state of the pool at an evolution step: the reward of its completed trajectory
    /// and the cell of that trajectory's output (0 without a descriptor).
    struct PoolEntry {
        var state: [Double]
        var reward: Double
        var cell: Int
    }

    /// One completed trajectory: its output, reward, and the states it passed at the
    /// evolution steps from its start on (each before that step was applied).
    struct Rollout {
        var output: [Double]
        var reward: Double
        var cached: [(step: Int, state: [Double])]
        var nfe: Int
    }

    /// Rolls `state` (at step `start`) out to the output.
    func rollout(_ state: [Double], from start: Int, using stream: inout Xoshiro256) -> Rollout {
        var x = state
        var at = start
        var nfe = 0
        var cached: [(step: Int, state: [Double])] = []
        x.withUnsafeMutableBufferPointer { buffer in
            for step in schedule.evolutionSteps where step >= start {
                nfe += generator.advance(buffer, from: at, to: step, using: &stream)
                cached.append((step, Array(buffer)))
                at = step
            }
            nfe += generator.advance(buffer, from: at, to: generator.stepCount, using: &stream)
        }
        let value = x.withUnsafeBufferPointer(reward)
        return Rollout(output: x, reward: value, cached: cached, nfe: nfe)
    }

    /// Trajectory `row` of the first population: initial noise and its rollout, both from
    /// the row's stream of iteration 0.
    func rolloutFromNoise(row: Int, streams: RandomStreams) -> Rollout {
        var stream = streams.stream(iteration: 0, emitter: 0, row: row)
        var noise = [Double](repeating: 0, count: generator.latentCount)
        noise.withUnsafeMutableBufferPointer { generator.initialNoise(into: $0, using: &stream) }
        return rollout(noise, from: 0, using: &stream)
    }

    /// Runs the search with `seed`.
    public func run(seed: UInt64) -> Result {
        search(seed: seed, cell: nil) { pool, population, selection in
            let ranked = pool.indices.sorted { pool[$0].reward > pool[$1].reward || (pool[$0].reward == pool[$1].reward && $0 < $1) }
            let elites = Array(ranked.prefix(schedule.eliteCount))
            var parents = elites
            while parents.count < population { parents.append(tournament(Array(pool.indices), pool, using: &selection)) }
            return (parents, elites.count)
        }
    }

    /// The argmax of reward over the first ⌊fraction · n⌋ (at least one) of a random
    /// permutation of `entrants`.
    func tournament(_ entrants: [Int], _ pool: [PoolEntry], using selection: inout Xoshiro256) -> Int {
        var order = entrants
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(selection.next() % UInt64(i + 1))) }
        let drawn = order.prefix(max(1, Int(schedule.tournamentFraction * Double(order.count))))
        return drawn.max { pool[$0].reward < pool[$1].reward || (pool[$0].reward == pool[$1].reward && $0 > $1) }!
    }

    /// The search loop, choosing each generation's parents with `choose(pool, population,
    /// selection stream)` → (parents, how many of the first are elites, not mutated); with a
    /// `cell` function, the best output of every cell is kept.
    func search(seed: UInt64, cell: (@Sendable (UnsafeBufferPointer<Double>) -> Int)?,
                choose: ([PoolEntry], Int, inout Xoshiro256) -> (parents: [Int], elites: Int)) -> Result {
        let streams = RandomStreams(seed: seed)
        var pools = [Int: [PoolEntry]]()
        var result = Result(bestReward: -.infinity, bestOutput: [], nfe: 0, finalOutputs: [], finalRewards: [], progress: [])
        func record(_ rollout: Rollout) {
            let index = cell.map { function in rollout.output.withUnsafeBufferPointer(function) } ?? 0
            for (step, state) in rollout.cached { pools[step, default: []].append(PoolEntry(state: state, reward: rollout.reward, cell: index)) }
            result.nfe += rollout.nfe
            if rollout.reward > result.bestReward {
                result.bestReward = rollout.reward
                result.bestOutput = rollout.output
            }
            if cell != nil, rollout.reward > result.cells[index]?.reward ?? -.infinity { result.cells[index] = (rollout.reward, rollout.output) }
            result.progress.append((result.nfe, result.bestReward))
        }
        var last: [Rollout] = []
        for row in 0..<schedule.populations[0] {
            let made = rolloutFromNoise(row: row, streams: streams)
            record(made)
            last.append(made)
        }
        for (generation, step) in schedule.evolutionSteps.enumerated() {
            let pool = pools[step] ?? []
            let population = schedule.populations[generation + 1]
            var selection = streams.stream(iteration: generation + 1, emitter: 1, row: 0)
            let (parents, eliteCount) = choose(pool, population, &selection)
            last = []
            for (row, parent) in parents.enumerated() {
                var stream = streams.stream(iteration: generation + 1, emitter: 0, row: row)
                var child = pool[parent].state
                if row >= eliteCount { mutate(&child, atStep: step, using: &stream) }
                let made = rollout(child, from: step, using: &stream)
                record(made)
                last.append(made)
            }
        }
        result.finalOutputs = last.map(\.output)
        result.finalRewards = last.map(\.reward)
        return result
    }

    /// EvoSearch's mutation at `step`: √(1 − β²) x + β ε at the initial noise, x + σ_t ε later.
    func mutate(_ x: inout [Double], atStep step: Int, using stream: inout Xoshiro256) {
        if step == 0 {
            let beta = schedule.mutationRate, keep = (1 - beta * beta).squareRoot()
            for j in x.indices { x[j] = keep * x[j] + beta * stream.nextNormal() }
        } else {
            let sigma = generator.noiseDeviation(atStep: step)
            for j in x.indices { x[j] += sigma * stream.nextNormal() }
        }
    }

    /// Best-of-N: `count` independent trajectories from noise, the same first ones as
    /// ``run(seed:)``'s first population for the same seed.
    public func bestOfN(_ count: Int, seed: UInt64) -> Result {
        let streams = RandomStreams(seed: seed)
        var result = Result(bestReward: -.infinity, bestOutput: [], nfe: 0, finalOutputs: [], finalRewards: [], progress: [])
        for row in 0..<max(count, 0) {
            let made = rolloutFromNoise(row: row, streams: streams)
            result.nfe += made.nfe
            if made.reward > result.bestReward {
                result.bestReward = made.reward
                result.bestOutput = made.output
            }
            result.progress.append((result.nfe, result.bestReward))
            result.finalOutputs.append(made.output)
            result.finalRewards.append(made.reward)
        }
        return result
    }
}

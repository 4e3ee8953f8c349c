/// Where a search stands between two chunks of rollouts: the generation and row it is at,
/// the pools of states it evolves from, the best output so far and the current
/// generation's outputs. Saved with a run's checkpoints (``componentState()``), so a
/// resumed search continues exactly as the uninterrupted one.
public struct EvoSearchState<Scalar: LatentScalar>: Sendable, Equatable {
    /// The search's seed.
    public let seed: UInt64
    /// The generation under way: 0 for the first population, g for the one evolved at
    /// the g-th evolution step; the generation count once finished.
    public internal(set) var generation = 0
    /// The next row of that generation.
    public internal(set) var nextRow = 0
    /// The parents of the generation's rows (indices into the pool at its step) and how
    /// many of the first are elites, chosen when the generation began.
    var parents: [Int] = []
    var eliteCount = 0
    /// Every state cached at an evolution step still to come (or under way), by step.
    var pools: [Int: LatentPool<Scalar>] = [:]
    /// NFE spent.
    public internal(set) var nfe = 0
    /// Rollouts completed, failed ones included.
    public internal(set) var rollouts = 0
    /// Rollouts whose output could not be scored.
    public internal(set) var failures = 0
    /// The best reward of any rollout (−∞ before the first).
    public internal(set) var bestReward = -Double.infinity
    /// Its output and descriptor.
    public internal(set) var bestOutput: [Scalar] = []
    public internal(set) var bestDescriptor: [Double] = []
    /// The current generation's scored outputs so far, row after row, and their rewards:
    /// the final population once the search has finished.
    public internal(set) var lastOutputs: [Scalar] = []
    public internal(set) var lastRewards: [Double] = []

    /// A search about to start.
    public init(seed: UInt64) { self.seed = seed }
}

/// The states cached at one evolution step, each with the reward and cell of the
/// trajectory it belongs to.
struct LatentPool<Scalar: LatentScalar>: Sendable, Equatable {
    /// The states, row after row.
    var states: [Scalar] = []
    var rewards: [Double] = []
    var cells: [Int] = []

    var count: Int { rewards.count }

    /// State `index` of `width` numbers.
    func state(_ index: Int, width: Int) -> ArraySlice<Scalar> { states[(index * width)..<((index + 1) * width)] }
}

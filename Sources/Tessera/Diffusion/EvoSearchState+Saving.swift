extension EvoSearchState {
    /// The identifier of a search's saved state.
    public static var stateIdentifier: String { "tessera.evosearch" }

    /// The counters of a saved search (JSON).
    struct Counters: Codable, Equatable {
        var seed: UInt64
        var generation: Int
        var nextRow: Int
        var parents: [Int]
        var eliteCount: Int
        var nfe: Int
        var rollouts: Int
        var failures: Int
        var bestReward: Double?
        var poolSteps: [Int]
        var poolCells: [[Int]]
    }

    /// The state as saved parts: counters as JSON, latents in binary (`Double` or `Float`).
    public func componentState() throws -> ComponentState {
        var saved = ComponentState(identifier: Self.stateIdentifier, version: 1)
        let steps = pools.keys.sorted()
        try saved.set("counters", json: Counters(seed: seed, generation: generation, nextRow: nextRow, parents: parents,
                                                 eliteCount: eliteCount, nfe: nfe, rollouts: rollouts, failures: failures,
                                                 bestReward: bestReward.isFinite ? bestReward : nil, poolSteps: steps,
                                                 poolCells: steps.map { pools[$0]!.cells }))
        saved.set("best_output", Scalar.statePart(bestOutput))
        saved.set("best_descriptor", .doubles(bestDescriptor))
        saved.set("last_outputs", Scalar.statePart(lastOutputs))
        saved.set("last_rewards", .doubles(lastRewards))
        for step in steps {
            saved.set("pool_\(step)_states", Scalar.statePart(pools[step]!.states))
            saved.set("pool_\(step)_rewards", .doubles(pools[step]!.rewards))
        }
        return saved
    }

    /// A search restored from its saved parts, every value checked against `search`.
    ///
    /// - Throws: ``RestoreError`` naming the first value that does not fit.
    public init<G, R>(restoring saved: ComponentState, for search: EvoSearch<G, R>) throws where G.Scalar == Scalar {
        func fail(_ detail: String) -> RestoreError { RestoreError(message: "the saved search \(detail)") }
        guard saved.identifier == Self.stateIdentifier, saved.version == 1 else {
            throw fail("is \(saved.identifier) version \(saved.version), not \(Self.stateIdentifier) version 1")
        }
        let counters: Counters
        do {
            counters = try saved.decode(Counters.self, key: "counters")
        } catch let error as RestoreError {
            throw error
        } catch {
            throw fail("has unreadable counters")
        }
        let width = search.generator.latentCount
        let generations = search.generations
        self.init(seed: counters.seed)
        guard (0...generations.count).contains(counters.generation) else { throw fail("is at generation \(counters.generation) of \(generations.count)") }
        let population = counters.generation < generations.count ? generations[counters.generation].population : 0
        guard counters.nextRow >= 0, counters.nextRow < max(population, 1) else {
            throw fail("is at row \(counters.nextRow) of a generation of \(population)")
        }
        guard counters.nfe >= 0, counters.rollouts >= counters.failures, counters.failures >= 0 else {
            throw fail("has negative counters")
        }
        generation = counters.generation
        nextRow = counters.nextRow
        nfe = counters.nfe
        rollouts = counters.rollouts
        failures = counters.failures
        bestReward = counters.bestReward ?? -.infinity
        bestOutput = try Scalar.values(in: saved, key: "best_output", count: counters.bestReward == nil ? 0 : width)
        bestDescriptor = try saved.doubles("best_descriptor")
        lastRewards = try saved.doubles("last_rewards")
        lastOutputs = try Scalar.values(in: saved, key: "last_outputs", count: lastRewards.count * width)
        guard counters.poolSteps.count == counters.poolCells.count, Set(counters.poolSteps).count == counters.poolSteps.count,
              counters.poolSteps.allSatisfy(search.cachedSteps.contains)
        else { throw fail("has pools at steps \(counters.poolSteps), not evolution steps \(search.cachedSteps)") }
        for (step, cells) in zip(counters.poolSteps, counters.poolCells) {
            let rewards = try saved.doubles("pool_\(step)_rewards", count: cells.count)
            let states = try Scalar.values(in: saved, key: "pool_\(step)_states", count: cells.count * width)
            pools[step] = LatentPool(states: states, rewards: rewards, cells: cells)
        }
        if counters.nextRow > 0, counters.generation > 0 {
            let poolCount = pools[generations[counters.generation].step]?.count ?? 0
            guard counters.parents.count == population, counters.parents.allSatisfy({ (0..<poolCount).contains($0) }),
                  (0...population).contains(counters.eliteCount)
            else { throw fail("has parents outside its pool of \(poolCount)") }
            parents = counters.parents
            eliteCount = counters.eliteCount
        }
    }
}

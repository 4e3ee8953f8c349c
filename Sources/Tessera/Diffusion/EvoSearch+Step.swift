extension EvoSearch {
    /// Rolls out the next rows of the current generation — at most `maximumRows`, never past
    /// the generation's end — and records them in `state`.
    ///
    /// At a generation's first row the parents are chosen from the pool at its step. Each
    /// row's child (initial noise, or its parent's state mutated unless it is an elite) is
    /// advanced to the output in one batch with the chunk's other rows, its states cached at
    /// the later evolution steps, and scored. How rows are split into chunks does not change
    /// the search: every row draws from its own stream.
    ///
    /// - Returns: The chunk's rollouts, in row order.
    /// - Throws: What the generator or reward throws (`state` is then unchanged);
    ///   ``EvoSearchError`` when the pool a generation evolves from is empty or an answer
    ///   has the wrong size.
    public func step(_ state: inout EvoSearchState<Scalar>, maximumRows: Int) async throws -> [EvoSearchRollout<Scalar>] {
        guard !isFinished(state) else { return [] }
        var next = state
        let (start, population) = generations[next.generation]
        let streams = RandomStreams(seed: next.seed)
        if next.nextRow == 0 {
            next.lastOutputs = []
            next.lastRewards = []
            if next.generation > 0 {
                let pool = next.pools[start] ?? LatentPool()
                guard pool.count > 0 else {
                    throw EvoSearchError("every rollout before evolution step \(start) failed: there is no state to evolve from")
                }
                var selection = streams.stream(iteration: next.generation, emitter: 1, row: 0)
                (next.parents, next.eliteCount) = choose(from: pool, population: population, using: &selection)
            }
        }
        let rows = Array(next.nextRow..<min(population, next.nextRow + max(1, maximumRows)))
        let width = generator.latentCount
        var latents = [Scalar]()
        latents.reserveCapacity(rows.count * width)
        var rowStreams = [Xoshiro256]()
        for row in rows {
            var stream = streams.stream(iteration: next.generation, emitter: 0, row: row)
            if next.generation == 0 {
                latents += initialNoise(using: &stream)
            } else {
                var child = Array(next.pools[start]!.state(next.parents[row], width: width))
                if row >= next.eliteCount { mutate(&child, atStep: start, using: &stream) }
                latents += child
            }
            rowStreams.append(stream)
        }
        // Cache before each step: the initial noise at step 0 in the first generation, and
        // every later evolution step.
        var at = start
        var cached: [(step: Int, states: [Scalar])] = []
        for step in cachedSteps where step > start || (next.generation == 0 && step == start) {
            next.nfe += try await advance(&latents, rows: rows.count, from: at, to: step, streams: &rowStreams)
            cached.append((step, latents))
            at = step
        }
        let before = next.nfe
        next.nfe += try await advance(&latents, rows: rows.count, from: at, to: generator.stepCount, streams: &rowStreams)
        let scores = try await reward.score(latents, rows: rows.count)
        guard scores.count == rows.count else {
            throw EvoSearchError("the reward scored \(scores.count) outputs of a batch of \(rows.count)")
        }
        let dimension = reward.descriptorNames.count
        var made: [EvoSearchRollout<Scalar>] = []
        let spent = next.nfe - before
        for (index, row) in rows.enumerated() {
            let output = Array(latents[(index * width)..<((index + 1) * width)])
            var score = scores[index]
            if score.failure == nil {
                if let value = score.reward, !value.isFinite {
                    score = OutputScore(failure: "reward \(value) is not finite")
                } else if score.descriptor.count != dimension {
                    score = OutputScore(failure: "\(score.descriptor.count) descriptor values, expected \(dimension)")
                } else if !score.descriptor.allSatisfy(\.isFinite) {
                    score = OutputScore(failure: "descriptor \(score.descriptor) is not finite")
                }
            }
            next.rollouts += 1
            if let value = score.reward, score.failure == nil {
                let cellIndex = algorithm == .qualityDiversity ? cell!(score.descriptor) : 0
                for (step, states) in cached {
                    next.pools[step, default: LatentPool()].states += states[(index * width)..<((index + 1) * width)]
                    next.pools[step]!.rewards.append(value)
                    next.pools[step]!.cells.append(cellIndex)
                }
                if value > next.bestReward {
                    next.bestReward = value
                    next.bestOutput = output
                    next.bestDescriptor = score.descriptor
                }
                next.lastOutputs += output
                next.lastRewards.append(value)
            } else {
                next.failures += 1
                score = OutputScore(failure: score.failure ?? "no reward")
            }
            // NFE are spread evenly over the chunk's rows, so progress is per rollout.
            made.append(EvoSearchRollout(generation: next.generation, row: row, output: output, reward: score.reward,
                                         descriptor: score.descriptor, failure: score.failure,
                                         nfe: before + spent * (index + 1) / rows.count, bestReward: next.bestReward))
        }
        next.nextRow = rows.last! + 1
        if next.nextRow == population {
            // The pool this generation evolved from is never read again.
            if next.generation > 0 { next.pools[start] = nil }
            next.generation += 1
            next.nextRow = 0
            next.parents = []
            next.eliteCount = 0
        }
        state = next
        return made
    }

    /// An initial latent: zeros, then standard normals from the noise offset on.
    func initialNoise(using stream: inout Xoshiro256) -> [Scalar] {
        var latent = [Scalar](repeating: 0, count: generator.latentCount)
        latent.withUnsafeMutableBufferPointer { Scalar.fillNormals(UnsafeMutableBufferPointer(rebasing: $0[generator.noiseOffset...]), using: &stream) }
        return latent
    }

    /// Advances `rows` latents from `start` to `end` with noise drawn from each row's stream.
    func advance(_ latents: inout [Scalar], rows: Int, from start: Int, to end: Int, streams: inout [Xoshiro256]) async throws -> Int {
        guard end > start else { return 0 }
        let perRow = (end - start) * generator.stepNoiseCount
        var noise = [Scalar](repeating: 0, count: rows * perRow)
        noise.withUnsafeMutableBufferPointer { all in
            for row in 0..<rows {
                Scalar.fillNormals(UnsafeMutableBufferPointer(rebasing: all[(row * perRow)..<((row + 1) * perRow)]), using: &streams[row])
            }
        }
        let expected = latents.count
        let spent = try await generator.advance(&latents, rows: rows, from: start, to: end, noise: noise)
        guard latents.count == expected, spent >= 0 else {
            throw EvoSearchError("the generator answered \(latents.count) latent numbers and \(spent) NFE for \(rows) rows of \(expected / max(rows, 1))")
        }
        return spent
    }

    /// EvoSearch's mutation at `step` (``LatentMutation``).
    func mutate(_ x: inout [Scalar], atStep step: Int, using stream: inout Xoshiro256) {
        let beta = schedule.mutationRate, keep = (1 - beta * beta).squareRoot()
        x.withUnsafeMutableBufferPointer { all in
            switch generator.mutation {
            case .additive where step > 0:
                Scalar.perturb(all, keep: 1, scale: generator.noiseDeviation(atStep: step), using: &stream)
            case .additive:
                Scalar.perturb(all, keep: keep, scale: beta, using: &stream)
            case .noise:
                Scalar.perturb(UnsafeMutableBufferPointer(rebasing: all[generator.noiseOffset...]), keep: keep, scale: beta, using: &stream)
            }
        }
    }
}

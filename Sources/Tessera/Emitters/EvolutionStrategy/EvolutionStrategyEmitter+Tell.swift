extension EvolutionStrategyEmitter {
    /// Ranks the emitter's rows, updates the strategy from the parents the selection rule
    /// picks, and restarts when the strategy converged or the restart rule fires.
    public mutating func tell<A: Archive>(_ feedback: EmitterFeedback<[Double]>, archive: A) where A.Genome == [Double] {
        BLASThreads.pinned(Self.blasThreads) { update(feedback, archive: archive) }
    }

    /// The work of ``tell(_:archive:)``.
    private mutating func update<A: Archive>(_ feedback: EmitterFeedback<[Double]>, archive: A) where A.Genome == [Double] {
        let rows = feedback.rows, n = strategy.dimension, k = archive.descriptorSpace.dimension
        iterations += 1
        if ranker.usesDirection && direction == nil { drawDirection(archive: archive, context: feedback.context) }
        let report = feedback.report, evaluations = feedback.evaluations
        let ranking = ranker.rank(count: rows.count,
                                  statuses: { report.statuses[rows.lowerBound + $0] },
                                  values: { report.values[rows.lowerBound + $0] },
                                  objectives: { evaluations.objectives[rows.lowerBound + $0] },
                                  descriptors: { r in
                                      let row = rows.lowerBound + r
                                      return evaluations.descriptors[row * k ..< (row + 1) * k]
                                  },
                                  direction: direction)
        let added = rows.reduce(0) { $0 + (report.statuses[$1].isAdded ? 1 : 0) }
        let parents = min(ranking.valid, selection == .filter ? added : rows.count / 2)
        var candidates = [Double](repeating: 0, count: rows.count * n)
        candidates.withUnsafeMutableBufferPointer { out in
            for r in 0..<rows.count {
                let (part, local) = feedback.children.locate(rows.lowerBound + r)
                feedback.children.parts[part].withRow(local) { source in
                    for j in 0..<n { out[r * n + j] = source[j] }
                }
            }
        }
        // Strategies that learn from the normals get them by replaying the iteration's draws.
        let normals = strategy.usesNormals ? sample(rows: 0..<rows.count, context: feedback.context).normals : []
        if let bounds { clippedRows += Self.rowsOnTheBoundary(candidates, bounds) }
        strategy.tell(candidates, normals: normals, ranking: ranking.order, parents: parents)
        if converged(ranking) || restartRule.fires(iterations: iterations, added: added) {
            restart(archive: archive, context: feedback.context)
        }
    }

    /// The rows of `candidates` with a coordinate exactly on a bound of `box`: the clipped
    /// ones (a drawn coordinate lands exactly on a bound with probability 0).
    static func rowsOnTheBoundary(_ candidates: [Double], _ box: Box) -> Int {
        let n = box.dimension
        return (0..<(candidates.count / n)).reduce(0) { count, r in
            count + ((0..<n).contains { candidates[r * n + $0] == box.lower[$0] || candidates[r * n + $0] == box.upper[$0] } ? 1 : 0)
        }
    }

    /// pyribs' convergence tests of an emitter's strategy.
    func converged(_ ranking: Ranker.Ranking) -> Bool {
        strategy.conditionNumber > 1e14 || strategy.largestDeviation < 1e-11 || ranking.isFlat
    }

    /// Re-centres the strategy on an elite drawn uniformly from the archive (on the initial
    /// mean while the archive is empty) and draws a new random direction.
    mutating func restart<A: Archive>(archive: A, context: GenerationContext) where A.Genome == [Double] {
        var rng = context.stream(row: 0, purpose: EvolutionStrategyDraw.restart)
        let mean = archive.isEmpty ? initialMean : archive.sampleElites(1, using: &rng)[0].genome
        strategy.reset(mean: mean)
        restarts += 1
        if ranker.usesDirection { drawDirection(archive: archive, context: context) }
    }

    /// Draws a random direction of the archive's descriptor space: standard normals scaled
    /// by the space's extent in each dimension (pyribs' rule).
    mutating func drawDirection<A: Archive>(archive: A, context: GenerationContext) where A.Genome == [Double] {
        var rng = context.stream(row: 0, purpose: EvolutionStrategyDraw.direction)
        let space = archive.descriptorSpace
        direction = (0..<space.dimension).map { NormalSampler.next(using: &rng) * (space.upper[$0] - space.lower[$0]) }
    }
}

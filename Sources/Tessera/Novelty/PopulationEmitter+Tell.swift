extension PopulationEmitter {
    /// Scores the population and this generation's offspring, updates the novelty
    /// archive and builds the next population (see the type's discussion).
    ///
    /// Failed rows are dropped. When every offspring failed, the population stays as it
    /// was (re-scored). The archive argument is not read.
    public mutating func tell<A: Archive>(_ feedback: EmitterFeedback<Genome>, archive: A) where A.Genome == Genome {
        let evaluations = feedback.evaluations
        let d = evaluations.descriptorDimension
        let rows = feedback.rows.filter { evaluations.failures[$0] == nil }
        let old = population?.count ?? 0
        let n = old + rows.count
        defer { generation += 1 }
        guard n > 0 else { return }

        // The pool: the current population, then the surviving offspring.
        var pool = Genome.Column(layout: population?.layout ?? feedback.children.parts[0].layout, count: n)
        if let population { for i in 0..<old { pool.copyRow(i, from: population, row: i) } }
        var poolDescriptors = descriptors
        var poolObjectives = objectives
        var poolEvaluations = memberEvaluations.count == old ? memberEvaluations : [Int](repeating: -1, count: old)
        poolDescriptors.reserveCapacity(n * d)
        for (offset, row) in rows.enumerated() {
            let (part, local) = feedback.children.locate(row)
            pool.copyRow(old + offset, from: feedback.children.parts[part], row: local)
            poolDescriptors.append(contentsOf: evaluations.descriptors[(row * d)..<((row + 1) * d)])
            poolObjectives.append(evaluations.objectives[row])
            poolEvaluations.append(feedback.firstEvaluation + row)
        }

        let poolScores: [Double]
        if score.usesNovelty {
            var noveltyArchive = self.noveltyArchive ?? NoveltyArchive(settings: archiveSettings, dimension: d)
            precondition(noveltyArchive.dimension == d, "descriptors changed dimension during the run")
            var referenceSet = NearestNeighbours(dimension: d, distance: distance)
            referenceSet.append(contentsOf: noveltyArchive.behaviours)
            var referenceObjectives = noveltyArchive.objectives
            var selfIndices: [Int]?
            if reference == .archiveAndPopulation {
                referenceSet.append(contentsOf: poolDescriptors)
                referenceObjectives.append(contentsOf: poolObjectives)
                selfIndices = (0..<n).map { noveltyArchive.count + $0 }
            }
            let neighbourhood = Neighbourhood(queries: poolDescriptors, among: referenceSet, k: neighbours, selfIndices: selfIndices)
            switch score {
            case .objective, .novelty:
                poolScores = neighbourhood.novelty
            case .noveltyWithLocalCompetition:
                let competition = LocalCompetition.scores(neighbourhood, objectives: poolObjectives,
                                                          referenceObjectives: referenceObjectives)
                var points = [Double](repeating: 0, count: 2 * n)
                for i in 0..<n {
                    points[2 * i] = neighbourhood.novelty[i]
                    points[2 * i + 1] = Double(competition[i])
                }
                poolScores = ParetoRanking(points: points, objectiveCount: 2).scores
            }
            let offspringNovelty = Array(neighbourhood.novelty[old...])
            let uniforms: [Double]
            if case .probability = archiveSettings.rule {
                uniforms = NoveltyArchive.uniforms(rows: rows, context: feedback.context)
            } else {
                uniforms = []
            }
            noveltyArchive.add(Array(poolDescriptors[(old * d)...]), objectives: Array(poolObjectives[old...]),
                               novelty: offspringNovelty, uniforms: uniforms, evaluations: Array(poolEvaluations[old...]))
            self.noveltyArchive = noveltyArchive
        } else {
            poolScores = poolObjectives
        }

        let kept = survivors(scores: poolScores, current: old, offspring: rows.count)
        var next = Genome.Column(layout: pool.layout, count: kept.count)
        var nextDescriptors: [Double] = []
        nextDescriptors.reserveCapacity(kept.count * d)
        for (position, i) in kept.enumerated() {
            next.copyRow(position, from: pool, row: i)
            nextDescriptors.append(contentsOf: poolDescriptors[(i * d)..<((i + 1) * d)])
        }
        population = next
        descriptors = nextDescriptors
        objectives = kept.map { poolObjectives[$0] }
        memberEvaluations = kept.map { poolEvaluations[$0] }
        scores = kept.map { poolScores[$0] }
    }

    /// The members' and the novelty archive's evaluations, whose observations a learned
    /// descriptor keeps for ``relearn(_:scale:)``.
    public var observedEvaluations: [Int] {
        (memberEvaluations + (noveltyArchive?.members ?? [])).filter { $0 >= 0 }
    }

    /// Re-encodes the population's descriptors and the novelty archive's behaviours after
    /// a learned descriptor's training, scaling the archive's threshold by `scale`; the
    /// scores are re-made at the next tell.
    public mutating func relearn(_ codes: (_ evaluations: [Int]) -> [Double]?, scale: Double) {
        if !memberEvaluations.isEmpty, memberEvaluations.allSatisfy({ $0 >= 0 }), let new = codes(memberEvaluations),
           new.count == descriptors.count {
            descriptors = new
        }
        noveltyArchive?.relearn(codes, scale: scale)
    }

    /// The pool positions of the next population, best first: pool positions
    /// `0..<current` are the current population, the next `offspring` the offspring.
    func survivors(scores: [Double], current: Int, offspring: Int) -> [Int] {
        func ranked(_ indices: Range<Int>) -> [Int] {
            indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        }
        let all = 0..<(current + offspring)
        guard offspring > 0 else { return ranked(all) }
        switch replacement {
        case .muPlusLambda:
            return Array(ranked(all).prefix(populationSize))
        case .generational(let elitism):
            let elites = min(current, Int((elitism * Double(populationSize)).rounded()))
            let kept = ranked(0..<current).prefix(elites) + ranked(current..<all.upperBound).prefix(populationSize - elites)
            return kept.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        }
    }
}

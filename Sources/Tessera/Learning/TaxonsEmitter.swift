/// TAXONS (Paolo et al. 2020, arXiv 1909.05508): a steady population searched by novelty
/// in a learned descriptor space and by surprise, the learner's reconstruction error.
///
/// Run it on a scheduler whose archive is an ``UnstructuredArchive`` over the codes and
/// whose descriptors are learned (``Scheduler/learnDescriptors(_:)`` with
/// ``DescriptorLearning/TrainingSet/archiveAndRecent``, TAXONS' `train_on_archive`). Each
/// generation, as in the authors' `NoveltySurpriseOptimizer`:
/// 1. the whole population (μ, 100 by default) is evaluated: the batch is the population,
///    each member mutated with probability ``mutationRate`` (0.9) by its row's stream;
/// 2. each member's novelty is the mean distance of its code to the k = 15 nearest codes
///    among the other members and the archive; its surprise is its reconstruction error;
/// 3. the signal is novelty for the first ``noveltyGenerations`` (30) generations, then
///    novelty or surprise with probability ½ each (``TaxonsSignal/noveltyAndSurprise``),
///    or always one of them (TAXO-N, TAXO-S);
/// 4. the ``selected`` (5) members with the highest signal enter the archive (unless they
///    are unchanged copies of members already there) and their copies replace the 5 with
///    the lowest signal.
///
/// Failed rows have the lowest signal, never enter, and are the first replaced.
public struct TaxonsEmitter<M: Mutation>: Emitter where M.Genome == [Double] {
    public typealias Genome = [Double]

    /// The signal selection follows.
    public let signal: TaxonsSignal
    /// How members are mutated.
    public let mutation: M
    /// The probability that a member is mutated before it is evaluated.
    public let mutationRate: Double
    /// k of novelty.
    public let neighbours: Int
    /// Members added to the archive, and copied over the worst, per generation.
    public let selected: Int
    /// Generations selected by novelty alone before the alternation starts.
    public let noveltyGenerations: Int
    /// The first generation's members.
    public let initialPopulation: VectorColumn

    /// The members to evaluate next (before their mutation); `nil` before the first tell.
    public internal(set) var population: VectorColumn?
    /// Whether each member is in the archive (it entered and has not changed since).
    public internal(set) var archived: [Bool] = []
    /// Generations told.
    public internal(set) var generation = 0
    /// The ranking made at admission for the current generation, reused by ``tell(_:archive:)``.
    var pending: TaxonsRanking?

    /// Creates the emitter.
    ///
    /// - Parameters:
    ///   - initialPopulation: μ genomes; the batch size is μ.
    ///   - mutationRate: In [0, 1] (0.9 by default).
    ///   - neighbours: k, at least 1 (15).
    ///   - selected: At least 1 and at most μ (5).
    ///   - noveltyGenerations: At least 0 (30).
    /// - Throws: ``ParameterError`` for values outside those ranges.
    public init(signal: TaxonsSignal = .noveltyAndSurprise, mutation: M, initialPopulation: VectorColumn, mutationRate: Double = 0.9,
                neighbours: Int = 15, selected: Int = 5, noveltyGenerations: Int = 30) throws(ParameterError) {
        try ParameterError.require(initialPopulation.count >= 1, Self.self, "initialPopulation", "must hold at least one genome")
        try ParameterError.require(mutationRate.isFinite && (0...1).contains(mutationRate), Self.self, "mutationRate",
                                   "must be in [0, 1] (got \(mutationRate))")
        try ParameterError.requirePositive(neighbours, Self.self, "neighbours")
        try ParameterError.require((1...initialPopulation.count).contains(selected), Self.self, "selected",
                                   "must be in 1...\(initialPopulation.count) (got \(selected))")
        try ParameterError.require(noveltyGenerations >= 0, Self.self, "noveltyGenerations", "must be at least 0 (got \(noveltyGenerations))")
        self.signal = signal
        self.mutation = mutation
        self.initialPopulation = initialPopulation
        self.mutationRate = mutationRate
        self.neighbours = neighbours
        self.selected = selected
        self.noveltyGenerations = noveltyGenerations
    }

    /// μ: the whole population is evaluated each generation.
    public var batchSize: Int { initialPopulation.count }
    /// The genome dimension.
    public var genomeLayout: Int? { initialPopulation.dimension }
    /// TAXONS decides which rows enter its archive.
    public var decidesAdmission: Bool { true }

    /// Writes the population's members, each mutated with probability ``mutationRate``
    /// (the initial population unmutated); parent cells are −1.
    public func generate<A: Archive>(rows: Range<Int>, into children: inout VectorColumn, parents: inout [Int32],
                                     archive: A, context: GenerationContext) where A.Genome == [Double] {
        let source = population ?? initialPopulation
        for (position, row) in rows.enumerated() {
            parents[position] = -1
            children.copyRow(position, from: source, row: row)
            guard population != nil else { continue }
            var rng = context.stream(row: row)
            guard rng.nextUnitDouble() < mutationRate else { continue }
            children[position] = mutation.mutate(children[position], using: &rng)
        }
    }

    /// Whether `row` was mutated this generation (the same draw as ``generate(rows:into:parents:archive:context:)``).
    func mutated(_ row: Int, context: GenerationContext) -> Bool {
        guard population != nil else { return true }
        var rng = context.stream(row: row)
        return rng.nextUnitDouble() < mutationRate
    }

    /// The ``selected`` members with the highest signal that are not already in the archive.
    public mutating func admissions<A: Archive>(for feedback: EmitterFeedback<[Double]>, archive: A) -> [Bool] where A.Genome == [Double] {
        let ranking = rank(feedback, archive: archive)
        pending = ranking
        var decisions = [Bool](repeating: false, count: feedback.rows.count)
        for row in ranking.best where !ranking.alreadyArchived[row] { decisions[row] = true }
        return decisions
    }

    /// Builds the next population: the evaluated members with the best copied over the
    /// worst.
    public mutating func tell<A: Archive>(_ feedback: EmitterFeedback<[Double]>, archive: A) where A.Genome == [Double] {
        let ranking = pending.flatMap { $0.iteration == feedback.context.iteration ? $0 : nil } ?? rank(feedback, archive: archive)
        pending = nil
        let n = feedback.rows.count
        var next = VectorColumn(layout: initialPopulation.dimension, count: n)
        for (position, row) in feedback.rows.enumerated() {
            let (part, local) = feedback.children.locate(row)
            next.copyRow(position, from: feedback.children.parts[part], row: local)
        }
        var inArchive = ranking.alreadyArchived
        for row in ranking.best { inArchive[row] = true }
        for (best, worst) in zip(ranking.best, ranking.worst) where best != worst {
            next.copyRow(worst, from: next, row: best)
            inArchive[worst] = true
        }
        population = next
        archived = inArchive
        generation += 1
    }

    /// Scores this generation's members and picks the best and the worst.
    func rank<A: Archive>(_ feedback: EmitterFeedback<[Double]>, archive: A) -> TaxonsRanking where A.Genome == [Double] {
        let batch = feedback.evaluations
        let d = batch.descriptorDimension
        let rows = Array(feedback.rows)
        let valid = rows.indices.filter { batch.failures[rows[$0]] == nil }
        let useNovelty: Bool
        switch signal {
        case .novelty: useNovelty = true
        case .surprise: useNovelty = false
        case .noveltyAndSurprise:
            if generation < noveltyGenerations {
                useNovelty = true
            } else {
                var rng = feedback.context.stream(row: rows.count)
                useNovelty = rng.nextUnitDouble() < 0.5
            }
        }
        var values = [Double](repeating: -.infinity, count: rows.count)
        if useNovelty || batch.reconstructionErrors == nil {
            var reference = NearestNeighbours(dimension: d)
            let store = archive.store
            var elites: [Double] = []
            elites.reserveCapacity(store.count * d)
            for cell in store.occupiedCells.map(Int.init) { elites.append(contentsOf: store.descriptors[cell * d ..< (cell + 1) * d]) }
            reference.append(contentsOf: elites)
            var queries: [Double] = []
            queries.reserveCapacity(valid.count * d)
            for index in valid {
                let row = rows[index]
                queries.append(contentsOf: batch.descriptors[row * d ..< (row + 1) * d])
            }
            reference.append(contentsOf: queries)
            if !valid.isEmpty {
                let neighbourhood = Neighbourhood(queries: queries, among: reference, k: neighbours,
                                                  selfIndices: valid.indices.map { store.count + $0 })
                for (position, index) in valid.enumerated() {
                    let novelty = neighbourhood.novelty[position]
                    values[index] = novelty.isFinite ? novelty : Double.greatestFiniteMagnitude
                }
            }
        } else if let errors = batch.reconstructionErrors {
            for index in valid { values[index] = errors[rows[index]] }
        }
        // Highest first, ties to the lower row; the worst are the lowest, ties to the higher row.
        let order = rows.indices.sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
        let count = min(selected, valid.count)
        let best = Array(order.prefix(count))
        let worst = Array(order.reversed().prefix(count))
        let alreadyArchived = rows.indices.map { index in
            index < archived.count && archived[index] && !mutated(rows[index], context: feedback.context)
        }
        return TaxonsRanking(iteration: feedback.context.iteration, usedNovelty: useNovelty, values: values, best: best,
                             worst: worst, alreadyArchived: alreadyArchived)
    }
}

/// Which signal TAXONS selects on.
public enum TaxonsSignal: String, Codable, Hashable, Sendable, CaseIterable {
    /// TAXONS: novelty first, then novelty or surprise at random each generation.
    case noveltyAndSurprise = "novelty-and-surprise"
    /// TAXO-N: novelty in the learned space only.
    case novelty
    /// TAXO-S: surprise (reconstruction error) only.
    case surprise
}

/// One generation's ranking of TAXONS' members (positions within the emitter's rows).
struct TaxonsRanking: Hashable, Sendable {
    var iteration: Int
    var usedNovelty: Bool
    var values: [Double]
    var best: [Int]
    var worst: [Int]
    var alreadyArchived: [Bool]
}

/// A population-based search over any genome type, one emitter for three algorithms: a
/// genetic algorithm, novelty search (NS) and novelty search with local competition
/// (NSLC), chosen by its ``score`` (Lehman & Stanley 2011).
///
/// The emitter keeps a population of at most ``populationSize`` (μ) members with their
/// descriptors, objectives and scores, and, for NS and NSLC, a ``NoveltyArchive``. The
/// scheduler's archive (typically an elitist `GridArchive` over the descriptor space)
/// only collects the results: the emitter never reads it.
///
/// - **Iteration 0** (and any iteration that starts without a population) evaluates the
///   initial population itself: row `r` is ``initialPopulation`` row `r mod count`.
/// - **Afterwards** row `r` draws ``tournamentSize`` members uniformly from its own
///   random stream, takes the one with the highest score (the first drawn wins ties) and
///   mutates it with the same stream, so rows never depend on the number of workers.
///   The rows' parent cells are −1: population members are not archive cells.
/// - **``tell(_:archive:)``** drops failed rows (they are neither candidates nor
///   evaluations of the novelty archive), scores the current population and the
///   offspring together — novelty and local competition against the archive before the
///   batch plus (by ``reference``) both of them — lets the novelty archive decide on the
///   offspring, and builds the next population by ``replacement``.
///
/// ``PopulationScore/noveltyWithLocalCompetition`` ranks by ``ParetoRanking`` on
/// (novelty, local competition) and stores ``ParetoRanking/scores`` as the scores.
public struct PopulationEmitter<M: Mutation>: Emitter where M.Genome: Genome {
    /// The genome type, the mutation's.
    public typealias Genome = M.Genome

    /// Offspring per generation (λ).
    public let batchSize: Int
    /// The most members the population keeps (μ).
    public let populationSize: Int
    /// What the population is selected on.
    public let score: PopulationScore
    /// How the next population is built.
    public let replacement: PopulationReplacement
    /// Contestants per parent tournament.
    public let tournamentSize: Int
    /// How a child is made from its parent.
    public let mutation: M
    /// Neighbours of the novelty and local competition scores.
    public let neighbours: Int
    /// The behaviours novelty is measured against.
    public let reference: NoveltyReference
    /// The distance between behaviours.
    public let distance: BehaviourDistance
    /// The novelty archive's settings.
    public let archiveSettings: NoveltyArchive.Settings
    /// The genomes evaluated while there is no population.
    public let initialPopulation: Genome.Column

    /// The population's genomes, best first; `nil` before the first generation is told.
    public internal(set) var population: Genome.Column?
    /// The population's descriptors, row-major.
    public internal(set) var descriptors: [Double] = []
    /// The population's objectives.
    public internal(set) var objectives: [Double] = []
    /// The evaluation each member came from (−1 where unknown: the initial population of
    /// a state saved before it was kept).
    public internal(set) var memberEvaluations: [Int] = []
    /// The population's scores (larger is better), as of the last ``tell(_:archive:)``.
    public internal(set) var scores: [Double] = []
    /// The novelty archive; `nil` for the GA and before the first generation.
    public internal(set) var noveltyArchive: NoveltyArchive?
    /// Generations told.
    public internal(set) var generation = 0

    /// Creates the emitter.
    ///
    /// - Parameters:
    ///   - score: GA, NS or NSLC.
    ///   - mutation: How a child is made from its parent; a ``VectorMutation`` with a box
    ///     must fit the initial population's dimension.
    ///   - initialPopulation: The genomes of iteration 0 (μ of them, usually); at least one.
    ///   - populationSize: μ, at least 1 (250 by default).
    ///   - batchSize: λ, offspring per generation, at least 1 (250 by default).
    ///   - replacement: Generational with the best 10 % kept by default.
    ///   - tournamentSize: Contestants per parent, at least 1 (4 by default).
    ///   - neighbours: k, at least 1 (15 by default).
    ///   - reference: Archive and population (the default), or archive only.
    ///   - distance: Between behaviours; Euclidean by default.
    ///   - archive: The novelty archive's settings; `nil` for the maze rule
    ///     (``AdaptiveThreshold/maze(distance:dimension:)``) on the scale of `distance`
    ///     in two dimensions.
    /// - Throws: ``ParameterError`` for a count below 1, an empty initial population, an
    ///   elitism fraction outside [0, 1], or a mutation's box of another dimension.
    public init(score: PopulationScore, mutation: M, initialPopulation: Genome.Column, populationSize: Int = 250,
                batchSize: Int = 250, replacement: PopulationReplacement = .generational(elitism: 0.1),
                tournamentSize: Int = 4, neighbours: Int = 15, reference: NoveltyReference = .archiveAndPopulation,
                distance: BehaviourDistance = .euclidean, archive: NoveltyArchive.Settings? = nil) throws(ParameterError) {
        try ParameterError.requirePositive(batchSize, Self.self, "batchSize")
        try ParameterError.requirePositive(populationSize, Self.self, "populationSize")
        try ParameterError.requirePositive(tournamentSize, Self.self, "tournamentSize")
        try ParameterError.requirePositive(neighbours, Self.self, "neighbours")
        try ParameterError.require(initialPopulation.count >= 1, Self.self, "initialPopulation", "must hold at least one genome")
        if case .generational(let elitism) = replacement {
            try ParameterError.require(elitism >= 0 && elitism <= 1, Self.self, "replacement",
                                       "has elitism \(elitism), outside [0, 1]")
        }
        if let dimension = (mutation as? any VectorMutation)?.genomeDimension, let vectors = initialPopulation as? VectorColumn {
            try ParameterError.require(dimension == vectors.dimension, Self.self, "mutation",
                                       "has dimension \(dimension) (its box), the initial population \(vectors.dimension)")
        }
        self.score = score
        self.mutation = mutation
        self.initialPopulation = initialPopulation
        self.populationSize = populationSize
        self.batchSize = batchSize
        self.replacement = replacement
        self.tournamentSize = tournamentSize
        self.neighbours = neighbours
        self.reference = reference
        self.distance = distance
        if let archive {
            self.archiveSettings = archive
        } else {
            self.archiveSettings = try NoveltyArchive.Settings(rule: .threshold(.maze(distance: distance)))
        }
    }

    private enum CodingKeys: String, CodingKey {
        case score, mutation, initialPopulation, populationSize, batchSize, replacement, tournamentSize, neighbours
        case reference, distance, archiveSettings
    }

    /// Decodes the configuration (the state is restored apart, with
    /// ``restoreState(from:)``), checking it as the initialiser does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` for a value the initialiser refuses; any
    ///   error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let score = try c.decode(PopulationScore.self, forKey: .score)
        let mutation = try c.decode(M.self, forKey: .mutation)
        let initial = try c.decode(Genome.Column.self, forKey: .initialPopulation)
        let mu = try c.decode(Int.self, forKey: .populationSize)
        let lambda = try c.decode(Int.self, forKey: .batchSize)
        let replacement = try c.decode(PopulationReplacement.self, forKey: .replacement)
        let tournament = try c.decode(Int.self, forKey: .tournamentSize)
        let k = try c.decode(Int.self, forKey: .neighbours)
        let reference = try c.decode(NoveltyReference.self, forKey: .reference)
        let distance = try c.decode(BehaviourDistance.self, forKey: .distance)
        let settings = try c.decode(NoveltyArchive.Settings.self, forKey: .archiveSettings)
        self = try DecodingError.validating(decoder) { () throws(ParameterError) in
            try Self(score: score, mutation: mutation, initialPopulation: initial, populationSize: mu, batchSize: lambda,
                     replacement: replacement, tournamentSize: tournament, neighbours: k, reference: reference,
                     distance: distance, archive: settings)
        }
    }

    /// Encodes the configuration only: the population and the novelty archive are state,
    /// saved by ``saveState()``.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(score, forKey: .score)
        try c.encode(mutation, forKey: .mutation)
        try c.encode(initialPopulation, forKey: .initialPopulation)
        try c.encode(populationSize, forKey: .populationSize)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(replacement, forKey: .replacement)
        try c.encode(tournamentSize, forKey: .tournamentSize)
        try c.encode(neighbours, forKey: .neighbours)
        try c.encode(reference, forKey: .reference)
        try c.encode(distance, forKey: .distance)
        try c.encode(archiveSettings, forKey: .archiveSettings)
    }

    /// The layout of the initial population (the dimension of real vectors).
    public var genomeLayout: Genome.Column.Layout? { initialPopulation.layout }

    /// Writes the initial population's genomes while there is no population, otherwise
    /// mutants of tournament winners (see the type's discussion); every parent cell is −1.
    public func generate<A: Archive>(rows: Range<Int>, into children: inout Genome.Column, parents: inout [Int32],
                                     archive: A, context: GenerationContext) where A.Genome == Genome {
        guard let population, population.count > 0 else {
            for (position, row) in rows.enumerated() {
                children.copyRow(position, from: initialPopulation, row: row % initialPopulation.count)
                parents[position] = -1
            }
            return
        }
        for (position, row) in rows.enumerated() {
            var rng = context.stream(row: row)
            let parent = tournament(using: &rng)
            children[position] = mutation.mutate(population[parent], using: &rng)
            parents[position] = -1
        }
    }

    /// A member chosen by a tournament of ``tournamentSize`` on ``scores``: contestants
    /// drawn uniformly with replacement, the first drawn winning ties.
    ///
    /// - Precondition: the population is not empty.
    public func tournament(using rng: inout Xoshiro256) -> Int {
        var best = rng.nextIndex(below: scores.count)
        for _ in 1..<max(1, tournamentSize) {
            let other = rng.nextIndex(below: scores.count)
            if scores[other] > scores[best] { best = other }
        }
        return best
    }
}

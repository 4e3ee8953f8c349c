import Tessera

extension AlgorithmDeclaration {
    /// Generational Novelty Search: a population selected by novelty alone, a growing
    /// novelty archive with the maze's adaptive threshold, and an elitist grid over the
    /// descriptor space that keeps the run's results.
    public static let novelty = noveltySearch(
        .novelty, name: "novelty",
        summary: "Novelty Search: a population selected by novelty (k nearest behaviours), adaptive novelty archive; results in a grid",
        paper: "Lehman & Stanley 2011, Abandoning objectives: evolution through the search for novelty alone (Evolutionary Computation 19(2))")

    /// Novelty Search with Local Competition: Pareto rank on (novelty, local competition)
    /// with crowding distance.
    public static let nslc = noveltySearch(
        .noveltyWithLocalCompetition, name: "nslc",
        summary: "Novelty Search with Local Competition: Pareto rank on (novelty, local competition), crowding; results in a grid",
        paper: "Lehman & Stanley 2011, Evolving a diversity of virtual creatures through novelty search and local competition (GECCO)")

    /// A novelty-search algorithm scored by `score`: the novelty options, a grid of
    /// results, and descriptors that may be learned (`--descriptor`).
    private static func noveltySearch(_ score: PopulationScore, name: String, summary: String, paper: String) -> AlgorithmDeclaration {
        AlgorithmDeclaration(name: name, summary: summary, paper: paper, archive: .grid,
                             options: PopulationOptions.novelty + LearnedDescriptorOptions.selectable, defaultBatchSize: 250,
                             learning: LearnedDescriptorOptions.selectablePlan,
                             emitter: { try PopulationOptions.emitter(score, $0, descriptors: PopulationOptions.descriptorBox($0, $1)) })
    }

    /// The objective-only genetic algorithm the Novelty Search paper compares against:
    /// population 250, the same mutation, tournaments of 4 on the objective, the best 10%
    /// kept.
    public static let ga = AlgorithmDeclaration(
        name: "ga",
        summary: "genetic algorithm on the objective alone: tournaments of 4, the best 10% kept (the baseline of Novelty Search)",
        paper: "the fitness-based baseline of Lehman & Stanley 2011 (a fixed-topology GA in place of NEAT; Docs/Caveats.md)",
        archive: .grid, options: PopulationOptions.common, defaultBatchSize: 250,
        emitter: { try PopulationOptions.emitter(.objective, $0, descriptors: $1.descriptorSpace) })
}

/// The options and emitter the population algorithms share.
enum PopulationOptions {
    static let population = RunOption(.population, kind: .count, help: "Population size (mu); --batch-size is the offspring per generation (lambda).",
                                      maximum: 1_000_000) { _ in
        .integer(250)
    }
    static let replacement = RunOption(.replacement, choices: ["generational", "mu-plus-lambda"],
                                       help: "generational (offspring replace the population, the best 10% kept) or mu-plus-lambda.") { _ in
        .text("generational")
    }
    static let neighbours = RunOption(.neighbours, kind: .count, help: "k, the nearest behaviours novelty averages over.",
                                      maximum: 10_000) { _ in .integer(15) }
    static let distance = RunOption(.distance, choices: BehaviourDistance.allCases.map(\.rawValue),
                                    help: "Distance between behaviours: euclidean, or half-manhattan ((|dx| + |dy|) / 2, the original maze code's).") { _ in
        .text(BehaviourDistance.euclidean.rawValue)
    }
    static let reference = RunOption(.reference, choices: NoveltyReference.allCases.map(\.rawValue),
                                     help: "Neighbours among the novelty archive and the population, or the archive only.") { _ in
        .text(NoveltyReference.archiveAndPopulation.rawValue)
    }

    static let common = [population, MapElitesOptions.sigma, replacement]

    /// The box novelty is measured in: the learned codes' starting box ([−1, 1] per
    /// component; re-trainings rescale the threshold with the codes), or the domain's.
    static func descriptorBox(_ configuration: RunConfiguration, _ domain: any Domain<[Double]>) -> Box {
        configuration.learnsDescriptors ? Box(dimension: configuration.archiveDescriptorDimension, range: -1...1) : domain.descriptorSpace
    }
    static let novelty = common + [neighbours, distance, reference]

    /// The population emitter of `score`, on a domain whose descriptors span
    /// `descriptors`, from a uniform initial population of the task's
    /// box, with Gaussian mutation clipped into the task's bounds.
    static func emitter(_ score: PopulationScore, _ configuration: RunConfiguration, descriptors: Box) throws -> any Emitter<[Double]> {
        let d = configuration.dimension, mu = configuration.integer(.population) ?? 250
        let initial = PopulationEmitter<GaussianMutation>.uniformPopulation(in: configuration.task.samplingBox(dimension: d), count: mu,
                                                                            seed: configuration.seed)
        let mutation = try GaussianMutation(sigma: configuration.number(.sigma) ?? 0,
                                            bounds: configuration.task.genomeBounds(dimension: d))
        let replacement: PopulationReplacement = configuration.value(.replacement)?.text == "mu-plus-lambda"
            ? .muPlusLambda : .generational(elitism: 0.1)
        let distance = BehaviourDistance(rawValue: configuration.value(.distance)?.text ?? "") ?? .euclidean
        // The maze keeps the original's constants; other tasks, and learned descriptors, get
        // them scaled to their descriptor box (AdaptiveThreshold.scaled).
        let threshold = configuration.task == .maze && !configuration.learnsDescriptors ? AdaptiveThreshold.maze(distance: distance)
            : AdaptiveThreshold.scaled(to: descriptors, distance: distance)
        return try PopulationEmitter(score: score, mutation: mutation, initialPopulation: initial, populationSize: mu,
                                     batchSize: configuration.batchSize, replacement: replacement,
                                     neighbours: configuration.integer(.neighbours) ?? 15,
                                     reference: NoveltyReference(rawValue: configuration.value(.reference)?.text ?? "") ?? .archiveAndPopulation,
                                     distance: distance, archive: try NoveltyArchive.Settings(rule: .threshold(threshold)))
    }
}

extension RunSetting {
    /// The population size of population algorithms.
    public static let population = RunSetting("population")
    /// Generational or mu+lambda replacement.
    public static let replacement = RunSetting("replacement")
    /// k of novelty.
    public static let neighbours = RunSetting("neighbours")
    /// The behaviour distance of novelty.
    public static let distance = RunSetting("distance")
    /// The reference set of novelty.
    public static let reference = RunSetting("reference")
}

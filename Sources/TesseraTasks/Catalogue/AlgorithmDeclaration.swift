import Tessera

/// A search algorithm as it declares itself to the catalogue: its name, summary and
/// paper, the genomes and tasks it can search, its options with their defaults, and how
/// to build a run.
///
/// Each algorithm is declared in its own folder (`Algorithms/<Family>/`) as a static
/// member, such as ``mapElites``, and listed in ``Catalogue/builtIn``; `tessera
/// algorithms`, `run` and `resume` are built from these declarations. Two declarations
/// are the same algorithm when their names are equal; files store the name.
public struct AlgorithmDeclaration: Hashable, Sendable, CustomStringConvertible {
    /// The name on the command line and in files, such as `map-elites`.
    public let name: String
    /// One line for `tessera algorithms`.
    public let summary: String
    /// The paper the algorithm follows.
    public let paper: String
    /// The genomes it can search.
    public let genomes: Set<TaskGenome>
    /// The tasks it is limited to, by name, or `nil` for every task whose genome it takes.
    public let taskNames: Set<String>?
    /// The archive it keeps.
    public let archive: ArchiveChoice
    /// Its own options (those of its archive come first in ``options``).
    public let ownOptions: [RunOption]
    /// The batch when `--batch-size` is not given, for the default dimension of no task:
    /// evaluations per iteration (a population algorithm's generation; 540, pyribs'
    /// benchmark batch, for the others), or per emitter for the CMA family (36). See
    /// ``defaultBatchSize(dimension:)``.
    public let defaultBatchSize: Int
    /// How the default batch depends on the genome dimension, when it does (CMA-ES's
    /// population 4 + ⌊3 ln n⌋).
    private let batchSizeForDimension: (@Sendable (Int) -> Int)?
    /// How the algorithm learns its descriptors from observations, or `nil` when it sorts
    /// by the task's own.
    public let learning: LearnedDescriptorPlan?
    private let makeEmitters: @Sendable (RunConfiguration, any Domain<[Double]>) throws -> [any Emitter<[Double]>]
    /// The archive's acceptance rule for a configuration (CMA-MAE's soft thresholds), when
    /// it is not elitist; such a run keeps an elitist result archive beside it.
    private let makeAcceptance: (@Sendable (RunConfiguration) throws -> Acceptance)?
    /// Checks of the algorithm's values that their kinds cannot make (a σ above 0).
    private let check: (@Sendable (RunConfiguration) throws(ConfigurationError) -> Void)?
    /// The bytes of the emitters' own state for a configuration (CMA covariances).
    private let emitterStateBytes: (@Sendable (RunConfiguration) -> Double)?

    /// Declares an algorithm that keeps `archive` and makes offspring with the emitter
    /// `emitter` builds from a configuration and the run's domain (its descriptor box).
    ///
    /// - Parameters:
    ///   - tasks: The names of the only tasks it supports, or `nil` for all of its genomes.
    ///   - options: Its own options, besides its archive's.
    ///   - defaultBatchSize: Evaluations per iteration when none is given.
    ///   - learning: How it learns descriptors from observations, if it does.
    public init(name: String, summary: String, paper: String, genomes: Set<TaskGenome> = [.realVector],
                tasks: Set<String>? = nil, archive: ArchiveChoice, options: [RunOption] = [], defaultBatchSize: Int = 540,
                learning: LearnedDescriptorPlan? = nil,
                emitter: @escaping @Sendable (RunConfiguration, any Domain<[Double]>) throws -> any Emitter<[Double]>) {
        self.init(name: name, summary: summary, paper: paper, genomes: genomes, tasks: tasks, archive: archive, options: options,
                  defaultBatchSize: defaultBatchSize, learning: learning, emitters: { [try emitter($0, $1)] })
    }

    /// Declares an algorithm that runs several emitters side by side (the CMA family), each
    /// built from the configuration and the domain, on an archive with the acceptance rule
    /// `acceptance` gives (elitist when `nil`).
    ///
    /// - Parameters:
    ///   - batchSizeForDimension: The default batch for a genome dimension, when it depends
    ///     on it; `defaultBatchSize` otherwise.
    ///   - acceptance: The archive's acceptance rule; a rule that is not elitist gives the
    ///     run an elitist result archive that its figures come from.
    public init(name: String, summary: String, paper: String, genomes: Set<TaskGenome> = [.realVector],
                tasks: Set<String>? = nil, archive: ArchiveChoice, options: [RunOption] = [], defaultBatchSize: Int = 540,
                batchSizeForDimension: (@Sendable (Int) -> Int)? = nil, learning: LearnedDescriptorPlan? = nil,
                acceptance: (@Sendable (RunConfiguration) throws -> Acceptance)? = nil,
                check: (@Sendable (RunConfiguration) throws(ConfigurationError) -> Void)? = nil,
                stateBytes: (@Sendable (RunConfiguration) -> Double)? = nil,
                emitters: @escaping @Sendable (RunConfiguration, any Domain<[Double]>) throws -> [any Emitter<[Double]>]) {
        self.batchSizeForDimension = batchSizeForDimension
        self.makeAcceptance = acceptance
        self.check = check
        self.emitterStateBytes = stateBytes
        self.learning = learning
        self.name = name
        self.summary = summary
        self.paper = paper
        self.genomes = genomes
        self.taskNames = tasks
        self.archive = archive
        self.ownOptions = options
        self.defaultBatchSize = defaultBatchSize
        self.makeEmitters = emitters
    }

    /// The default batch for genomes of `dimension`.
    public func defaultBatchSize(dimension: Int) -> Int {
        batchSizeForDimension?(dimension) ?? defaultBatchSize
    }

    /// Checks what the options' kinds cannot (run by ``RunConfiguration/validate(limits:catalogue:)``).
    ///
    /// - Throws: ``ConfigurationError`` naming the setting.
    func validate(_ configuration: RunConfiguration) throws(ConfigurationError) {
        try check?(configuration)
    }

    /// The bytes the emitters' own state takes (0 unless the algorithm declares it).
    func stateBytes(_ configuration: RunConfiguration) -> Double {
        emitterStateBytes?(configuration) ?? 0
    }

    /// The archive's acceptance rule for `configuration`: elitist unless the algorithm
    /// declares another.
    ///
    /// - Throws: ``ConfigurationError`` for a rule that cannot work.
    public func acceptance(_ configuration: RunConfiguration) throws -> Acceptance {
        try makeAcceptance?(configuration) ?? .elitist
    }

    /// The name.
    public var description: String { name }

    public static func == (a: AlgorithmDeclaration, b: AlgorithmDeclaration) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// Every option, its archive's first.
    public var options: [RunOption] { archive.options + ownOptions }

    /// The option of `setting`, or `nil` when the algorithm does not use it.
    public func option(_ setting: RunSetting) -> RunOption? { options.first { $0.setting == setting } }

    /// Whether `setting` means anything for this algorithm: the common settings, and its
    /// own and its archive's options.
    public func uses(_ setting: RunSetting) -> Bool { RunSetting.common.contains(setting) || option(setting) != nil }

    /// Whether the algorithm can search `task`: its genome, its task list if it has one,
    /// and observations if it always learns its descriptors.
    public func supports(_ task: TaskDeclaration) -> Bool {
        genomes.contains(task.genome) && (taskNames?.contains(task.name) ?? true)
            && (task.observable || !(learning?.always ?? false))
    }

    /// Builds the archive, the emitter and the scheduler of `configuration`.
    ///
    /// - Throws: ``ConfigurationError`` for bad values; archive construction errors.
    func makeRun(_ configuration: RunConfiguration, resources: RunResources) throws -> any TaskRun {
        let domain = try configuration.task.domain(for: configuration)
        var run = try archive.makeRun(configuration, domain: domain, emitters: try makeEmitters(configuration, domain),
                                      acceptance: try acceptance(configuration), resources: resources)
        if let level = configuration.task.solvedAbove { run.track(ObjectiveTarget(exceeding: level)) }
        return run
    }
}

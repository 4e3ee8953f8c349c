import Tessera
import TesseraStore

/// A built-in task as it declares itself to the catalogue: its name and summary, the
/// genomes it takes, its defaults, and how to build its domain.
///
/// Each task is declared in its own folder (`Tasks/<Name>/`) as a static member, such as
/// ``sphere``, and listed in ``Catalogue/builtIn``. Two declarations are the same task
/// when their names are equal (and, for ``external(_:remote:)``, their evaluators); files
/// store the name.
public struct TaskDeclaration: Hashable, Sendable, CustomStringConvertible {
    /// The name on the command line and in files, such as `sphere`.
    public let name: String
    /// One line for `tessera tasks`.
    public let summary: String
    /// Where the task comes from.
    public let reference: String
    /// The genomes the task evaluates.
    public let genome: TaskGenome
    /// The genome dimension when `--dims` is not given.
    public let defaultDimension: Int
    /// The smallest genome dimension the task accepts.
    public let minimumDimension: Int
    /// The largest genome dimension the task accepts, when it has one (a controller of a
    /// fixed size has exactly one dimension).
    public let maximumDimension: Int?
    /// The task's own options (the maze's map), besides the algorithm's.
    public let options: [RunOption]
    /// The level whose passing counts as solving the task (the run's ``ObjectiveTarget``),
    /// or `nil` for tasks with no such notion.
    public let solvedAbove: Double?
    /// The number of descriptors.
    public let descriptorDimension: Int
    /// Whether the task's domain can report observations (images) to learn descriptors
    /// from (``RunConfiguration/learnsDescriptors``).
    public let observable: Bool
    /// The shape of the passive grid over the task's own descriptor that every run fills
    /// (``CoverageGrid``, its coverage reported as `ground_truth_coverage`), or `nil`.
    public let groundTruthShape: [Int]?
    /// pyribs' `qd_score_offset` for the task's objective.
    public let qdScoreOffset: Double
    /// The default scale of mutations (Gaussian σ, iso σ) in the task's genome space.
    public let defaultSigma: Double
    /// The default line σ of Iso+LineDD.
    public let defaultLineSigma: Double
    private let makeDomain: @Sendable (RunConfiguration) throws -> any Domain<[Double]>
    private let makeOverlay: (@Sendable (RunConfiguration) -> ReportOverlay?)?
    private let samplingRange: ClosedRange<Double>
    private let explicitSamplingBox: Box?
    private let clipsToSamplingBox: Bool
    /// The evaluator outside the process that declared this task's domain
    /// (``external(_:remote:)``), or `nil` for a built-in task.
    public let external: ExternalEvaluator?

    /// Declares a task of real-vector genomes.
    ///
    /// - Parameters:
    ///   - maximumDimension: The largest genome dimension, if any.
    ///   - options: The task's own options.
    ///   - solvedAbove: The objective level that counts as solving the task, if any.
    ///   - samplingRange: The per-gene range uniform sampling draws from.
    ///   - samplingBox: A box uniform sampling draws from instead, when the genes' ranges
    ///     differ (a declared genome box).
    ///   - clipsToSamplingBox: Whether children are clipped into that range.
    ///   - reportOverlay: What the report draws over the archive for a run (a maze's walls).
    ///   - observable: Whether the domain reports observations when the run learns descriptors.
    ///   - groundTruthShape: The shape of the passive ground-truth grid, if the task has one.
    ///   - domain: Builds the domain of a run (its dimension, the task's options; with
    ///     observations when ``RunConfiguration/learnsDescriptors``).
    public init(name: String, summary: String, reference: String, defaultDimension: Int, minimumDimension: Int,
                maximumDimension: Int? = nil, descriptorDimension: Int, qdScoreOffset: Double = 0, defaultSigma: Double,
                defaultLineSigma: Double = 0.2, options: [RunOption] = [], solvedAbove: Double? = nil,
                samplingRange: ClosedRange<Double>, samplingBox: Box? = nil, clipsToSamplingBox: Bool,
                reportOverlay: (@Sendable (RunConfiguration) -> ReportOverlay?)? = nil, observable: Bool = false,
                groundTruthShape: [Int]? = nil, external: ExternalEvaluator? = nil,
                domain: @escaping @Sendable (RunConfiguration) throws -> any Domain<[Double]>) {
        self.explicitSamplingBox = samplingBox
        self.external = external
        self.observable = observable
        self.groundTruthShape = groundTruthShape
        self.makeOverlay = reportOverlay
        self.maximumDimension = maximumDimension
        self.options = options
        self.solvedAbove = solvedAbove
        self.name = name
        self.summary = summary
        self.reference = reference
        self.genome = .realVector
        self.defaultDimension = defaultDimension
        self.minimumDimension = minimumDimension
        self.descriptorDimension = descriptorDimension
        self.qdScoreOffset = qdScoreOffset
        self.defaultSigma = defaultSigma
        self.defaultLineSigma = defaultLineSigma
        self.samplingRange = samplingRange
        self.clipsToSamplingBox = clipsToSamplingBox
        self.makeDomain = domain
    }

    /// The name.
    public var description: String { name }

    public static func == (a: TaskDeclaration, b: TaskDeclaration) -> Bool { a.name == b.name && a.external == b.external }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(external)
    }

    /// The domain of a run of this task.
    ///
    /// - Throws: ``ParameterError`` for a dimension the task refuses; the task's own
    ///   errors for its options (a map that cannot be read).
    public func domain(for configuration: RunConfiguration) throws -> any Domain<[Double]> { try makeDomain(configuration) }

    /// What the report draws over the archive of a run of this task, or `nil`.
    public func reportOverlay(for configuration: RunConfiguration) -> ReportOverlay? { makeOverlay?(configuration) }

    /// The option of `setting` among the task's own, or `nil`.
    public func option(_ setting: RunSetting) -> RunOption? { options.first { $0.setting == setting } }

    /// The box uniform sampling draws from.
    public func samplingBox(dimension: Int) -> Box {
        if let box = explicitSamplingBox, box.dimension == dimension { return box }
        return Box(dimension: dimension, range: samplingRange)
    }

    /// The bounds emitters clip children into, or `nil` when genomes are unbounded.
    public func genomeBounds(dimension: Int) -> GenomeBounds? {
        clipsToSamplingBox ? GenomeBounds(samplingBox(dimension: dimension), handling: .clip) : nil
    }
}

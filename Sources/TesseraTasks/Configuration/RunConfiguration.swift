import Tessera
import TesseraStore

/// Everything that defines a run of a built-in task: enough to rebuild it exactly.
///
/// The settings every run has are properties; an algorithm's own settings (its
/// ``AlgorithmDeclaration/options``: grid shape, σ, ...) are in ``options`` when given
/// and take their declared defaults otherwise. Files store every option's value, so a run
/// resumes the same even if a default changes later.
public struct RunConfiguration: Hashable, Sendable {
    /// The task.
    public var task: TaskDeclaration
    /// The algorithm.
    public var algorithm: AlgorithmDeclaration
    /// The genome dimension (joints for the arm).
    public var dimension: Int
    /// The run seed.
    public var seed: UInt64
    /// Evaluations per iteration (the algorithm's default: pyribs' 540, or a population
    /// algorithm's generation of 250).
    public var batchSize: Int
    /// The evaluation budget (the run performs ceil(budget / batch) iterations).
    public var evaluations: Int
    /// The algorithm options given; the others take their defaults (see ``value(_:)``).
    public var options: [RunSetting: OptionValue]

    /// A configuration with the task's and the algorithm's defaults.
    ///
    /// - Parameters:
    ///   - dimension: The genome dimension, or `nil` for the task's default.
    ///   - batchSize: Evaluations per iteration, or `nil` for the algorithm's default.
    ///   - options: Values of the algorithm's options; ``validate(limits:)`` refuses one
    ///     the algorithm does not use.
    public init(task: TaskDeclaration, algorithm: AlgorithmDeclaration = .mapElites, dimension: Int? = nil, seed: UInt64 = 0,
                batchSize: Int? = nil, evaluations: Int = 100_000, options: [RunSetting: OptionValue] = [:]) {
        self.task = task
        self.algorithm = algorithm
        self.dimension = dimension ?? task.defaultDimension
        self.seed = seed
        self.batchSize = batchSize ?? algorithm.defaultBatchSize(dimension: dimension ?? task.defaultDimension)
        self.evaluations = evaluations
        self.options = options
    }

    /// Evaluations per iteration: ``batchSize``, times `--emitters` for algorithms whose
    /// batch is per emitter (the CMA family).
    public var iterationBatchSize: Int {
        guard algorithm.option(.emitters) != nil else { return batchSize }
        return batchSize.multipliedReportingOverflow(by: max(1, integer(.emitters) ?? 1)).partialValue
    }

    /// The option of `setting` of the algorithm or of the task, or `nil`.
    public func option(_ setting: RunSetting) -> RunOption? { algorithm.option(setting) ?? task.option(setting) }

    /// The value of an algorithm's or the task's option: given, or the declared default
    /// for the task; `nil` when neither has such an option.
    public func value(_ setting: RunSetting) -> OptionValue? {
        guard let option = option(setting) else { return nil }
        return options[setting] ?? option.defaultValue(for: task)
    }

    /// A whole-number option's value.
    public func integer(_ setting: RunSetting) -> Int? { value(setting)?.integer }
    /// A real-number option's value.
    public func number(_ setting: RunSetting) -> Double? { value(setting)?.number }
    /// A shape option's bin counts.
    public func shape(_ setting: RunSetting) -> [Int]? { value(setting)?.shape }

    /// This configuration without the options its algorithm does not use: for one set of
    /// sizes meant for several algorithms (a grid for some, cells for others).
    public func removingInapplicableOptions() -> RunConfiguration {
        var copy = self
        copy.options = options.filter { option($0.key) != nil }
        return copy
    }

    /// Every option of the algorithm, then of the task, with its value, in declaration order.
    public var resolvedOptions: [(option: RunOption, value: OptionValue)] {
        (algorithm.options + task.options).map { ($0, options[$0.setting] ?? $0.defaultValue(for: task)) }
    }

    /// Configurations are equal when they build the same run: an option given with its
    /// default value equals the option left out.
    public static func == (a: RunConfiguration, b: RunConfiguration) -> Bool {
        a.task == b.task && a.algorithm == b.algorithm && a.dimension == b.dimension && a.seed == b.seed
            && a.batchSize == b.batchSize && a.evaluations == b.evaluations
            && a.resolvedOptions.map(\.value) == b.resolvedOptions.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(task)
        hasher.combine(algorithm)
        hasher.combine(dimension)
        hasher.combine(seed)
        hasher.combine(batchSize)
        hasher.combine(evaluations)
        hasher.combine(resolvedOptions.map(\.value))
    }

    /// The number of cells of the archive.
    public var cellCount: Int { algorithm.archive.cellCount(self) }

    /// Builds the archive, emitters and scheduler this configuration describes.
    ///
    /// - Parameter resources: Saved CVT centroids (when resuming) and a stop poll for k-means.
    /// - Throws: ``ConfigurationError`` for bad values; archive construction errors.
    /// - Complexity: dominated by k-means for CVT archives.
    public func makeRun(_ resources: RunResources = RunResources()) throws -> any TaskRun {
        try validate()
        return try algorithm.makeRun(self, resources: resources)
    }

    /// Checks the values before anything is built: that the algorithm can search the task,
    /// that every option given is one of the algorithm's, ranges, and sizes against what
    /// this machine can hold (``MachineLimits``), so an absurd size is refused before any
    /// memory is allocated or any file written.
    ///
    /// - Throws: ``ConfigurationError`` naming the setting (its flag and its stored key).
    public func validate(limits: MachineLimits = .current, catalogue: Catalogue = .builtIn) throws(ConfigurationError) {
        try catalogue.check(algorithm, canSearch: task)
        if dimension < task.minimumDimension {
            throw ConfigurationError(setting: .dims, problem: task.maximumDimension == task.minimumDimension
                                     ? "must be \(task.minimumDimension) for \(task.name)"
                                     : "must be at least \(task.minimumDimension) for \(task.name)")
        }
        if let most = task.maximumDimension, dimension > most {
            throw ConfigurationError(setting: .dims, problem: most == task.minimumDimension ? "must be \(most) for \(task.name)"
                                                                                             : "must be at most \(most) for \(task.name)")
        }
        if batchSize <= 0 { throw ConfigurationError(setting: .batchSize, problem: "must be positive") }
        if evaluations <= 0 { throw ConfigurationError(setting: .evaluations, problem: "must be positive") }
        if evaluations > Self.maximumEvaluations {
            throw ConfigurationError(setting: .evaluations, problem: "must be at most \(ReportNumber.grouped(Self.maximumEvaluations)) "
                                     + "(got \(ReportNumber.grouped(evaluations)))")
        }
        for setting in options.keys.sorted(by: { $0.key < $1.key }) where option(setting) == nil {
            throw ConfigurationError.notApplicable(setting, to: algorithm, task: task, catalogue: catalogue)
        }
        for (option, value) in resolvedOptions { try option.check(value) }
        try algorithm.validate(self)
        if algorithm.learning != nil { try LearnedDescriptorOptions.validate(self) }
        try algorithm.archive.validate(self)
        try checkMemory(limits)
    }

    /// The largest evaluation budget a run accepts (10^12: about four days at 3M
    /// evaluations per second), far below where counters could overflow.
    public static let maximumEvaluations = 1_000_000_000_000

    /// The largest grid archive (cells).
    public static let maximumGridCells = 50_000_000
}

extension ConfigurationError {
    /// The error for `setting` given to a run whose algorithm and task do not use it,
    /// naming the algorithms or tasks that do.
    public static func notApplicable(_ setting: RunSetting, to algorithm: AlgorithmDeclaration, task: TaskDeclaration,
                                     catalogue: Catalogue = .builtIn) -> ConfigurationError {
        let users = catalogue.algorithms(using: setting).map(\.name)
        let tasks = catalogue.tasks.filter { $0.option(setting) != nil }.map(\.name)
        if users.isEmpty && !tasks.isEmpty {
            return ConfigurationError(setting: setting, problem: "does not apply to \(task.name); it is an option of the "
                                      + "\(Catalogue.list(tasks)) task\(tasks.count == 1 ? "" : "s")")
        }
        return ConfigurationError(setting: setting, problem: "does not apply to \(algorithm.name)"
                                  + (users.isEmpty ? "" : "; it is used by \(Catalogue.list(users))"))
    }
}

import Tessera

/// A built-in task run, whatever its archive type: the scheduler of a
/// ``RunConfiguration`` together with its domain.
public protocol TaskRun: Sendable {
    /// The configuration the run was built from.
    var configuration: RunConfiguration { get }
    /// Evaluations performed so far.
    var evaluations: Int { get }
    /// Iterations completed.
    var iteration: Int { get }
    /// Failed evaluations, by kind, with examples.
    var failures: FailureLog { get }
    /// The archive's summary figures.
    var stats: ArchiveStats { get }
    /// Facts about the archive's construction (CVT inertia), if any.
    var archiveNotes: [String: Double] { get }
    /// The objective level the run races to ("solved") and when it was first passed.
    var target: ObjectiveTarget? { get }
    /// Tracks `target` (before any evaluation, or before restoring).
    mutating func track(_ target: ObjectiveTarget)
    /// The coverage of the passive grid over the task's own descriptor, for tasks that keep
    /// one (``TaskDeclaration/groundTruthShape``), else `nil`.
    var groundTruthCoverage: Double? { get }
    /// The learned descriptor's figures, for runs that learn one, else `nil`.
    var learningFacts: LearningFacts? { get }
    /// The best solution found so far, or `nil` before any.
    var bestSolution: BestSolution? { get }
    /// The restarts of the emitters that restart (the CMA family), or `nil` when none does.
    var restarts: Int? { get }
    /// Runs whole iterations to `totalEvaluations` evaluations in all, calling `observer`
    /// after each; it returns `false` to stop early. `evaluator` makes and evaluates each
    /// batch (a ``ParallelEvaluator``, a ``ConcurrentEvaluator`` or a program's own); a run
    /// on an evaluator outside the process uses a ``ConcurrentEvaluator`` on its
    /// ``RemoteEvaluator`` (and does not run when that is not started).
    ///
    /// - Returns: Whether the budget was reached.
    mutating func run(totalEvaluations: Int, evaluator: some Evaluator,
                      observer: (RunProgress, () -> ArchiveStats) -> Bool) async -> Bool
}

/// A task run whose scheduler can be reached, to save and restore it.
public protocol SchedulerBackedRun<RunArchive>: TaskRun {
    /// The archive type.
    associatedtype RunArchive: Archive where RunArchive.Genome == [Double]
    /// The scheduler (archive, emitters, streams, counters).
    var scheduler: Scheduler<RunArchive> { get set }
    /// The domain evaluating offspring.
    var domain: any Domain<[Double]> { get }
}

/// The concrete run of one archive type.
public struct SchedulerRun<A: Archive>: SchedulerBackedRun where A.Genome == [Double] {
    public let configuration: RunConfiguration
    public var scheduler: Scheduler<A>
    /// The domain evaluating offspring.
    public let domain: any Domain<[Double]>

    /// Wraps a scheduler.
    public init(configuration: RunConfiguration, scheduler: Scheduler<A>, domain: any Domain<[Double]>) {
        self.configuration = configuration
        self.scheduler = scheduler
        self.domain = domain
    }

    public var evaluations: Int { scheduler.evaluations }
    public var iteration: Int { scheduler.iteration }
    public var failures: FailureLog { scheduler.failures }
    public var stats: ArchiveStats { scheduler.results.stats }
    public var target: ObjectiveTarget? { scheduler.target }
    public var groundTruthCoverage: Double? { scheduler.groundTruth?.coverage }
    public var learningFacts: LearningFacts? { scheduler.learning.map(LearningFacts.init) }
    public var bestSolution: BestSolution? { BestSolution(scheduler.results) }
    public var restarts: Int? {
        let counts = scheduler.emitters.compactMap(\.restartCount)
        return counts.isEmpty ? nil : counts.reduce(0, +)
    }
    public mutating func track(_ target: ObjectiveTarget) { scheduler.track(target) }
    public var archiveNotes: [String: Double] {
        guard let cvt = scheduler.archive as? CVTArchive<[Double]>, let made = cvt.construction else { return [:] }
        return ["cvt_inertia": made.inertia, "cvt_iterations": Double(made.iterations), "cvt_samples": Double(made.samples)]
    }

    public mutating func run(totalEvaluations: Int, evaluator: some Evaluator,
                             observer: (RunProgress, () -> ArchiveStats) -> Bool) async -> Bool {
        let observe: (Scheduler<A>) -> Bool = { scheduler in
            let progress = RunProgress(evaluations: scheduler.evaluations, iteration: scheduler.iteration,
                                       failedEvaluations: scheduler.failures.count, totalEvaluations: totalEvaluations)
            return observer(progress) { scheduler.results.stats }
        }
        if let external = domain as? ExternalTaskDomain {
            guard let remote = external.remote,
                  let concurrent = try? ConcurrentEvaluator(maximumInFlight: ExternalTaskDomain.inFlight(batchSize: scheduler.batchSize))
            else { return false }
            return await scheduler.run(domain: remote, totalEvaluations: totalEvaluations, evaluator: concurrent, observer: observe)
        }
        return await scheduler.run(domain: domain, totalEvaluations: totalEvaluations, evaluator: evaluator, observer: observe)
    }
}

/// What a run's learned descriptor did: trainings, their time, the observations kept.
public struct LearningFacts: Codable, Hashable, Sendable {
    /// Trainings so far.
    public var trainings: Int
    /// Trainings whose fit or re-indexing failed (the learner was kept as it was).
    public var failedTrainings: Int
    /// Seconds spent fitting, all trainings together.
    public var fitSeconds: Double
    /// Seconds spent re-encoding and re-indexing.
    public var reindexSeconds: Double
    /// Observations kept for re-encoding and training.
    public var observationsKept: Int
    /// Their memory in bytes.
    public var observationBytes: Int
    /// The last training's loss (mean squared error per component), if any.
    public var lastLoss: Double?

    /// The figures of `learning`.
    public init(_ learning: DescriptorLearning) {
        trainings = learning.trainings
        failedTrainings = learning.events.filter { $0.error != nil }.count
        fitSeconds = learning.fitSeconds
        reindexSeconds = learning.events.reduce(0) { $0 + $1.reindexSeconds }
        observationsKept = learning.observations.count
        observationBytes = learning.observations.memoryBytes
        lastLoss = learning.events.last?.fit?.trainingLoss
    }

    enum CodingKeys: String, CodingKey {
        case trainings, failedTrainings = "failed_trainings", fitSeconds = "fit_seconds", reindexSeconds = "reindex_seconds"
        case observationsKept = "observations_kept", observationBytes = "observation_bytes", lastLoss = "last_loss"
    }
}

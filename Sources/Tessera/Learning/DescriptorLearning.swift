import Foundation

/// A scheduler's learned descriptor: the learner that turns each evaluation's observation
/// into the descriptor the archive sorts by, when it is re-trained, and the observations it
/// keeps to re-train and re-encode (AURORA, TAXONS, `--descriptor learned-pca|learned-ae`).
///
/// Give it to a scheduler with ``Scheduler/learnDescriptors(_:)``. Each iteration the
/// scheduler then
/// 1. encodes the batch's observations: the codes replace the domain's descriptors and
///    the reconstruction errors go in ``EvaluationBatch/reconstructionErrors``;
/// 2. inserts and tells the emitters as usual;
/// 3. keeps the observations of the rows the archive stored (and, for
///    ``TrainingSet/archiveAndRecent`` and until the first training, of every row since
///    the last training), dropping those of elites that left;
/// 4. when the ``schedule`` says so, re-trains the learner on the kept observations,
///    re-encodes every elite and re-indexes the archive under the new codes
///    (``RelearnableArchive``), recording a ``LearningEvent``.
public struct DescriptorLearning: Sendable {
    /// The observations a re-training uses.
    public enum TrainingSet: String, Codable, Hashable, Sendable {
        /// The observations of the archive's elites (AURORA).
        case archive
        /// Those and the observations of every row evaluated since the last training
        /// (TAXONS' `train_on_archive`).
        case archiveAndRecent
    }

    /// The learner, as last trained.
    public private(set) var learner: any DescriptorLearner
    /// When to re-train.
    public let schedule: TrainingSchedule
    /// What to re-train on.
    public let trainingSet: TrainingSet
    /// AURORA's container-size control, for archives that admit by distance.
    public let sizeControl: ContainerSizeControl?
    /// The kept observations.
    public private(set) var observations: ObservationStore
    /// The evaluations since the last training that ``TrainingSet/archiveAndRecent`` trains on.
    public private(set) var recent: [Int] = []
    /// Trainings so far (failed ones included).
    public private(set) var trainings = 0
    /// The iteration after which the last training happened.
    public private(set) var lastTraining: Int?
    /// Every training, in order.
    public private(set) var events: [LearningEvent] = []

    /// A learned descriptor.
    ///
    /// - Throws: ``ParameterError`` for a learner with no input or code components or a
    ///   schedule that cannot work.
    public init(learner: any DescriptorLearner, schedule: TrainingSchedule, trainingSet: TrainingSet = .archive,
                sizeControl: ContainerSizeControl? = nil) throws(ParameterError) {
        try ParameterError.require(learner.inputDimension >= 1, Self.self, "learner", "must take observations of at least one component")
        try ParameterError.require(learner.codeDimension >= 1, Self.self, "learner", "must make codes of at least one component")
        if let problem = schedule.problem { throw ParameterError(type: "DescriptorLearning", parameter: "schedule", problem: problem) }
        if let problem = sizeControl?.problem { throw ParameterError(type: "DescriptorLearning", parameter: "sizeControl", problem: problem) }
        self.learner = learner
        self.schedule = schedule
        self.trainingSet = trainingSet
        self.sizeControl = sizeControl
        observations = ObservationStore(dimension: learner.inputDimension)
    }

    /// The learned descriptors' dimension.
    public var codeDimension: Int { learner.codeDimension }

    /// `batch` with the codes of its observations as descriptors and their reconstruction
    /// errors; failed rows keep zero codes. A batch whose observations are not of the
    /// learner's input dimension (a domain that reports none, or another size) fails every
    /// row with ``EvaluationFailure/wrongObservationDimension(expected:got:)``.
    public func encode(_ batch: EvaluationBatch) -> EvaluationBatch {
        var coded = EvaluationBatch(count: batch.count, descriptorDimension: learner.codeDimension)
        coded.objectives = batch.objectives
        coded.failures = batch.failures
        coded.metadata = batch.metadata
        coded.retries = batch.retries
        guard batch.observationDimension == learner.inputDimension else {
            for row in 0..<batch.count where coded.failures[row] == nil {
                coded.failures[row] = .wrongObservationDimension(expected: learner.inputDimension, got: batch.observationDimension)
            }
            return coded
        }
        let (codes, errors) = BLASThreads.pinned(Self.blasThreads) { learner.encodeWithErrors(batch.observations, count: batch.count) }
        coded.descriptors = codes
        coded.reconstructionErrors = errors
        // A learner may map a finite observation to a non-finite code (a diverged fit):
        // that row fails, as any non-finite descriptor does.
        coded.markNonFiniteRows()
        return coded
    }

    /// Keeps the observations the learning still needs after an insertion: those of the
    /// rows the archive stored and, when training on recent rows, of every row that did
    /// not fail; then drops those of elites that left.
    ///
    /// - Parameters:
    ///   - batch: The batch as evaluated, with its observations.
    ///   - stored: The rows the archive now holds (in row order).
    ///   - firstEvaluation: The evaluation number of row 0.
    ///   - live: The entry evaluations of every elite the archive holds.
    mutating func keep(_ batch: EvaluationBatch, stored: [Int], firstEvaluation: Int, live: [Int]) {
        guard batch.observationDimension == observations.dimension else { return }  // every row failed in encode
        var wanted = [Bool](repeating: false, count: batch.count)
        for row in stored { wanted[row] = true }
        if trainsOnRecent {
            for row in 0..<batch.count where batch.failures[row] == nil {
                wanted[row] = true
                recent.append(firstEvaluation + row)
            }
        }
        for row in 0..<batch.count where wanted[row] {
            observations.append(firstEvaluation + row, batch.observation(row))
        }
        observations.retain(live + recent)
    }

    /// Whether the next training also takes every row evaluated since the last: always
    /// for ``TrainingSet/archiveAndRecent``, and for the first training of any set (before
    /// it the codes say nothing, so the archive may hold a single elite of the first batch).
    var trainsOnRecent: Bool { trainingSet == .archiveAndRecent || trainings == 0 }

    /// Whether a training is due after `iteration` iterations.
    public func isDue(afterIteration iteration: Int) -> Bool {
        schedule.isDue(afterIteration: iteration, trainings: trainings, lastTraining: lastTraining)
    }

    /// Re-trains the learner on the kept observations of `elites` (and the recent rows),
    /// with a seed drawn from `streams` for this training. A failed fit keeps the learner
    /// as it was and is recorded with its error.
    ///
    /// - Returns: The event, to be completed with the re-indexing figures.
    mutating func train(elites: [Int], streams: RandomStreams, iteration: Int, evaluations: Int) -> LearningEvent {
        var set = elites
        if trainsOnRecent {
            let known = Set(elites)
            set += recent.filter { !known.contains($0) }
        }
        let rows = observations.gather(set) ?? []
        let count = rows.count / max(1, observations.dimension)
        var seedStream = streams.setupStream(0x4C45_4152_4E00 &+ UInt64(trainings))
        let seed = seedStream.next()
        var event = LearningEvent(iteration: iteration, evaluations: evaluations, rows: count, fit: nil)
        trainings += 1
        lastTraining = iteration
        recent.removeAll()
        do {
            guard count > 0 else { throw LearningSkipped() }
            var updated = learner
            event.fit = try BLASThreads.pinned(Self.blasThreads) { try updated.fit(rows, count: count, seed: seed) }
            learner = updated
        } catch {
            event.error = String(describing: error)
        }
        return event
    }

    /// The codes of the kept observations of `elites`, row-major, or `nil` when one is missing.
    func codes(of elites: [Int]) -> [Double]? {
        guard let rows = observations.gather(elites) else { return nil }
        return BLASThreads.pinned(Self.blasThreads) { learner.encode(rows, count: elites.count) }
    }

    /// Records a finished training and drops the observations no longer needed.
    mutating func finish(_ event: LearningEvent, live: [Int]) {
        events.append(event)
        observations.retain(live + recent)
    }

    /// Restores the saved mutable parts (``DescriptorLearning+State``).
    mutating func restore(learner: any DescriptorLearner, observations: ObservationStore, recent: [Int], trainings: Int,
                          lastTraining: Int?, events: [LearningEvent]) {
        self.learner = learner
        self.observations = observations
        self.recent = recent
        self.trainings = trainings
        self.lastTraining = lastTraining
        self.events = events
    }

    /// The OpenBLAS threads of every fit and encoding: fixed, so a run's codes do not depend
    /// on the machine's cores or on the number of evaluation workers (OpenBLAS rounds a
    /// product differently with another thread count).
    public static let blasThreads = 1

    /// The total seconds spent fitting.
    public var fitSeconds: Double { events.reduce(0) { $0 + ($1.fit?.seconds ?? 0) } }
}

/// A training with no observation to train on.
struct LearningSkipped: Error, CustomStringConvertible {
    var description: String { "no observation to train on" }
}

/// Runs the ask/evaluate/tell loop over one archive and several emitters.
///
/// Each iteration, every emitter makes its batch (in parallel, one random stream per
/// row), the rows are evaluated, the whole batch is offered to the archive, and each
/// emitter is told the fate of its own rows, in emitter order. Counters (iteration,
/// evaluations, failures) live here, so the scheduler together with the archive and
/// emitters is the complete state of a run.
public struct Scheduler<A: Archive>: Sendable {
    /// The archive being filled.
    public internal(set) var archive: A
    /// pyribs' `result_archive`: an elitist archive of the same cells that is offered every
    /// evaluated row too, so a run whose ``archive`` may replace elites with worse ones
    /// (CMA-MAE's soft thresholds) still reports its best solutions. `nil` when the
    /// archive itself holds the results.
    public internal(set) var resultArchive: A?
    /// The emitters, in order; emitter `i`'s rows follow emitter `i − 1`'s.
    public internal(set) var emitters: [any Emitter<A.Genome>]
    /// The run's random streams.
    public let streams: RandomStreams
    /// Iterations completed.
    public internal(set) var iteration: Int
    /// Evaluations performed (failed ones included).
    public internal(set) var evaluations: Int
    /// Failed evaluations so far.
    public internal(set) var failures: FailureLog
    /// The objective level this run is racing to, and when it was first passed; `nil`
    /// when the run tracks none (see ``track(_:)``).
    public internal(set) var target: ObjectiveTarget?
    /// The learned descriptor the archive sorts by, when the run learns one
    /// (``learnDescriptors(_:)``); `nil` when the domain's descriptors go to the archive.
    public internal(set) var learning: DescriptorLearning?
    /// A passive grid over the domain's own descriptors that records every evaluation,
    /// when the run keeps one (``trackGroundTruth(_:)``).
    public internal(set) var groundTruth: CoverageGrid?
    /// The threads ``tell(_:_:)`` tells emitters on when every emitter is told
    /// independently (``Emitter/tellsIndependently``); 1 tells them in order on the
    /// calling thread. The results are the same for any number. Not saved with the run.
    /// (``step(domain:evaluator:)`` uses a ``ParallelEvaluator``'s own workers instead.)
    public var feedbackWorkers = 1

    /// Creates a scheduler at iteration 0.
    ///
    /// - Parameters:
    ///   - archive: The archive to fill.
    ///   - resultArchive: An elitist archive with the same cells, descriptor space and
    ///     genome layout as `archive`, that keeps the run's results (see
    ///     ``resultArchive``), or `nil`.
    ///   - emitters: At least one emitter; each one's ``Emitter/genomeLayout``, when it
    ///     knows it, must equal the archive's genome layout.
    ///   - seed: The run seed, from which every random stream is derived.
    /// - Throws: ``ParameterError`` for an empty `emitters`, an emitter with a batch size
    ///   below 1, an emitter that makes genomes of another layout than the archive
    ///   stores (a 5-gene archive and an emitter of 8-gene genomes), or a result archive
    ///   that is not elitist or does not match the archive.
    public init(archive: A, resultArchive: A? = nil, emitters: [any Emitter<A.Genome>], seed: UInt64) throws(ParameterError) {
        try ParameterError.require(!emitters.isEmpty, Self.self, "emitters", "must hold at least one emitter")
        let layout = archive.store.genomes.layout
        if let resultArchive {
            try ParameterError.require(resultArchive.cellCount == archive.cellCount
                                       && resultArchive.descriptorSpace == archive.descriptorSpace
                                       && resultArchive.store.genomes.layout == layout, Self.self, "resultArchive",
                                       "must have the archive's cells, descriptor space and genome layout")
            try ParameterError.require(resultArchive.store.acceptance == .elitist, Self.self, "resultArchive",
                                       "must be elitist (learning rate 1, no threshold minimum)")
            try ParameterError.require(resultArchive.isEmpty, Self.self, "resultArchive", "must be empty at iteration 0")
        }
        var total = 0
        for (index, emitter) in emitters.enumerated() {
            try ParameterError.require(emitter.batchSize >= 1, Self.self, "emitters[\(index)]",
                                       "has batch size \(emitter.batchSize), it must be at least 1")
            let (sum, overflow) = total.addingReportingOverflow(emitter.batchSize)
            try ParameterError.require(!overflow, Self.self, "emitters", "have batch sizes whose sum overflows Int")
            total = sum
            guard let emitterLayout = emitter.genomeLayout else { continue }
            try ParameterError.require(emitterLayout == layout, Self.self, "emitters[\(index)]",
                                       "makes genomes of layout \(emitterLayout), the archive stores layout \(layout)")
        }
        self.archive = archive
        self.resultArchive = resultArchive
        self.emitters = emitters
        self.streams = RandomStreams(seed: seed)
        self.iteration = 0
        self.evaluations = 0
        self.failures = FailureLog()
    }

    /// Tracks the first evaluation whose objective exceeds `target`'s level (before any
    /// evaluation, or when restoring: the saved state then says when it was reached).
    public mutating func track(_ target: ObjectiveTarget) {
        self.target = target
    }

    /// Replaces the archive and the result archive, keeping the emitters and counters: how
    /// a run whose descriptor space is re-learnt (AURORA, TAXONS) swaps in its re-indexed
    /// archives (see `reindexed` on each archive type).
    ///
    /// - Throws: ``ParameterError`` for an archive of another genome layout, a result
    ///   archive given or missing where the scheduler has one or none, or a result archive
    ///   that is not elitist or does not have the archive's cells and descriptor space.
    public mutating func replaceArchive(_ archive: A, resultArchive: A? = nil) throws(ParameterError) {
        try ParameterError.require(archive.store.genomes.layout == self.archive.store.genomes.layout, Self.self, "archive",
                                   "must store genomes of the layout \(self.archive.store.genomes.layout)")
        try ParameterError.require((resultArchive == nil) == (self.resultArchive == nil), Self.self, "resultArchive",
                                   self.resultArchive == nil ? "must be nil: this scheduler has none" : "must be given: this scheduler has one")
        if let resultArchive {
            try ParameterError.require(resultArchive.cellCount == archive.cellCount
                                       && resultArchive.descriptorSpace == archive.descriptorSpace
                                       && resultArchive.store.acceptance == .elitist, Self.self, "resultArchive",
                                       "must be elitist with the archive's cells and descriptor space")
        }
        self.archive = archive
        self.resultArchive = resultArchive
    }

    /// The archive a run's figures come from: the result archive when there is one, else
    /// the archive.
    public var results: A { resultArchive ?? archive }

    /// Evaluations per iteration: the sum of the emitters' batch sizes.
    public var batchSize: Int { emitters.reduce(0) { $0 + $1.batchSize } }

    /// The rows of each emitter in the iteration's batch.
    public var emitterRows: [Range<Int>] {
        var start = 0
        return emitters.map { emitter in
            defer { start += emitter.batchSize }
            return start ..< start + emitter.batchSize
        }
    }

    /// The iteration's offspring, not yet made, for an ``Evaluator``.
    public var offspring: Offspring<A> {
        Offspring(archive: archive, emitters: emitters, streams: streams, iteration: iteration)
    }

    /// Makes the iteration's offspring, in parallel on `evaluator`'s workers, for users
    /// who evaluate outside Tessera. Pass the ticket and the evaluations to ``tell(_:_:)``.
    ///
    /// When an emitter generates asynchronously (``AsyncEmitter``), the rows are made on
    /// the calling task instead, awaiting that emitter.
    public func ask(evaluator: ParallelEvaluator = .serial) async -> Ticket {
        let offspring = self.offspring
        guard offspring.isSynchronous else {
            let (children, parents) = await offspring.generate(awaiting: 0 ..< offspring.count)
            return offspring.ticket(children: [children], parents: parents)
        }
        let parts = await evaluator.map(count: offspring.count) { range in offspring.generate(range) }
        return offspring.ticket(children: parts.map { $0.0 }, parents: parts.count == 1 ? parts[0].1 : parts.flatMap { $0.1 })
    }

    /// Adds an iteration's evaluated offspring to the archive and tells every emitter.
    ///
    /// The whole batch goes to the archive's own ``Archive/add(_:_:firstEvaluation:)`` in
    /// one call (pyribs' batch rule for cell archives, the archive's rule otherwise);
    /// non-finite rows are marked failed first.
    ///
    /// - Precondition: `ticket` came from ``ask(evaluator:)`` for the current iteration
    ///   and `evaluations` has one row per child.
    @discardableResult
    public mutating func tell(_ ticket: Ticket, _ evaluations: EvaluationBatch) -> AddReport {
        tell(ticket, evaluations, on: nil)
    }

    /// ``tell(_:_:)``, telling independent emitters on `pool`'s threads when given.
    ///
    /// - Parameter marked: Whether the evaluator already marked non-finite rows failed
    ///   (a ``ParallelEvaluator`` does, chunk by chunk on its workers).
    mutating func tell(_ ticket: Ticket, _ evaluations: EvaluationBatch, on pool: WorkerPool?, marked: Bool = false) -> AddReport {
        precondition(ticket.iteration == iteration, "ticket of iteration \(ticket.iteration) told at iteration \(iteration)")
        precondition(evaluations.count == ticket.children.count, "one evaluation per child")
        var checked = evaluations
        if !marked { checked.markNonFiniteRows() }
        let offered = learning?.encode(checked) ?? checked
        let firstEvaluation = self.evaluations
        groundTruth?.record(checked)
        let report = insert(offered, ticket, firstEvaluation: firstEvaluation)
        resultArchive?.add(ticket.children, offered, firstEvaluation: firstEvaluation)
        tellEmitters(ticket, offered, report: report, firstEvaluation: firstEvaluation, on: pool)
        failures.record(offered, iteration: iteration, firstEvaluation: firstEvaluation)
        target?.record(offered, firstEvaluation: firstEvaluation)
        self.evaluations += offered.count
        iteration += 1
        if learning != nil {
            // The observations as evaluated, with the failures encoding added (non-finite codes).
            var observed = checked
            observed.failures = offered.failures
            advanceLearning(observed, report: report, firstEvaluation: firstEvaluation)
        }
        return report
    }

    /// Runs one whole iteration: the evaluator generates and evaluates the batch (the
    /// ``ParallelEvaluator`` fuses the two per worker chunk), then insertion and feedback
    /// run here; emitters that are told independently are told on the evaluator's workers
    /// (``feedbackWorkers``).
    @discardableResult
    public mutating func step<D: Domain, E: Evaluator>(domain: D, evaluator: E) async -> AddReport where D.Genome == A.Genome {
        let (ticket, batch) = await produce(domain: domain, evaluator: evaluator)
        let parallel = evaluator as? ParallelEvaluator
        return tell(ticket, batch, on: parallel?.pool, marked: parallel != nil)
    }

    /// Inserts an iteration's evaluated rows into the archive: by the learned admissions
    /// when a learned descriptor decides them, else by the archive's own rule.
    private mutating func insert(_ offered: EvaluationBatch, _ ticket: Ticket, firstEvaluation: Int) -> AddReport {
        if let decisions = admissions(offered, ticket) { return add(offered, ticket, accepting: decisions) }
        return archive.add(ticket.children, offered, firstEvaluation: firstEvaluation)
    }

    /// Runs one whole iteration on a domain that awaits its evaluations: the evaluator
    /// generates the batch, evaluates its rows concurrently, and writes each result at its
    /// row; then insertion and feedback run here, serially.
    @discardableResult
    public mutating func step<D: AsyncDomain, E: AsyncEvaluator>(domain: D, evaluator: E) async -> AddReport
    where D.Genome == A.Genome {
        let (ticket, batch) = await produce(domain: domain, evaluator: evaluator)
        return tell(ticket, batch)
    }

    /// Generates and evaluates the iteration's batch. Kept apart from
    /// ``step(domain:evaluator:)`` so the evaluator's copies of the archive and emitters
    /// are released before the archive is mutated (no copy-on-write of the archive).
    private func produce<D: Domain, E: Evaluator>(domain: D, evaluator: E) async -> (Ticket, EvaluationBatch)
    where D.Genome == A.Genome {
        await evaluator.evaluate(offspring, on: domain)
    }

    private func produce<D: AsyncDomain, E: AsyncEvaluator>(domain: D, evaluator: E) async -> (Ticket, EvaluationBatch)
    where D.Genome == A.Genome {
        await evaluator.evaluate(offspring, on: domain)
    }

    /// The offspring of one iteration, handed out by ``ask(evaluator:)`` and consumed by
    /// ``tell(_:_:)``.
    public struct Ticket: Sendable {
        /// The iteration the offspring belong to.
        public let iteration: Int
        /// The offspring, emitter after emitter, in the parts the workers made them in.
        public let children: BatchColumn<A.Genome.Column>
        /// The first parent cell of each child, or −1.
        public let parents: [Int32]
    }
}

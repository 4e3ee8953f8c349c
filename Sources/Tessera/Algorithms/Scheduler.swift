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

    /// Creates a scheduler at iteration 0.
    ///
    /// - Parameters:
    ///   - archive: The archive to fill.
    ///   - emitters: At least one emitter; each one's ``Emitter/genomeLayout``, when it
    ///     knows it, must equal the archive's genome layout.
    ///   - seed: The run seed, from which every random stream is derived.
    /// - Throws: ``ParameterError`` for an empty `emitters`, an emitter with a batch size
    ///   below 1, or an emitter that makes genomes of another layout than the archive
    ///   stores (a 5-gene archive and an emitter of 8-gene genomes).
    public init(archive: A, emitters: [any Emitter<A.Genome>], seed: UInt64) throws(ParameterError) {
        try ParameterError.require(!emitters.isEmpty, Self.self, "emitters", "must hold at least one emitter")
        let layout = archive.store.genomes.layout
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
        self.emitters = emitters
        self.streams = RandomStreams(seed: seed)
        self.iteration = 0
        self.evaluations = 0
        self.failures = FailureLog()
    }

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
        return offspring.ticket(children: parts.map(\.0), parents: parts.count == 1 ? parts[0].1 : parts.flatMap(\.1))
    }

    /// Adds an iteration's evaluated offspring to the archive and tells every emitter.
    ///
    /// - Precondition: `ticket` came from ``ask(evaluator:)`` for the current iteration
    ///   and `evaluations` has one row per child.
    @discardableResult
    public mutating func tell(_ ticket: Ticket, _ evaluations: EvaluationBatch) -> AddReport {
        precondition(ticket.iteration == iteration, "ticket of iteration \(ticket.iteration) told at iteration \(iteration)")
        precondition(evaluations.count == ticket.children.count, "one evaluation per child")
        var checked = evaluations
        checked.markNonFiniteRows()
        let report = archive.add(ticket.children, checked, firstEvaluation: self.evaluations)
        for (index, rows) in emitterRows.enumerated() {
            let feedback = EmitterFeedback<A.Genome>(rows: rows, children: ticket.children, evaluations: checked, report: report,
                                           parents: ticket.parents,
                                           context: GenerationContext(streams: streams, iteration: iteration, emitter: index))
            emitters[index].tell(feedback, archive: archive)
        }
        failures.record(checked, iteration: iteration, firstEvaluation: self.evaluations)
        self.evaluations += checked.count
        iteration += 1
        return report
    }

    /// Runs one whole iteration: the evaluator generates and evaluates the batch (the
    /// ``ParallelEvaluator`` fuses the two per worker chunk), then insertion and feedback
    /// run here, serially.
    @discardableResult
    public mutating func step<D: Domain, E: Evaluator>(domain: D, evaluator: E) async -> AddReport where D.Genome == A.Genome {
        let (ticket, batch) = await produce(domain: domain, evaluator: evaluator)
        return tell(ticket, batch)
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

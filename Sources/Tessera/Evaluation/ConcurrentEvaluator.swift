/// Evaluates batches with Swift structured concurrency, for domains that wait: many
/// calls in flight, time-outs that cancel, transient failures retried.
///
/// One iteration goes in two phases. First the offspring are made: each emitter's rows
/// in one call (``AsyncEmitter``s are awaited), the emitters concurrently, joined in
/// emitter order. Then every row is evaluated in a child task, at most
/// ``maximumInFlight`` at a time (a new row starts when one ends), and each result is
/// written at its row. A row's call gets the row's ``EvaluationContext``; with a
/// ``timeout``, a call still running at the deadline is cancelled and its row fails with
/// ``EvaluationFailure/timedOut(seconds:)``. A call that throws a
/// ``TransientEvaluationError`` is made again after a back-off, with the same context
/// stream, up to ``retry``'s attempts (then the row fails with
/// ``EvaluationFailure/retriesExhausted(attempts:message:)``); any other error fails its
/// row alone. Retried attempts are counted in ``EvaluationBatch/retries``, not as rows,
/// so they never count against a run's budget.
///
/// Determinism: a row's genome and context stream depend only on its position, and its
/// result is stored at its position, so the batch, and the archive it builds, are the
/// same for any ``maximumInFlight`` and any order in which the calls finish (time-outs
/// aside, which depend on the clock).
///
/// Synchronous ``Domain``s run too, one row per call on the cooperative thread pool;
/// they cannot be cancelled, so a row that outlives the time-out fails as timed out but
/// holds its thread until the call returns. Cheap CPU-bound domains are faster on a
/// ``ParallelEvaluator``.
public struct ConcurrentEvaluator: AsyncEvaluator {
    /// The most evaluation calls in flight at once.
    public let maximumInFlight: Int
    /// The time limit of one call, or `nil` for none.
    public let timeout: Duration?
    /// How transient failures are retried.
    public let retry: RetryPolicy

    /// The largest ``maximumInFlight`` accepted.
    public static let maximumInFlightLimit = 100_000

    /// Creates an evaluator.
    ///
    /// - Parameters:
    ///   - maximumInFlight: The most calls in flight, in `1...maximumInFlightLimit`.
    ///   - timeout: The limit of one call, positive; `nil` for none.
    ///   - retry: How transient failures are retried; ``RetryPolicy/standard`` by default.
    /// - Throws: ``ParameterError`` for a value out of those ranges.
    public init(maximumInFlight: Int = 64, timeout: Duration? = nil, retry: RetryPolicy = .standard) throws(ParameterError) {
        try ParameterError.require((1...Self.maximumInFlightLimit).contains(maximumInFlight), Self.self, "maximumInFlight",
                                   "must be in 1...\(Self.maximumInFlightLimit) (got \(maximumInFlight))")
        if let timeout {
            try ParameterError.require(timeout > .zero, Self.self, "timeout", "must be positive (got \(timeout))")
        }
        self.maximumInFlight = maximumInFlight
        self.timeout = timeout
        self.retry = retry
    }

    /// Generates the offspring, then evaluates each row of a synchronous domain in its own
    /// task (see the type's discussion).
    ///
    /// - Complexity: The batch's generation and evaluation cost, with up to
    ///   ``maximumInFlight`` rows at a time.
    public func evaluate<A: Archive, D: Domain>(_ offspring: Offspring<A>, on domain: D) async
        -> (Scheduler<A>.Ticket, EvaluationBatch) where D.Genome == A.Genome {
        let (children, parents) = await generate(offspring)
        let batch = await evaluateRows(count: children.count, dimension: domain.descriptorSpace.dimension,
                                       observationDimension: domain.observationDimension,
                                       iteration: offspring.iteration, streams: offspring.streams) { row, _ in
            try Self.evaluate(children.rows(row ..< row + 1), on: domain)
        }
        return (offspring.ticket(children: [children], parents: parents), batch)
    }

    /// Generates the offspring, then awaits one call of `domain` per row, at most
    /// ``maximumInFlight`` at a time, and writes each result at its row.
    ///
    /// - Complexity: The batch's generation cost, then about
    ///   `count / maximumInFlight` rounds of the domain's latency.
    public func evaluate<A: Archive, D: AsyncDomain>(_ offspring: Offspring<A>, on domain: D) async
        -> (Scheduler<A>.Ticket, EvaluationBatch) where D.Genome == A.Genome {
        let (children, parents) = await generate(offspring)
        let batch = await evaluateRows(count: children.count, dimension: domain.descriptorSpace.dimension,
                                       observationDimension: domain.observationDimension,
                                       iteration: offspring.iteration, streams: offspring.streams) { row, context in
            try await domain.evaluate(children[row], context: context)
        }
        return (offspring.ticket(children: [children], parents: parents), batch)
    }

    /// Makes the batch's rows: each emitter's rows in one call, emitters concurrently when
    /// any of them awaits, joined in emitter order.
    func generate<A: Archive>(_ offspring: Offspring<A>) async -> (A.Genome.Column, [Int32]) {
        let ranges = offspring.emitterRows
        if offspring.isSynchronous || ranges.count == 1 {
            return await offspring.generate(awaiting: 0 ..< offspring.count)
        }
        var parts = [(A.Genome.Column, [Int32])?](repeating: nil, count: ranges.count)
        await withTaskGroup(of: (Int, A.Genome.Column, [Int32]).self) { group in
            for (index, range) in ranges.enumerated() {
                group.addTask {
                    let (children, parents) = await offspring.generate(awaiting: range)
                    return (index, children, parents)
                }
            }
            for await (index, children, parents) in group { parts[index] = (children, parents) }
        }
        let made = parts.map { $0! }
        return (A.Genome.Column.joined(made.map { $0.0 }, layout: offspring.layout), made.flatMap { $0.1 })
    }

    /// Evaluates rows `0..<count` with `call`, at most ``maximumInFlight`` at a time, each
    /// result stored at its row.
    func evaluateRows(count: Int, dimension: Int, observationDimension: Int, iteration: Int, streams: RandomStreams,
                      _ call: @escaping @Sendable (Int, EvaluationContext) async throws -> Evaluation) async -> EvaluationBatch {
        var batch = EvaluationBatch(count: count, descriptorDimension: dimension, observationDimension: observationDimension)
        await withTaskGroup(of: (Int, RowOutcome).self) { group in
            var next = 0
            while next < Swift.min(count, maximumInFlight) {
                let row = next
                group.addTask { (row, await self.attempts(row: row, iteration: iteration, streams: streams, call)) }
                next += 1
            }
            while let (row, outcome) = await group.next() {
                switch outcome.result {
                case .success(let evaluation): batch.set(row, evaluation)
                case .failure(let failure): batch.failures[row] = failure
                }
                batch.retries += outcome.retries
                if next < count {
                    let row = next
                    group.addTask { (row, await self.attempts(row: row, iteration: iteration, streams: streams, call)) }
                    next += 1
                }
            }
        }
        batch.markNonFiniteRows()
        return batch
    }

    /// What became of one row after all its attempts.
    struct RowOutcome: Sendable {
        var result: Result<Evaluation, EvaluationFailure>
        var retries: Int
    }

    /// Makes the calls of one row until one succeeds, fails permanently, times out, or
    /// the retry policy's attempts are spent.
    func attempts(row: Int, iteration: Int, streams: RandomStreams,
                  _ call: @escaping @Sendable (Int, EvaluationContext) async throws -> Evaluation) async -> RowOutcome {
        var attempt = 1
        while true {
            let context = EvaluationContext(streams: streams, iteration: iteration, row: row, attempt: attempt)
            switch await callWithTimeout(row: row, context: context, call) {
            case .success(let evaluation):
                return RowOutcome(result: .success(evaluation), retries: attempt - 1)
            case .timedOut:
                return RowOutcome(result: .failure(.timedOut(seconds: timeout?.seconds ?? 0)), retries: attempt - 1)
            case .threw(let error as FailedRow):
                return RowOutcome(result: .failure(error.failure), retries: attempt - 1)
            case .threw(let error) where error is any TransientEvaluationError:
                guard attempt < retry.maximumAttempts else {
                    return RowOutcome(result: .failure(.retriesExhausted(attempts: attempt, message: String(describing: error))),
                                      retries: attempt - 1)
                }
                try? await Task.sleep(for: retry.backoff(after: attempt))
                attempt += 1
            case .threw(let error):
                return RowOutcome(result: .failure(.threw(String(describing: error))), retries: attempt - 1)
            }
        }
    }

    /// How one call ended.
    enum CallResult: Sendable {
        case success(Evaluation)
        case threw(any Error)
        case timedOut
    }

    /// Makes one call; with a ``timeout``, races it against a timer and cancels the loser.
    func callWithTimeout(row: Int, context: EvaluationContext,
                         _ call: @escaping @Sendable (Int, EvaluationContext) async throws -> Evaluation) async -> CallResult {
        guard let timeout else {
            do { return .success(try await call(row, context)) } catch { return .threw(error) }
        }
        return await withTaskGroup(of: CallResult?.self) { group in
            group.addTask {
                do { return .success(try await call(row, context)) } catch { return .threw(error) }
            }
            group.addTask {
                do {
                    try await Task.sleep(for: timeout)
                    return .timedOut
                } catch {
                    return nil  // cancelled: the call ended first
                }
            }
            var first: CallResult? = nil
            while first == nil, let next = await group.next() { first = next }
            group.cancelAll()
            return first ?? .timedOut
        }
    }

    /// A row's evaluation failed in a way the batch records directly (a synchronous
    /// domain's marked or malformed row).
    struct FailedRow: Error {
        let failure: EvaluationFailure
    }

    /// Evaluates one row of a synchronous domain, throwing its failure.
    static func evaluate<D: Domain>(_ one: D.Genome.Column, on domain: D) throws -> Evaluation {
        let k = domain.descriptorSpace.dimension, m = domain.observationDimension
        var batch = EvaluationBatch(count: 1, descriptorDimension: k, observationDimension: m)
        try domain.evaluate(one, into: &batch)
        guard batch.isWellFormed(count: 1) else {
            throw FailedRow(failure: batch.descriptors.count != k
                ? .wrongDescriptorDimension(expected: k, got: batch.descriptors.count)
                : .wrongObservationDimension(expected: m, got: batch.observations.count))
        }
        if let failure = batch.failures[0] { throw FailedRow(failure: failure) }
        return Evaluation(objective: batch.objectives[0], descriptor: batch.descriptor(0), metadata: batch.metadata?[0] ?? nil,
                          observation: m > 0 ? Array(batch.observation(0)) : nil)
    }
}

import Dispatch
import Foundation

/// Evaluates batches on several workers with Swift structured concurrency, and turns
/// every per-row problem into data.
///
/// A batch is split into one contiguous chunk per worker (cheap vectorised domains are
/// never split into one task per genome). Inside a chunk the domain's batch evaluation
/// runs once; if it throws, or returns descriptors of the wrong size, the chunk's rows are
/// evaluated one at a time so only the offending rows fail. Rows with NaN or infinite
/// values fail too. With a ``timeout``, every row runs on its own and its evaluation is
/// timed: a row that takes longer than the timeout fails with
/// ``EvaluationFailure/timedOut(seconds:)`` and its result is discarded, and a row that is
/// still running when the timeout has passed is abandoned, not killed (such runs are
/// outside the determinism guarantee).
///
/// As an ``Evaluator`` it fuses generation and evaluation: each worker makes its chunk of
/// offspring and scores it at once, so a row never leaves the core that made it. Domains
/// that wait on I/O belong on a ``ConcurrentEvaluator``.
public struct ParallelEvaluator: Evaluator {
    /// The number of concurrent workers (at least 1).
    public let workers: Int
    /// The per-evaluation time limit in seconds, or `nil` for none.
    public let timeout: Double?
    let pool: WorkerPool

    /// The largest number of workers an evaluator accepts: 8 per active processor, and
    /// at least 8. Each worker is a thread, so more would only add switching.
    public static let maximumWorkers = Swift.max(8, 8 * ProcessInfo.processInfo.activeProcessorCount)

    /// An evaluator with one worker and no timeout: everything runs on the calling thread.
    public static var serial: ParallelEvaluator { ParallelEvaluator(checkedWorkers: 1, timeout: nil) }

    /// Creates an evaluator.
    ///
    /// - Parameters:
    ///   - workers: Concurrent workers, in `1...maximumWorkers`; the number of cores by default.
    ///   - timeout: Optional per-evaluation limit in seconds, positive and finite.
    /// - Throws: ``ParameterError`` when `workers` is below 1 or above ``maximumWorkers``,
    ///   or when `timeout` is not a positive, finite number.
    public init(workers: Int = ProcessInfo.processInfo.activeProcessorCount, timeout: Double? = nil) throws(ParameterError) {
        try ParameterError.require((1...Self.maximumWorkers).contains(workers), Self.self, "workers",
                                   "must be in 1...\(Self.maximumWorkers) (got \(workers))")
        if let timeout {
            try ParameterError.require(timeout > 0 && timeout.isFinite, Self.self, "timeout",
                                       "must be a positive, finite number of seconds (got \(timeout))")
        }
        self.init(checkedWorkers: workers, timeout: timeout)
    }

    /// Creates an evaluator from values already checked.
    fileprivate init(checkedWorkers workers: Int, timeout: Double?) {
        self.workers = workers
        self.timeout = timeout
        self.pool = WorkerPool(workers: workers)
        if workers > 1 { BLASThreads.set(1) }
    }

    /// Splits `0..<count` into at most ``workers`` contiguous, nearly equal chunks.
    public func chunks(of count: Int) -> [Range<Int>] {
        let n = Swift.max(1, Swift.min(workers, count))
        return (0..<n).map { i in (count * i / n) ..< (count * (i + 1) / n) }
    }

    /// Runs `body` on each chunk of `0..<count` concurrently and returns the results in
    /// chunk order. With one worker (or one chunk) it runs inline.
    public func map<T: Sendable>(count: Int, _ body: @escaping @Sendable (Range<Int>) -> T) async -> [T] {
        let ranges = chunks(of: count)
        if ranges.count == 1 { return [body(ranges[0])] }
        let results = ChunkResults<T>(count: ranges.count)
        pool.run(count: ranges.count) { i in results.store(body(ranges[i]), at: i) }
        return results.values
    }

    /// Generates and evaluates the iteration's offspring, one contiguous chunk of rows per
    /// worker: each worker makes its chunk with ``Offspring/generate(_:)`` and evaluates it
    /// with ``evaluateChunk(_:on:)``; chunks are joined in row order.
    ///
    /// When an emitter awaits (``Offspring/isSynchronous`` is `false`), the rows are made
    /// first on the calling task, then evaluated across the workers.
    /// - Complexity: The generation and evaluation cost of the batch, spread over ``workers``.
    public func evaluate<A: Archive, D: Domain>(_ offspring: Offspring<A>, on domain: D) async
        -> (Scheduler<A>.Ticket, EvaluationBatch) where D.Genome == A.Genome {
        guard offspring.isSynchronous else {
            let (children, parents) = await offspring.generate(awaiting: 0 ..< offspring.count)
            let batch = await evaluate(children, on: domain)
            return (offspring.ticket(children: [children], parents: parents), batch)
        }
        let parts = await map(count: offspring.count) { range in
            let (children, parents) = offspring.generate(range)
            return (children, parents, self.evaluateChunk(children, on: domain))
        }
        // Closures, not key paths: in unspecialised generic code a key path is instantiated
        // at run time on every call (microseconds per iteration).
        let ticket = offspring.ticket(children: parts.map { $0.0 }, parents: parts.count == 1 ? parts[0].1 : parts.flatMap { $0.1 })
        return (ticket, EvaluationBatch.joined(parts.map { $0.2 }))
    }

    /// Evaluates a whole batch across the workers.
    public func evaluate<D: Domain>(_ genomes: D.Genome.Column, on domain: D) async -> EvaluationBatch {
        let parts = await map(count: genomes.count) { range in
            self.evaluateChunk(range.count == genomes.count ? genomes : genomes.rows(range), on: domain)
        }
        return EvaluationBatch.joined(parts)
    }

    /// Evaluates one chunk on the calling thread, isolating failures per row.
    public func evaluateChunk<D: Domain>(_ genomes: D.Genome.Column, on domain: D) -> EvaluationBatch {
        let k = domain.descriptorSpace.dimension, m = domain.observationDimension
        if let timeout {
            var batch = EvaluationBatch(count: genomes.count, descriptorDimension: k, observationDimension: m)
            for row in 0..<genomes.count {
                let one = evaluateWithTimeout(genomes.rows(row ..< row + 1), domain: domain, seconds: timeout)
                batch.copyRow(row, from: one, row: 0)
            }
            return batch
        }
        var batch = EvaluationBatch(count: genomes.count, descriptorDimension: k, observationDimension: m)
        do {
            try domain.evaluate(genomes, into: &batch)
            guard batch.isWellFormed(count: genomes.count) else { throw MalformedBatch() }
            batch.markNonFiniteRows()
            return batch
        } catch {
            guard genomes.count > 1 else {
                var failed = EvaluationBatch(count: 1, descriptorDimension: k, observationDimension: m)
                if !(error is MalformedBatch) {
                    failed.failures[0] = .threw(String(describing: error))
                } else if batch.descriptors.count != k * genomes.count {
                    failed.failures[0] = .wrongDescriptorDimension(expected: k, got: batch.descriptors.count / Swift.max(1, genomes.count))
                } else {
                    failed.failures[0] = .wrongObservationDimension(expected: m, got: batch.observations.count / Swift.max(1, genomes.count))
                }
                return failed
            }
            var rowWise = EvaluationBatch(count: genomes.count, descriptorDimension: k, observationDimension: m)
            for row in 0..<genomes.count {
                rowWise.copyRow(row, from: evaluateChunk(genomes.rows(row ..< row + 1), on: domain), row: 0)
            }
            return rowWise
        }
    }

    private struct MalformedBatch: Error {}

    /// Evaluates one row on another thread and times it. The row fails when it takes
    /// longer than `seconds` (measured around its evaluation, so a row that finished late
    /// fails too), or when it has not finished after `seconds` of waiting (it is then
    /// abandoned).
    private func evaluateWithTimeout<D: Domain>(_ one: D.Genome.Column, domain: D, seconds: Double) -> EvaluationBatch {
        let slot = ResultSlot()
        let semaphore = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = ParallelEvaluator.serial.evaluateChunk(one, on: domain)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            slot.store(result, elapsed: elapsed)
            semaphore.signal()
        }
        if semaphore.wait(timeout: .now() + seconds) == .success, let (result, elapsed) = slot.load(), elapsed <= seconds {
            return result
        }
        var failed = EvaluationBatch(count: 1, descriptorDimension: domain.descriptorSpace.dimension,
                                     observationDimension: domain.observationDimension)
        failed.failures[0] = .timedOut(seconds: seconds)
        return failed
    }
}

/// A lock-protected hand-off of one timed result between threads.
private final class ResultSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (EvaluationBatch, Double)?

    func store(_ batch: EvaluationBatch, elapsed: Double) { lock.withLock { value = (batch, elapsed) } }
    func load() -> (EvaluationBatch, Double)? { lock.withLock { value } }
}

/// One slot per chunk, each written by exactly one worker; read after the barrier.
private final class ChunkResults<T>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func store(_ value: T, at index: Int) { slots[index] = value }

    var values: [T] { (0..<count).map { slots[$0]! } }
}

extension Evaluator where Self == ParallelEvaluator {
    /// An evaluator with one worker and no timeout (``ParallelEvaluator/serial``), so
    /// `evaluator: .serial` reads as before wherever any ``Evaluator`` is accepted.
    public static var serial: ParallelEvaluator { ParallelEvaluator(checkedWorkers: 1, timeout: nil) }
}

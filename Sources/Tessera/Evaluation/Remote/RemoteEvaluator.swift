import Foundation
import Synchronization

/// A domain evaluated outside the process: worker processes (``WorkerProcess``) or an
/// HTTP service (``HTTPWorker``) speaking the evaluator protocol
/// (`Docs/EvaluatorProtocol.md`), driven as an ``AsyncDomain``.
///
/// Run it with a ``ConcurrentEvaluator``: each row's call joins a queue, and the queue is
/// sent to idle workers in batches, at most ``maximumBatch`` rows each, split evenly
/// over the workers that are idle. Every row gets an outcome:
///
/// - an evaluation, or the worker's own `error` (the row fails with
///   ``EvaluationFailure/threw(_:)``);
/// - a row its worker lost (the process died) or did not answer in time is sent once more,
///   alone; lost again it fails with ``EvaluationFailure/lost(_:)`` or
///   ``EvaluationFailure/timedOut(seconds:)``;
/// - a row the service refused fails with ``EvaluationFailure/rejected(_:)``.
///
/// Answers for unknown ids, second answers and unreadable lines are dropped and counted
/// in ``statistics``. Each row is sent with the seed of its ``EvaluationContext`` (cut to
/// 53 bits), so a resent row is evaluated the same, and the results are stored by row, so
/// the archive does not depend on the number of workers or the order of the answers.
///
/// ```swift
/// let evaluator = try await RemoteEvaluator.processes(command: "python3 sphere.py --dims 20", count: 4)
/// defer { Task { await evaluator.shutdown() } }
/// await scheduler.run(domain: evaluator, totalEvaluations: 20_000, evaluator: try ConcurrentEvaluator())
/// ```
public final class RemoteEvaluator: AsyncDomain, Sendable {
    public typealias Genome = [Double]

    /// The domain the workers declared.
    public let domain: WorkerDomain
    /// The workers; each holds at most one batch at a time.
    public let workers: [any RemoteWorker]
    /// The most rows sent in one batch.
    public let maximumBatch: Int

    private let state: Mutex<DispatchState>

    /// One row waiting for its answer.
    private struct Pending {
        let item: WorkerItem
        var attempt: Int
        let continuation: CheckedContinuation<Evaluation, any Error>
    }

    private struct DispatchState {
        var queue: [Pending] = []
        var head = 0
        var resend: [Pending] = []
        var idle: [Int]
        var inFlight: [Int: Pending] = [:]
        var cancelledEarly: Set<Int> = []
        var nextID = 0
        var flushScheduled = false
        var isShutDown = false
        var statistics = RemoteStatistics()

        var queued: Int { queue.count - head + resend.count }
    }

    /// The largest ``maximumBatch``.
    public static let maximumBatchLimit = 1_000_000

    private init(domain: WorkerDomain, workers: [any RemoteWorker], maximumBatch: Int) {
        self.domain = domain
        self.workers = workers
        self.maximumBatch = maximumBatch
        state = Mutex(DispatchState(idle: Array(workers.indices)))
    }

    /// What starting one worker gave.
    private struct Started: Sendable {
        let index: Int
        let result: Result<WorkerDomain, RemoteEvaluatorError>

        init(index: Int, worker: any RemoteWorker) async {
            self.index = index
            do {
                result = .success(try await worker.start())
            } catch {
                result = .failure(error)
            }
        }
    }

    /// Starts `workers` side by side and checks that they declare one domain.
    ///
    /// - Parameters:
    ///   - workers: The workers, at least one.
    ///   - maximumBatch: The most rows per batch, in `1...maximumBatchLimit`.
    /// - Throws: ``RemoteEvaluatorError`` when a worker cannot start, or two declare
    ///   different domains; the workers already started are shut down.
    public static func start(_ workers: [any RemoteWorker], maximumBatch: Int = 64) async throws(RemoteEvaluatorError)
        -> RemoteEvaluator {
        guard !workers.isEmpty else { throw RemoteEvaluatorError("an evaluator needs at least one worker") }
        guard (1...maximumBatchLimit).contains(maximumBatch) else {
            throw RemoteEvaluatorError("the batch of a remote evaluator must be in 1...\(maximumBatchLimit) (got \(maximumBatch))")
        }
        let started = await withTaskGroup(of: Started.self) { group in
            for (index, worker) in workers.enumerated() {
                group.addTask { await Started(index: index, worker: worker) }
            }
            var results = [Started]()
            while let next = await group.next() { results.append(next) }
            return results.sorted { $0.index < $1.index }.map(\.result)
        }
        var domains = [WorkerDomain]()
        var failure: RemoteEvaluatorError?
        for (index, result) in started.enumerated() {
            switch result {
            case .success(let domain):
                if let first = domains.first, domain != first, failure == nil {
                    failure = RemoteEvaluatorError("\(workers[index].name) declares another domain than \(workers[0].name)")
                }
                domains.append(domain)
            case .failure(let error): if failure == nil { failure = error }
            }
        }
        if let failure {
            for worker in workers { await worker.shutdown() }
            throw failure
        }
        return RemoteEvaluator(domain: domains[0], workers: workers, maximumBatch: maximumBatch)
    }

    /// Starts `count` worker processes of `command` (see ``WorkerProcess``).
    ///
    /// - Parameters:
    ///   - command: The shell command of one worker.
    ///   - count: The number of processes, in `1...1024`.
    ///   - folder: Their working folder, or `nil` for Tessera's.
    ///   - environment: Variables added to their environment.
    ///   - timeout: The per-evaluation time-out, or `nil`.
    ///   - log: Where their stderr goes, or `nil` for Tessera's own stderr.
    ///   - maximumBatch: The most rows per batch.
    /// - Throws: ``RemoteEvaluatorError`` when a process cannot start or declare its domain.
    public static func processes(command: String, count: Int, folder: URL? = nil, environment: [String: String] = [:],
                                 timeout: Duration? = nil, log: WorkerLog? = nil, maximumBatch: Int = 64)
        async throws(RemoteEvaluatorError) -> RemoteEvaluator {
        guard (1...1024).contains(count) else {
            throw RemoteEvaluatorError("the number of worker processes must be in 1...1024 (got \(count))")
        }
        guard !command.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw RemoteEvaluatorError("the worker command is empty")
        }
        if let timeout, !(timeout > .zero) { throw RemoteEvaluatorError("the per-evaluation time-out must be positive") }
        let workers = (1...count).map {
            WorkerProcess(command: command, index: $0, folder: folder, environment: environment, timeout: timeout, log: log)
        }
        return try await start(workers, maximumBatch: maximumBatch)
    }

    public var descriptorSpace: Box { domain.descriptorSpace }
    public var genomeLayout: Int { domain.genomeDimension }
    public var genomeBounds: Box? { domain.genomeBounds }
    public var observationDimension: Int { domain.observationDimension }

    /// What the workers did besides answering: answers dropped, rows resent, restarts.
    public var statistics: RemoteStatistics { state.withLock { $0.statistics } }

    public func evaluate(_ genome: [Double], context: EvaluationContext) async throws -> Evaluation {
        guard genome.count == domain.genomeDimension else {
            throw ConcurrentEvaluator.FailedRow(failure: .threw("the genome has \(genome.count) numbers; the evaluator declares \(domain.genomeDimension)"))
        }
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        let item = WorkerItem(id: id, genome: genome, seed: context.seed & WorkerMessage.largestSeed)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                enqueue(Pending(item: item, attempt: 1, continuation: continuation))
            }
        } onCancel: {
            cancel(id)
        }
    }

    /// Ends every worker; later calls fail.
    public func shutdown() async {
        let waiting = state.withLock { state -> [Pending] in
            state.isShutDown = true
            defer {
                state.queue.removeAll()
                state.head = 0
                state.resend.removeAll()
            }
            return Array(state.queue[state.head...]) + state.resend
        }
        for pending in waiting { pending.continuation.resume(throwing: RemoteEvaluatorError("the evaluator was shut down")) }
        await withTaskGroup(of: Void.self) { group in
            for worker in workers { group.addTask { await worker.shutdown() } }
        }
    }

    private func enqueue(_ pending: Pending) {
        let (refused, startFlush) = state.withLock { state -> (Bool, Bool) in
            if state.isShutDown || state.cancelledEarly.remove(pending.item.id) != nil { return (true, false) }
            state.queue.append(pending)
            if state.flushScheduled { return (false, false) }
            state.flushScheduled = true
            return (false, true)
        }
        if refused {
            pending.continuation.resume(throwing: CancellationError())
        } else if startFlush {
            // Rows of one batch arrive within a moment: gather them before sending.
            Task {
                try? await Task.sleep(for: .milliseconds(1))
                self.flush()
            }
        }
    }

    private func cancel(_ id: Int) {
        let cancelled = state.withLock { state -> Pending? in
            if let index = state.queue[state.head...].firstIndex(where: { $0.item.id == id }) {
                return state.queue.remove(at: index)
            }
            if let index = state.resend.firstIndex(where: { $0.item.id == id }) { return state.resend.remove(at: index) }
            if let pending = state.inFlight.removeValue(forKey: id) { return pending }
            state.cancelledEarly.insert(id)
            return nil
        }
        cancelled?.continuation.resume(throwing: CancellationError())
    }

    /// Sends the queue to the idle workers.
    private func flush() {
        let batches = state.withLock { state -> [(Int, [WorkerItem])] in
            state.flushScheduled = false
            var batches = [(Int, [WorkerItem])]()
            while !state.idle.isEmpty && state.queued > 0 {
                let worker = state.idle.removeFirst()
                var taken = [Pending]()
                if !state.resend.isEmpty {
                    taken.append(state.resend.removeFirst())
                } else {
                    let share = (state.queued + state.idle.count) / (state.idle.count + 1)
                    let n = Swift.min(maximumBatch, Swift.max(1, share))
                    taken.append(contentsOf: state.queue[state.head ..< state.head + n])
                    state.head += n
                    if state.head == state.queue.count {
                        state.queue.removeAll(keepingCapacity: true)
                        state.head = 0
                    }
                }
                for pending in taken { state.inFlight[pending.item.id] = pending }
                batches.append((worker, taken.map(\.item)))
            }
            return batches
        }
        for (worker, items) in batches {
            Task {
                let answer = await workers[worker].evaluate(items)
                complete(worker: worker, items: items, answer: answer)
            }
        }
    }

    /// Resumes the rows of an answered batch, queues the rows to resend, frees the worker.
    private func complete(worker: Int, items: [WorkerItem], answer: RemoteAnswer) {
        let name = workers[worker].name
        let (resumed, more) = state.withLock { state -> ([(Pending, Result<Evaluation, any Error>)], Bool) in
            state.statistics.record(answer)
            state.idle.append(worker)
            var resumed = [(Pending, Result<Evaluation, any Error>)]()
            for item in items {
                guard var pending = state.inFlight.removeValue(forKey: item.id) else { continue }
                let failure: EvaluationFailure
                switch answer.outcomes[item.id] ?? .lost("\(name) gave the row no outcome") {
                case .answered(.evaluation(let evaluation)):
                    resumed.append((pending, .success(evaluation)))
                    continue
                case .answered(.error(let reason)): failure = .threw(reason)
                case .failed(let reason): failure = .rejected(reason)
                case .lost where pending.attempt == 1, .timedOut where pending.attempt == 1:
                    pending.attempt += 1
                    state.resend.append(pending)
                    state.statistics.resent += 1
                    continue
                case .lost(let reason): failure = .lost(reason)
                case .timedOut(let seconds): failure = .timedOut(seconds: seconds)
                }
                resumed.append((pending, .failure(ConcurrentEvaluator.FailedRow(failure: failure))))
            }
            return (resumed, state.queued > 0 && !state.flushScheduled)
        }
        for (pending, result) in resumed { pending.continuation.resume(with: result) }
        if more { flush() }
    }
}

/// What the workers of a ``RemoteEvaluator`` did besides answering.
public struct RemoteStatistics: Hashable, Sendable, Codable {
    /// Answers dropped: for an id not sent, or a second answer for an id.
    public var dropped = 0
    /// Lines or bodies that were not protocol messages.
    public var malformed = 0
    /// Rows lost (a worker died or timed out) and sent again.
    public var resent = 0
    /// Requests retried after a transient failure (HTTP).
    public var retries = 0
    /// Worker processes restarted.
    public var restarts = 0

    /// No event yet.
    public init() {}

    mutating func record(_ answer: RemoteAnswer) {
        dropped += answer.dropped
        malformed += answer.malformed
        retries += answer.retries
        restarts += answer.restarts
    }
}

import Dispatch
import Foundation
import Synchronization
import Testing
import TesseraTestSupport
@testable import Tessera

/// What a ``SleepyDomain`` saw: milliseconds slept, rows in completion order, calls
/// cancelled, attempts made.
final class CallLog: Sendable {
    private let state = Mutex<(slept: Int, finished: [Int], cancelled: Int, calls: Int, inFlight: Int, peak: Int)>(
        (0, [], 0, 0, 0, 0))

    func called() {
        state.withLock {
            $0.calls += 1
            $0.inFlight += 1
            $0.peak = max($0.peak, $0.inFlight)
        }
    }
    func ended() { state.withLock { $0.inFlight -= 1 } }
    func finished(row: Int, sleptMilliseconds: Int) {
        state.withLock {
            $0.slept += sleptMilliseconds
            $0.finished.append(row)
        }
    }
    func cancelled() { state.withLock { $0.cancelled += 1 } }

    var sleptMilliseconds: Int { state.withLock { $0.slept } }
    var finishedRows: [Int] { state.withLock { $0.finished } }
    var cancellations: Int { state.withLock { $0.cancelled } }
    var calls: Int { state.withLock { $0.calls } }
    /// The most calls that were running at once.
    var peakInFlight: Int { state.withLock { $0.peak } }
}

/// An asynchronous domain that waits a few milliseconds per row, the wait drawn from the
/// row's own stream, then scores the genome as ``QuadraticTestDomain`` does. The values
/// never depend on the wait, so calls finish in a scrambled order with the same results.
struct SleepyDomain: AsyncDomain {
    typealias Genome = [Double]

    /// How the wait is chosen, or how a row misbehaves.
    enum Behaviour: Sendable {
        /// Waits 1–8 ms.
        case plain
        /// Waits 10–80 ms, for timing: long waits next to the evaluator's own work.
        case slow
        /// Waits 9 minus what `plain` waits, so the finishing order changes.
        case reversed
        /// Rows whose stream says so (about one in four) throw a transient error at their
        /// first `failingAttempts` attempts.
        case flaky(failingAttempts: Int)
        /// Rows whose first gene is above 0.5 throw a permanent error.
        case permanent
        /// Rows whose first gene is above 0.8 wait an hour (until cancelled).
        case hanging
    }

    let behaviour: Behaviour
    let log: CallLog
    let base = QuadraticTestDomain()
    var descriptorSpace: Box { base.descriptorSpace }
    var genomeLayout: Int { base.dimension }

    struct Refused: Error, CustomStringConvertible {
        var description: String { "refused for good" }
    }

    func evaluate(_ genome: [Double], context: EvaluationContext) async throws -> Evaluation {
        log.called()
        defer { log.ended() }
        var stream = context.stream
        let draw = 1 + stream.nextIndex(below: 8)
        let flip = stream.nextUnitDouble()
        var milliseconds = draw
        switch behaviour {
        case .plain: break
        case .slow: milliseconds = 10 * draw
        case .reversed: milliseconds = 9 - draw
        case .flaky(let failingAttempts):
            if flip < 0.25 && context.attempt <= failingAttempts { throw TransientError("rate limited") }
        case .permanent:
            if genome[0] > 0.5 { throw Refused() }
        case .hanging:
            if genome[0] > 0.8 { milliseconds = 3_600_000 }
        }
        do {
            try await Task.sleep(for: .milliseconds(milliseconds))
        } catch {
            log.cancelled()
            throw error
        }
        log.finished(row: context.row, sleptMilliseconds: milliseconds)
        var results = EvaluationBatch(count: 1, descriptorDimension: 2)
        try base.evaluate(VectorColumn(rows: [genome]), into: &results)
        return Evaluation(objective: results.objectives[0], descriptor: results.descriptor(0))
    }
}

@Suite(.timeLimit(.minutes(2))) struct ConcurrentEvaluatorTests {
    static let budget = 384

    func makeScheduler(seed: UInt64 = 7) throws -> Scheduler<GridArchive<[Double]>> {
        let archive = try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4)
        let first = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(GaussianMutation(sigma: 0.5)),
                                      initialGenome: [0, 0, 0, 0], batchSize: 64)
        let second = try VectorEmitter(selection: CuriositySelection(), variation: IsoLineVariation(isoSigma: 0.1, lineSigma: 0.2),
                                       initialGenome: [0, 0, 0, 0], batchSize: 32)
        return try Scheduler(archive: archive, emitters: [first, second], seed: seed)
    }

    /// The archive's whole content, as bytes: elites, thresholds, entries, in cell order.
    func snapshot(_ scheduler: Scheduler<GridArchive<[Double]>>) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(scheduler.archive)
    }

    func run(_ behaviour: SleepyDomain.Behaviour, inFlight: Int, timeout: Duration? = nil,
             retry: RetryPolicy = .standard) async throws -> (Scheduler<GridArchive<[Double]>>, CallLog, Duration) {
        var scheduler = try makeScheduler()
        let log = CallLog()
        let evaluator = try ConcurrentEvaluator(maximumInFlight: inFlight, timeout: timeout, retry: retry)
        let clock = ContinuousClock()
        let start = clock.now
        let reached = await scheduler.run(domain: SleepyDomain(behaviour: behaviour, log: log), totalEvaluations: Self.budget,
                                          evaluator: evaluator)
        #expect(reached)
        return (scheduler, log, clock.now - start)
    }

    /// Timed on an executor of its own (as are the other tests that depend on the clock):
    /// in the full suite, other tests block the shared cooperative threads while they wait
    /// for processes, which would stretch any wall time.
    @Test func manyCallsInFlightFinishNearTheIdealTime() async throws {
        #expect(try makeScheduler().offspring.isSynchronous, "vector emitters are not awaited")
        let (scheduler, log, wall) = try await withTaskExecutorPreference(DedicatedExecutor()) {
            try await run(.slow, inFlight: 64)
        }
        let serial = Duration.milliseconds(log.sleptMilliseconds)
        print("64 in flight: \(wall) of wall time for \(serial) of waits (\(Self.budget) rows), at most \(log.peakInFlight) at once")
        #expect(scheduler.evaluations == Self.budget)
        #expect(log.peakInFlight == 64, "the evaluator kept 64 calls in flight")
        #expect(wall < serial / 3, "wall \(wall), serial sum \(serial)")
        #expect(log.finishedRows != log.finishedRows.sorted(), "the calls finished out of row order")
    }

    @Test func theCallsInFlightNeverExceedTheLimit() async throws {
        let (_, log, _) = try await withTaskExecutorPreference(DedicatedExecutor()) { try await run(.plain, inFlight: 8) }
        #expect(log.peakInFlight == 8, "the evaluator starts a new call only when one ends")
    }

    @Test func theArchiveIsTheSameForEveryConcurrencyAndFinishingOrder() async throws {
        try await withTaskExecutorPreference(DedicatedExecutor()) {
            var expected: Data? = nil
            var expectedStats: ArchiveStats? = nil
            for (behaviour, inFlight) in [(SleepyDomain.Behaviour.plain, 1), (.plain, 8), (.plain, 64), (.reversed, 64), (.reversed, 7)] {
                let (scheduler, _, _) = try await run(behaviour, inFlight: inFlight)
                let archive = try snapshot(scheduler)
                if let expected, let expectedStats {
                    #expect(archive == expected, "\(behaviour), \(inFlight) in flight")
                    #expect(scheduler.archive.stats == expectedStats, "\(behaviour), \(inFlight) in flight")
                } else {
                    expected = archive
                    expectedStats = scheduler.archive.stats
                }
                #expect(scheduler.failures.count == 0)
            }
            // The CPU pool, on the synchronous domain with the same values, builds it too.
            var cpu = try makeScheduler()
            await cpu.run(domain: QuadraticTestDomain(), totalEvaluations: Self.budget, evaluator: try ParallelEvaluator(workers: 2))
            #expect(try snapshot(cpu) == expected)
            var concurrentCPU = try makeScheduler()
            await concurrentCPU.run(domain: QuadraticTestDomain(), totalEvaluations: Self.budget,
                                    evaluator: try ConcurrentEvaluator(maximumInFlight: 16))
            #expect(try snapshot(concurrentCPU) == expected, "a synchronous domain on the concurrent evaluator")
        }
    }

    @Test func aCallPastTheTimeOutIsCancelledAndItsRowFails() async throws {
        let (scheduler, log, wall) = try await withTaskExecutorPreference(DedicatedExecutor()) {
            try await run(.hanging, inFlight: 64, timeout: .milliseconds(100))
        }
        let timedOut = scheduler.failures.byKind["timed out"] ?? 0
        print("time-outs: \(timedOut) rows timed out, \(log.cancellations) calls cancelled, \(wall) of wall time")
        #expect(timedOut > 0)
        #expect(timedOut == scheduler.failures.count, "\(scheduler.failures.byKind)")
        #expect(log.cancellations == timedOut, "every timed-out call saw its cancellation")
        #expect(scheduler.evaluations == Self.budget)
        #expect(scheduler.archive.elites.allSatisfy { $0.genome[0] <= 0.8 }, "no hanging row entered the archive")
        #expect(!scheduler.archive.isEmpty)
        #expect(wall < .seconds(60), "nobody waited for the hour")
    }

    @Test func transientFailuresAreRetriedAndNotCountedAgainstTheBudget() async throws {
        let retry = try RetryPolicy(maximumAttempts: 4, initialBackoff: .milliseconds(1), maximumBackoff: .milliseconds(4))
        let (flaky, log, _) = try await run(.flaky(failingAttempts: 2), inFlight: 32, retry: retry)
        let (steady, _, _) = try await run(.plain, inFlight: 32, retry: retry)
        print("retries: \(flaky.failures.retries) attempts retried over \(flaky.evaluations) evaluations, \(log.calls) calls")
        #expect(flaky.evaluations == Self.budget, "the budget counts rows")
        #expect(flaky.failures.count == 0, "every row succeeded in the end")
        #expect(flaky.failures.retries > 0 && flaky.failures.retries % 2 == 0, "each flaky row was retried twice")
        #expect(log.calls == Self.budget + flaky.failures.retries)
        #expect(try snapshot(flaky) == snapshot(steady), "a retry repeats the row exactly")
        // The retries are saved with the run's state, and read back.
        let state = try flaky.state()
        let decoded = try JSONDecoder().decode(SchedulerState.self, from: try JSONEncoder().encode(state))
        #expect(decoded.failures.retries == flaky.failures.retries)
    }

    @Test func failureLogsWithoutRetriesAreWrittenAndReadAsBefore() throws {
        let old = Data(#"{"byKind":{"threw":2},"count":2,"examples":[]}"#.utf8)
        let log = try JSONDecoder().decode(FailureLog.self, from: old)
        #expect(log.count == 2 && log.retries == 0)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(try encoder.encode(log) == old, "no retries key when there were none")
        let negative = Data(#"{"byKind":{},"count":0,"examples":[],"retries":-1}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(FailureLog.self, from: negative) }
    }

    @Test func transientFailuresPastTheLastAttemptFailTheRow() async throws {
        let retry = try RetryPolicy(maximumAttempts: 2, initialBackoff: .milliseconds(1))
        let (scheduler, _, _) = try await run(.flaky(failingAttempts: 5), inFlight: 32, retry: retry)
        let exhausted = scheduler.failures.byKind["retries exhausted"] ?? 0
        #expect(exhausted > 0 && exhausted == scheduler.failures.count)
        #expect(scheduler.failures.retries == exhausted, "one retry per row, then the row failed")
        #expect(scheduler.failures.examples.first?.message.contains("at all 2 attempts: rate limited") == true)
        #expect(scheduler.evaluations == Self.budget)
    }

    @Test func aPermanentFailureFailsItsRowOnly() async throws {
        let (scheduler, log, _) = try await run(.permanent, inFlight: 16)
        #expect(scheduler.failures.count > 0)
        #expect(scheduler.failures.byKind["threw"] == scheduler.failures.count, "\(scheduler.failures.byKind)")
        #expect(scheduler.failures.retries == 0, "permanent failures are not retried")
        #expect(log.calls == Self.budget)
        #expect(scheduler.archive.elites.allSatisfy { $0.genome[0] <= 0.5 })
        #expect(!scheduler.archive.isEmpty, "the other rows entered")
        #expect(scheduler.evaluations == Self.budget)
    }

    @Test func parametersAreChecked() throws {
        #expect(throws: ParameterError.self) { try ConcurrentEvaluator(maximumInFlight: 0) }
        #expect(throws: ParameterError.self) { try ConcurrentEvaluator(timeout: .zero) }
        #expect(throws: ParameterError.self) { try RetryPolicy(maximumAttempts: 0) }
        #expect(throws: ParameterError.self) { try RetryPolicy(maximumAttempts: 3, multiplier: 0.5) }
        let policy = try RetryPolicy(maximumAttempts: 5, initialBackoff: .milliseconds(10), multiplier: 3, maximumBackoff: .milliseconds(50))
        #expect(policy.backoff(after: 1) == .milliseconds(10))
        #expect(policy.backoff(after: 2) == .milliseconds(30))
        #expect(policy.backoff(after: 3) == .milliseconds(50))
    }

    @Test func anEvaluationContextRepeatsItsStreamAtEveryAttempt() {
        let streams = RandomStreams(seed: 3)
        let first = EvaluationContext(streams: streams, iteration: 2, row: 5, attempt: 1)
        let retry = EvaluationContext(streams: streams, iteration: 2, row: 5, attempt: 3)
        let other = EvaluationContext(streams: streams, iteration: 2, row: 6)
        #expect(first.stream == retry.stream && first.seed == retry.seed)
        #expect(first.stream != other.stream)
        #expect(first.stream != streams.stream(iteration: 2, emitter: 0, row: 5), "apart from the offspring streams")
    }
}

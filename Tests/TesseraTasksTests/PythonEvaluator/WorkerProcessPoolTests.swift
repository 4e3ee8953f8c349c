import Foundation
import Testing
import Tessera
@testable import TesseraTasks

/// Worker processes driven by a ``RemoteEvaluator``: the Python sphere builds the archive
/// the built-in sphere builds, whatever the number of processes, and stand-in workers that
/// misbehave (crash, hang, print garbage, answer twice or out of order, send bad values)
/// fail only their own rows, each with its reason, while every evaluation is accounted for.
@Suite(.timeLimit(.minutes(3))) struct WorkerProcessPoolTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let examples = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/PythonEvaluator")
    static let sphere = "python3 '\(examples.appendingPathComponent("sphere.py").path)'"
    static let faulty = "python3 '\(folder.appendingPathComponent("Fixtures/fault_worker.py").path)'"

    func makeScheduler(dimension: Int, batch: Int) throws -> Scheduler<GridArchive<[Double]>> {
        let space = try SphereDomain(dimension: dimension).descriptorSpace
        let archive = try GridArchive<[Double]>(shape: [30, 30], descriptorSpace: space, genomeLayout: dimension)
        let emitter = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(GaussianMutation(sigma: 0.5)),
                                        initialGenome: [Double](repeating: 0, count: dimension), batchSize: batch)
        return try Scheduler(archive: archive, emitters: [emitter], seed: 11)
    }

    func snapshot(_ scheduler: Scheduler<GridArchive<[Double]>>) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(scheduler.archive)
    }

    @Test func thePythonSphereBuildsTheBuiltInArchiveOnOneOrThreeProcesses() async throws {
        var local = try makeScheduler(dimension: 20, batch: 150)
        await local.run(domain: try SphereDomain(dimension: 20), totalEvaluations: 900, evaluator: try ParallelEvaluator(workers: 1))
        for count in [1, 3] {
            let remote = try await RemoteEvaluator.processes(command: Self.sphere + " --dims 20", count: count, maximumBatch: 40)
            #expect(remote.domain.genomeDimension == 20)
            var scheduler = try makeScheduler(dimension: 20, batch: 150)
            await scheduler.run(domain: remote, totalEvaluations: 900, evaluator: try ConcurrentEvaluator(maximumInFlight: 150))
            await remote.shutdown()
            #expect(scheduler.evaluations == 900 && scheduler.failures.count == 0, "\(scheduler.failures)")
            #expect(try snapshot(scheduler) == snapshot(local), "\(count) processes")
            #expect(remote.statistics == RemoteStatistics(), "\(remote.statistics)")
        }
    }

    /// Runs 4 iterations of 26 rows on 2 stand-in processes in `mode`.
    func runFaulty(_ mode: String, timeout: Duration? = nil, log: WorkerLog? = nil) async throws
        -> (Scheduler<GridArchive<[Double]>>, RemoteStatistics) {
        let remote = try await RemoteEvaluator.processes(command: Self.faulty + " --mode \(mode)", count: 2, timeout: timeout,
                                                         log: log, maximumBatch: 8)
        var scheduler = try makeScheduler(dimension: 10, batch: 26)
        await scheduler.run(domain: remote, totalEvaluations: 104, evaluator: try ConcurrentEvaluator(maximumInFlight: 26))
        await remote.shutdown()
        #expect(scheduler.evaluations == 104, "every row of every batch was counted (\(mode))")
        return (scheduler, remote.statistics)
    }

    /// The rows of the first 104 evaluations whose seed the stand-in marks (seed % 13 == 0).
    func markedRows(seed: UInt64 = 11) -> Int {
        let streams = RandomStreams(seed: seed)
        var marked = 0
        for iteration in 0..<4 {
            for row in 0..<26 {
                let context = EvaluationContext(streams: streams, iteration: iteration, row: row)
                if (context.seed & WorkerMessage.largestSeed) % 13 == 0 { marked += 1 }
            }
        }
        return marked
    }

    @Test func wellBehavedAnswersInAnyOrderOrTwiceBuildTheSameArchive() async throws {
        let (reference, clean) = try await runFaulty("ok")
        #expect(reference.failures.count == 0 && clean == RemoteStatistics())
        let (reversed, reversedStatistics) = try await runFaulty("out-of-order")
        #expect(try snapshot(reversed) == snapshot(reference) && reversedStatistics == RemoteStatistics())
        let (twice, twiceStatistics) = try await runFaulty("duplicate")
        #expect(try snapshot(twice) == snapshot(reference) && twice.failures.count == 0)
        #expect(twiceStatistics.dropped > 104, "each id answered twice, and unknown ids: \(twiceStatistics)")
    }

    @Test func aProcessThatCrashesMidBatchIsRestartedAndItsRowsResent() async throws {
        let (reference, _) = try await runFaulty("ok")
        let (scheduler, statistics) = try await runFaulty("crash-mid-batch")
        #expect(scheduler.failures.count == 0, "resent alone, every row is answered: \(scheduler.failures)")
        #expect(try snapshot(scheduler) == snapshot(reference))
        #expect(statistics.restarts > 0 && statistics.resent > 0, "\(statistics)")
    }

    @Test func rowsThatKillTheirWorkerFailAfterOneResend() async throws {
        let marked = markedRows()
        #expect(marked > 0)
        let (scheduler, statistics) = try await runFaulty("crash-on-marked")
        #expect(scheduler.failures.count == marked && scheduler.failures.byKind["lost"] == marked, "\(scheduler.failures.byKind)")
        #expect(scheduler.failures.examples.allSatisfy { $0.message.contains("exited (status 3)") }, "\(scheduler.failures.examples)")
        #expect(statistics.restarts >= marked, "\(statistics)")
    }

    @Test func aHangingRowTimesOutTwiceAndFails() async throws {
        let marked = markedRows()
        let (scheduler, _) = try await runFaulty("hang-on-marked", timeout: .milliseconds(500))
        #expect(scheduler.failures.byKind == ["timed out": marked], "\(scheduler.failures.byKind)")
    }

    @Test func garbageLinesAreCountedAndUnansweredRowsFail() async throws {
        let marked = markedRows()
        let (scheduler, statistics) = try await runFaulty("garbage", timeout: .milliseconds(500))
        #expect(scheduler.failures.byKind == ["timed out": marked], "\(scheduler.failures.byKind)")
        #expect(statistics.malformed >= 104, "\(statistics)")
    }

    @Test func badValuesFailTheirRowsWithTheirReasons() async throws {
        let marked = markedRows()
        for (mode, kind) in [("wrong-dims", "wrong descriptor dimension"), ("nan", "non-finite objective"), ("error", "threw")] {
            let (scheduler, statistics) = try await runFaulty(mode)
            #expect(scheduler.failures.byKind == [kind: marked], "\(mode): \(scheduler.failures.byKind)")
            #expect(statistics.resent == 0 && statistics.restarts == 0, "\(mode): \(statistics)")
        }
        let (errors, _) = try await runFaulty("error")
        #expect(errors.failures.examples.first?.message == "evaluation threw: ValueError: marked row")
    }

    @Test func workersThatCannotStartAreOneLineErrors() async throws {
        for (mode, words) in [("exit-at-start", "cannot load the simulator"), ("bad-ready", "protocol 99")] {
            do {
                _ = try await RemoteEvaluator.processes(command: Self.faulty + " --mode \(mode)", count: 2)
                Issue.record("\(mode) started")
            } catch {
                #expect(error.message.contains(words) && !error.message.contains("\n"), "\(mode): \(error.message)")
            }
        }
        let silent = WorkerProcess(command: Self.faulty + " --mode silent", startTimeout: .milliseconds(300))
        await #expect(throws: RemoteEvaluatorError.self) { _ = try await silent.start() }
        await #expect(throws: RemoteEvaluatorError.self) {
            _ = try await RemoteEvaluator.processes(command: "/nonexistent/worker", count: 1)
        }
    }

    @Test func workersStderrGoesToTheLogWithTheirNames() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-workers-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: url) }
        let log = try WorkerLog(url: url)
        _ = try await runFaulty("stderr-noise", log: log)
        log.close()
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("[worker 1] fault_worker: batch of") && text.contains("[worker 2] fault_worker: batch of"), "\(text.prefix(400))")
    }
}

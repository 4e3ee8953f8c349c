import Foundation
import Testing
import Tessera
@testable import TesseraTasks
import TesseraTestSupport

/// The Python helper's Dask mode on a real cluster on loopback (a scheduler and two worker
/// processes, `Fixtures/dask_cluster.py`): a worker killed in the middle of a batch turns
/// the rows it held into failed rows with Dask's reason, the run goes on on the other
/// worker, and every evaluation is accounted for. `Scripts/install-dependencies.sh
/// --tests` installs Dask; without it this test fails and says so.
@Suite(.timeLimit(.minutes(3))) struct DaskBridgeTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let maze = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/PythonEvaluator/maze_like.py")

    /// A running `dask_cluster.py`: its scheduler's address and its workers' pids.
    struct Cluster {
        let script: PythonProcess
        let scheduler: String
        let workers: [Int32]

        /// Closes its stdin, on which it stops its scheduler and workers, and waits.
        func stop() {
            try? script.input.fileHandleForWriting.close()
            script.process.waitUntilExit()
        }
    }

    static func startCluster() throws -> Cluster {
        let script = try PythonProcess([folder.appendingPathComponent("Fixtures/dask_cluster.py").path, "--allowed-failures", "0"])
        struct Started: Decodable { var scheduler: String; var workers: [Int32] }
        guard let started = try? JSONDecoder().decode(Started.self, from: Data(script.firstLine.utf8)) else {
            script.process.waitUntilExit()
            throw RemoteEvaluatorError("the Dask cluster did not start (is dask[distributed] installed? "
                                       + "Scripts/install-dependencies.sh --tests installs it): \(script.firstLine)")
        }
        return Cluster(script: script, scheduler: started.scheduler, workers: started.workers)
    }

    /// A worker whose evaluation leaves a marker file named after its Dask worker's pid, so
    /// the test kills a worker while it is evaluating, whatever the machine's load.
    static func markingWorker(in folder: URL) throws -> URL {
        let script = folder.appendingPathComponent("marking.py")
        try """
        import os, sys, time
        sys.path.insert(0, "\(maze.deletingLastPathComponent().path)")
        from tessera_worker import serve
        MARKERS = os.environ["MARKERS"]
        def evaluate(genome, seed):
            open(os.path.join(MARKERS, "%d-%d" % (os.getpid(), seed)), "w").close()
            time.sleep(0.2)
            return -sum(x * x for x in genome), [genome[0], genome[1]]
        if __name__ == "__main__":
            serve(evaluate, dimension=4, genome_lower=[-5] * 4, genome_upper=[5] * 4,
                  descriptor_lower=[-5, -5], descriptor_upper=[5, 5])
        """.write(to: script, atomically: true, encoding: .utf8)
        return script
    }

    @Test func aWorkerKilledMidBatchFailsItsRowsAndTheRunGoesOn() async throws {
        let cluster = try Self.startCluster()
        defer { cluster.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-dask-\(UUID().uuidString)")
        let markers = folder.appendingPathComponent("markers")
        try FileManager.default.createDirectory(at: markers, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let remote = try await RemoteEvaluator.processes(command: "python3 '\(try Self.markingWorker(in: folder).path)'", count: 1,
                                                         environment: ["TESSERA_DASK": cluster.scheduler, "MARKERS": markers.path],
                                                         maximumBatch: 100_000)
        let archive = try GridArchive<[Double]>(shape: [20, 20], descriptorSpace: remote.descriptorSpace, genomeLayout: 4)
        let emitter = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(GaussianMutation(sigma: 0.5)),
                                        initialGenome: [0, 0, 0, 0], batchSize: 40,
                                        bounds: GenomeBounds(remote.genomeBounds!, handling: .clip))
        var scheduler = try Scheduler(archive: archive, emitters: [emitter], seed: 5)
        let evaluator = try ConcurrentEvaluator(maximumInFlight: 40)
        await scheduler.run(domain: remote, totalEvaluations: 40, evaluator: evaluator)
        #expect(scheduler.failures.count == 0, "both workers answer: \(scheduler.failures)")
        // Clear the markers; once the victim has evaluated a few rows of the next batch, kill it.
        for name in try FileManager.default.contentsOfDirectory(atPath: markers.path) {
            try FileManager.default.removeItem(at: markers.appendingPathComponent(name))
        }
        let victim = cluster.workers[0]
        // Kill the victim just after it starts its third row of the batch: the row sleeps
        // 0.2 s, so the worker is surely evaluating it, however loaded the machine is.
        let killer = Task.detached {
            while true {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: markers.path)) ?? []
                if names.filter({ $0.hasPrefix("\(victim)-") }).count >= 3 { break }
                try await Task.sleep(for: .milliseconds(1))
            }
            kill(victim, SIGKILL)
        }
        await scheduler.run(domain: remote, totalEvaluations: 120, evaluator: evaluator)
        try await killer.value
        await remote.shutdown()
        #expect(scheduler.evaluations == 120, "every row of every batch is counted")
        let failed = scheduler.failures.count
        #expect(failed > 0 && failed < 40, "the rows the killed worker held, and only those, failed: \(scheduler.failures.byKind)")
        #expect(scheduler.failures.byKind == ["threw": failed])
        #expect(scheduler.failures.examples.allSatisfy { $0.message.contains("KilledWorker") }, "\(scheduler.failures.examples)")
        #expect(scheduler.failures.examples.allSatisfy { $0.iteration == 1 }, "later batches ran on the surviving worker")
        #expect(scheduler.archive.stats.numElites > 0)
    }
}

/// The Python helper's own tests (`Examples/PythonEvaluator/test_tessera_worker.py`:
/// both transports, Dask mode, the fault stand-ins) pass.
@Suite(.timeLimit(.minutes(3))) struct PythonHelperTests {
    @Test func thePythonHelpersUnitTestsPass() async throws {
        try await onOwnThread { try Self.thePythonHelpersUnitTestsPassBody() }
    }

    static func thePythonHelpersUnitTestsPassBody() throws {
        let examples = DaskBridgeTests.maze.deletingLastPathComponent()
        let (status, text) = try PythonUnitTests.run(in: examples, module: "test_tessera_worker")
        #expect(status == 0, "\(text.suffix(3000))")
        #expect(!text.contains("skipped"), "no test may be skipped (Dask is installed by the test set-up): \(text.suffix(1000))")
    }
}

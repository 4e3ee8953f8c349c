import Foundation
import Testing
import TesseraTestSupport

/// `tessera run --evaluator COMMAND`: a Python worker's domain runs like a built-in task,
/// gives the built-in sphere's archive on any number of worker processes and through Dask,
/// is recorded in the file and restarted by `resume`, and a misbehaving worker fails only
/// its rows.
@Suite(.timeLimit(.minutes(4))) struct ExternalEvaluatorCommandsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let sphere = "python3 '\(repository.appendingPathComponent("Examples/PythonEvaluator/sphere.py").path)' --dims 20"
    static let faulty = "python3 '\(repository.appendingPathComponent("Tests/TesseraTasksTests/PythonEvaluator/Fixtures/fault_worker.py").path)'"

    func run(_ arguments: [String], in folder: URL) throws -> [String: Any] {
        let result = try TesseraBinary.run(["run"] + arguments + ["--json", "--quiet", "--no-report"], in: folder)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try lastJSONObject(result)
    }

    func export(_ name: String, in folder: URL) throws -> String {
        let result = try TesseraBinary.run(["export", name, "--format", "csv", "--out", name + ".csv"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        return try String(contentsOf: folder.appendingPathComponent(name + ".csv"), encoding: .utf8)
    }

    @Test func thePythonSphereGivesTheBuiltInArchiveOnAnyNumberOfProcessesAndThroughDask() async throws {
        try await onOwnThread { [self] in
            let folder = temporaryFolder()
            let common = ["--algorithm", "map-elites", "--evaluations", "2160", "--seed", "1"]
            let builtIn = try run(["sphere", "--dims", "20", "--output", "builtin.sqlite"] + common, in: folder)
            let expected = try export("builtin.sqlite", in: folder)
            for (name, extra) in [("w1", ["--workers", "1"]), ("w3", ["--workers", "3"]), ("dask", ["--dask", "local"])] {
                let summary = try run(["--evaluator", Self.sphere, "--output", "\(name).sqlite"] + extra + common, in: folder)
                #expect(summary["task"] as? String == "external" && summary["dims"] as? Int == 20)
                #expect(summary["num_elites"] as? Int == builtIn["num_elites"] as? Int, "\(name)")
                let qd = try #require(summary["qd_score"] as? Double), reference = try #require(builtIn["qd_score"] as? Double)
                #expect(abs(qd - reference) <= 1e-9 * abs(reference), "\(name): \(qd) against \(reference)")
                #expect(try export("\(name).sqlite", in: folder) == expected, "\(name): the same elites, bit for bit")
                let remote = try #require(summary["remote_evaluator"] as? [String: Any])
                #expect(remote["transport"] as? String == "process" && (remote["dask"] as? String) == (name == "dask" ? "local" : nil))
                #expect(summary["failed_evaluations"] as? Int == 0)
            }
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("w3.workers.log").path))
            let info = try TesseraBinary.run(["info", "w3.sqlite"], in: folder).stdout
            #expect(info.contains("external") && info.contains("sphere.py' --dims 20") && info.contains(folder.lastPathComponent), "\(info)")
        }
    }

    @Test func resumeRestartsTheRecordedEvaluatorFromAnyFolder() async throws {
        try await onOwnThread { [self] in
            let folder = temporaryFolder()
            _ = try run(["--evaluator", Self.sphere, "--evaluations", "2160", "--seed", "4", "--workers", "2", "--output", "whole.sqlite"], in: folder)
            _ = try run(["--evaluator", Self.sphere, "--evaluations", "1080", "--seed", "4", "--workers", "2", "--output", "part.sqlite"], in: folder)
            let elsewhere = temporaryFolder("elsewhere")
            let resumed = try TesseraBinary.run(["resume", folder.appendingPathComponent("part.sqlite").path, "--evaluations", "2160",
                                                 "--workers", "3", "--json", "--quiet"], in: elsewhere)
            #expect(resumed.status == 0, "\(resumed.stderr)")
            let summary = try lastJSONObject(resumed)
            #expect(summary["evaluations"] as? Int == 2160 && summary["workers"] as? Int == 3 && summary["evaluator"] as? String == "process")
            #expect(try export("part.sqlite", in: folder) == export("whole.sqlite", in: folder), "a resumed run equals an uninterrupted one")
            let changed = try TesseraBinary.run(["resume", "part.sqlite", "--evaluations", "3240", "--evaluator", "python3 other.py"], in: folder)
            #expect(changed.status != 0 && changed.stderr.contains("resume restarts that one"), "\(changed.stderr)")
        }
    }

    @Test func aWorkerThatCrashesOnSomeRowsFailsOnlyThoseWithTheirReason() async throws {
        try await onOwnThread { [self] in
            let folder = temporaryFolder()
            let summary = try run(["--evaluator", Self.faulty + " --mode crash-on-marked", "--workers", "2", "--evaluations", "540",
                                   "--seed", "2", "--output", "crash.sqlite"], in: folder)
            let failed = try #require(summary["failed_evaluations"] as? Int)
            #expect(failed > 0 && failed < 100 && summary["failures_by_kind"] as? [String: Int] == ["lost": failed], "\(summary)")
            let statistics = try #require((summary["remote_evaluator"] as? [String: Any])?["statistics"] as? [String: Int])
            #expect(statistics["resent"] == failed * 2 || (statistics["resent"] ?? 0) >= failed, "\(statistics)")
            #expect((statistics["restarts"] ?? 0) >= failed, "\(statistics)")
            let log = try String(contentsOf: folder.appendingPathComponent("crash.workers.log"), encoding: .utf8)
            #expect(log.contains("[worker 1]") && log.contains("restarting"), "\(log.prefix(500))")
        }
    }

    @Test func anEvaluatorThatCannotStartWritesNothing() async throws {
        try await onOwnThread {
            let folder = temporaryFolder()
            // The default output (Archives/…) in an empty folder: not even the folder is left.
            let result = try TesseraBinary.run(["run", "--evaluator", Self.faulty + " --mode exit-at-start"], in: folder)
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("Error: the evaluator cannot start: worker") && result.stderr.contains("cannot load the simulator"),
                    "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "no archive, no log, no folder")
            let unsuitable = try TesseraBinary.run(["run", "--evaluator", Self.faulty + " --mode ok", "--algorithm", "aurora", "--output", "y.sqlite"],
                                                   in: folder)
            #expect(unsuitable.status == 1 && unsuitable.stderr.contains("does not suit") && unsuitable.stderr.contains("aurora"), "\(unsuitable.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        }
    }

    /// The helper's HTTP mode on a free loopback port, requiring `token` when given.
    final class Service {
        let script: PythonProcess
        let url: String

        init(_ path: String, arguments: [String] = [], token: String? = nil) throws {
            script = try PythonProcess([ExternalEvaluatorCommandsTests.repository.appendingPathComponent(path).path] + arguments,
                                       environment: ["TESSERA_HTTP": "127.0.0.1:0", "TESSERA_HTTP_TOKEN": token])
            url = script.firstLine.replacingOccurrences(of: "listening on ", with: "")
        }

        deinit { script.kill() }
    }

    @Test func anHTTPServiceWithATokenGivesTheSameArchiveAndTheTokenIsKeptNowhere() async throws {
        try await onOwnThread { [self] in
            let folder = temporaryFolder()
            let token = "s3cret-\(UUID().uuidString)"
            let service = try Service("Examples/PythonEvaluator/sphere.py", arguments: ["--dims", "20"], token: token)
            #expect(service.url.hasPrefix("http://127.0.0.1:"))
            let common = ["--evaluations", "1080", "--seed", "6"]
            let result = try TesseraBinary.run(["run", "--evaluator", service.url, "--token-env", "EVALUATOR_TOKEN", "--in-flight", "3",
                                                "--json", "--output", "http.sqlite"] + common, in: folder,
                                               environment: ["EVALUATOR_TOKEN": token])
            #expect(result.status == 0, "\(result.stderr)")
            let summary = try lastJSONObject(result)
            #expect((summary["remote_evaluator"] as? [String: Any])?["transport"] as? String == "http" && summary["evaluator"] as? String == "http")
            _ = try run(["--evaluator", Self.sphere, "--output", "pipes.sqlite"] + common, in: folder)
            #expect(try export("http.sqlite", in: folder) == export("pipes.sqlite", in: folder))
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                let bytes = try Data(contentsOf: folder.appendingPathComponent(name))
                #expect(bytes.range(of: Data(token.utf8)) == nil, "\(name) holds the token")
            }
            #expect(!result.stdout.contains(token) && !result.stderr.contains(token))
            let info = try TesseraBinary.run(["info", "http.sqlite"], in: folder).stdout
            #expect(info.contains("EVALUATOR_TOKEN") && !info.contains(token))
            // Without the variable, or with a wrong token: one line, nothing written.
            let unset = try TesseraBinary.run(["run", "--evaluator", service.url, "--token-env", "NO_SUCH_TOKEN_VARIABLE", "--output", "u.sqlite"],
                                              in: folder)
            #expect(unset.status == 1 && unset.stderr.contains("NO_SUCH_TOKEN_VARIABLE") && unset.stderr.split(separator: "\n").count == 1,
                    "\(unset.stderr)")
            let wrong = try TesseraBinary.run(["run", "--evaluator", service.url, "--token-env", "EVALUATOR_TOKEN", "--output", "w.sqlite"],
                                              in: folder, environment: ["EVALUATOR_TOKEN": "wrong"])
            #expect(wrong.status == 1 && wrong.stderr.contains("401") && !wrong.stderr.contains(token), "\(wrong.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("u.sqlite").path))
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("w.sqlite").path))
        }
    }

    /// The five lines of the README's "Your evaluator in Python" run as they are.
    @Test func theReadmesPythonEvaluatorRuns() async throws {
        try await onOwnThread {
            let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
            let marker = try #require(readme.range(of: "<!-- tested: ExternalEvaluatorCommandsTests -->"))
            let after = readme[marker.upperBound...]
            let open = try #require(after.range(of: "```python\n")), close = try #require(after[open.upperBound...].range(of: "```"))
            let code = String(after[open.upperBound ..< close.lowerBound])
            #expect(code.split(separator: "\n").count == 5, "five lines: \(code)")
            let folder = temporaryFolder()
            try code.write(to: folder.appendingPathComponent("my_worker.py"), atomically: true, encoding: .utf8)
            let result = try TesseraBinary.run(["run", "--evaluator", "python3 '\(folder.appendingPathComponent("my_worker.py").path)'",
                                                "--workers", "2", "--evaluations", "1080", "--json", "--quiet", "--no-report",
                                                "--output", folder.appendingPathComponent("mine.sqlite").path], in: Self.repository)
            #expect(result.status == 0, "\(result.stderr)")
            let summary = try lastJSONObject(result)
            #expect(summary["num_elites"] as? Int ?? 0 > 0 && summary["failed_evaluations"] as? Int == 0, "\(summary)")
        }
    }

    /// Every algorithm of the catalogue runs on an evaluator outside the process; the
    /// learned-descriptor ones on a worker that declares observations.
    @Test func everyAlgorithmRunsOnAWorker() async throws {
        try await onOwnThread {
            let folder = temporaryFolder()
            let worker = folder.appendingPathComponent("observed.py")
            try """
            import sys; sys.path.insert(0, "\(Self.repository.appendingPathComponent("Examples/PythonEvaluator").path)")
            from tessera_worker import serve
            def evaluate(genome, seed):
                observation = [min(1.0, max(0.0, 0.5 + 0.1 * genome[i % len(genome)])) for i in range(64)]
                return -sum(x * x for x in genome), [genome[0], genome[1]], observation
            serve(evaluate, dimension=6, descriptor_lower=[-5, -5], descriptor_upper=[5, 5], observation_dimension=64)
            """.write(to: worker, atomically: true, encoding: .utf8)
            // Every algorithm of real vectors (the text algorithms search texts on language models,
            // the EvoSearch ones the latents of denoising generators).
            let algorithms = try TesseraBinary.run(["algorithms", "--json"]).stdout.split(separator: "\n").compactMap { line -> String? in
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                guard let genomes = object?["genomes"] as? [String], !genomes.contains("text"), !genomes.contains("latent") else { return nil }
                return object?["name"] as? String
            }
            #expect(algorithms.count >= 16)
            for algorithm in algorithms {
                var extra = ["--evaluations", "600"]
                if algorithm == "cvt-map-elites" { extra += ["--cells", "100", "--cvt-samples", "2000"] }
                if ["aurora", "taxons", "taxons-n", "taxons-s"].contains(algorithm) { extra = ["--evaluations", "1500", "--epochs", "2"] }
                let result = try TesseraBinary.run(["run", "--evaluator", "python3 '\(worker.path)'", "--workers", "2", "--algorithm", algorithm,
                                                    "--json", "--quiet", "--no-report", "--output", "\(algorithm).sqlite"] + extra, in: folder)
                #expect(result.status == 0, "\(algorithm): \(result.stderr)")
                guard result.status == 0 else { continue }
                let summary = try lastJSONObject(result)
                #expect(summary["failed_evaluations"] as? Int == 0 && (summary["num_elites"] as? Int ?? 0) > 0, "\(algorithm): \(summary)")
            }
        }
    }
}

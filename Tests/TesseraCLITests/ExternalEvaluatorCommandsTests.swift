import Foundation
import Testing

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

    @Test func thePythonSphereGivesTheBuiltInArchiveOnAnyNumberOfProcessesAndThroughDask() throws {
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

    @Test func resumeRestartsTheRecordedEvaluatorFromAnyFolder() throws {
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

    @Test func aWorkerThatCrashesOnSomeRowsFailsOnlyThoseWithTheirReason() throws {
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

    @Test func anEvaluatorThatCannotStartWritesNothing() throws {
        let folder = temporaryFolder()
        let result = try TesseraBinary.run(["run", "--evaluator", Self.faulty + " --mode exit-at-start", "--output", "x.sqlite"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("Error: the evaluator cannot start: worker") && result.stderr.contains("cannot load the simulator"),
                "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "no archive, no log")
    }
}

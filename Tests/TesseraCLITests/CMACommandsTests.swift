import Foundation
import Testing

/// The CMA family from the command line: every algorithm resumes exactly and gives the
/// same archive on one worker and on two; CMA-MAE reports its result archive; bad flags
/// are one-line usage errors.
@Suite struct CMACommandsTests {
    /// A small sphere: 10 genes, a 20 × 20 grid, 3 emitters of 12.
    static let small = ["sphere", "--dims", "10", "--grid", "20x20", "--emitters", "3", "--batch-size", "12"]

    func export(_ arguments: [String], evaluations: Int, workers: Int, name: String, in dir: URL) throws -> String {
        let run = try TesseraBinary.run(["run"] + arguments + ["--evaluations", "\(evaluations)", "--workers", "\(workers)",
                                                               "--output", name, "--no-report", "--quiet"], in: dir)
        #expect(run.status == 0, "\(arguments): \(run.stderr)")
        return try TesseraBinary.run(["export", name, "--format", "jsonl"], in: dir).stdout
    }

    @Test(arguments: ["cma-me", "cma-me-imp", "cma-mae", "cma-me-bandit", "cma-es"])
    func resumesExactlyOnOneWorkerAndOnTwo(algorithm: String) throws {
        let dir = temporaryFolder("\(#function)-\(algorithm)")
        let arguments = Self.small + ["--algorithm", algorithm]
        let one = try export(arguments, evaluations: 1_080, workers: 1, name: "one.sqlite", in: dir)
        let two = try export(arguments, evaluations: 1_080, workers: 2, name: "two.sqlite", in: dir)
        #expect(!one.isEmpty && one == two, "\(algorithm): one worker and two")
        let part = try TesseraBinary.run(["run"] + arguments + ["--evaluations", "432", "--workers", "2", "--output", "part.sqlite",
                                                                "--no-report", "--quiet"], in: dir)
        #expect(part.status == 0, "\(part.stderr)")
        let resumed = try TesseraBinary.run(["resume", "part.sqlite", "--evaluations", "1080", "--workers", "1", "--quiet"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let again = try TesseraBinary.run(["export", "part.sqlite", "--format", "jsonl"], in: dir).stdout
        #expect(again == one, "\(algorithm): resumed equals uninterrupted")
    }

    @Test func cmaMAEReportsItsResultArchive() throws {
        let dir = temporaryFolder()
        let run = try TesseraBinary.run(["run"] + Self.small + ["--algorithm", "cma-mae", "--evaluations", "720", "--output", "mae.sqlite",
                                                                "--no-report", "--quiet", "--json"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try lastJSONObject(run)
        let info = try lastJSONObject(try TesseraBinary.run(["info", "mae.sqlite", "--json"], in: dir))
        #expect(info["result_archive"] as? Bool == true, "\(info.keys.sorted())")
        #expect(info["num_elites"] as? Int == summary["num_elites"] as? Int)
        #expect((summary["restarts"] as? Int).map { $0 >= 0 } == true, "\(summary.keys.sorted())")
        let results = try TesseraBinary.run(["export", "mae.sqlite", "--format", "jsonl"], in: dir).stdout
        let soft = try TesseraBinary.run(["export", "mae.sqlite", "--format", "jsonl", "--archive", "main"], in: dir)
        #expect(soft.status == 0, "\(soft.stderr)")
        #expect(results.split(separator: "\n").count == summary["num_elites"] as? Int)
        #expect(!soft.stdout.isEmpty)
    }

    @Test func cmaESReportsTheBestSolution() throws {
        let dir = temporaryFolder()
        let run = try TesseraBinary.run(["run", "sphere", "--dims", "10", "--algorithm", "cma-es", "--evaluations", "3000",
                                         "--no-report", "--output", "es.sqlite", "--json", "--quiet"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try lastJSONObject(run)
        #expect(summary["batch_size"] as? Int == 10, "CMA-ES's default population for n = 10")
        let best = try #require(summary["best"] as? [String: Any])
        let genome = try #require(best["genome"] as? [Double])
        #expect(genome.count == 10)
        #expect((best["objective"] as? Double ?? 0) > 99.99, "CMA-ES reaches the sphere's optimum: \(best)")
        #expect((summary["restarts"] as? Int ?? 0) >= 1, "it converged at the optimum and restarted at an elite")
        let text = try TesseraBinary.run(["run", "sphere", "--dims", "10", "--algorithm", "cma-es", "--evaluations", "500",
                                          "--no-report", "--output", "text.sqlite"], in: dir)
        #expect(text.stdout.contains("best solution"), "\(text.stdout)")
    }

    @Test(arguments: [
        (["--algorithm", "cma-me", "--ranker", "best"], "--ranker"),
        (["--algorithm", "cma-mae", "--alpha", "2"], "--alpha"),
        (["--algorithm", "cma-me", "--alpha", "0.1"], "--alpha"),
        (["--algorithm", "cma-me", "--sigma0", "0"], "--sigma0"),
        (["--algorithm", "cma-me", "--sigma0", "-1"], "--sigma0"),
        (["--algorithm", "cma-me-imp", "--restart-rule", "0"], "--restart-rule"),
        (["--algorithm", "cma-me-imp", "--restart-rule", "sometimes"], "--restart-rule"),
        (["--algorithm", "cma-mae", "--es", "nes"], "--es"),
        (["--algorithm", "cma-mae", "--emitters", "0"], "--emitters"),
        (["--algorithm", "cma-mae", "--emitters", "100000"], "--emitters"),
        (["--algorithm", "cma-me", "--batch-size", "1"], "--batch-size"),
        (["--algorithm", "cma-me", "--selection-rule", "best"], "--selection-rule"),
        (["--algorithm", "cma-me-bandit", "--pool", "0"], "--pool"),
        (["--algorithm", "cma-me-bandit", "--ranker", "imp"], "--ranker"),
    ])
    func badCMAFlagsAreOneLineUsageErrors(arguments: [String], flag: String) throws {
        let dir = temporaryFolder()
        let result = try TesseraBinary.run(["run", "sphere"] + arguments + ["--evaluations", "100", "--no-report", "--quiet"], in: dir)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("Error:") && lines[0].contains(flag), "\(arguments): \(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "nothing written")
    }
}

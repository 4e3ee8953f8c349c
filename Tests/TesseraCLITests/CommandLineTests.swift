import Foundation
import Testing

/// Runs the built `tessera` executable end to end.
enum TesseraBinary {
    static var url: URL {
        // The test bundle and the executable are built into the same products folder.
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = exe.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("tessera")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return exe.deletingLastPathComponent().appendingPathComponent("tessera")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `tessera` with `arguments` in `directory`, or in a fresh temporary folder so a
    /// test never writes into the repository's `Archives/`, with `environment` added to
    /// this process's.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.currentDirectoryURL = directory ?? temporaryFolder("run")
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}

@Suite struct CommandLineTests {
    @Test func listsTasksAndAlgorithms() throws {
        let tasks = try TesseraBinary.run(["tasks"])
        #expect(tasks.status == 0)
        for name in ["sphere", "rastrigin", "arm", "opinions", "stories", "poetry"] { #expect(tasks.stdout.contains(name)) }
        let algorithms = try TesseraBinary.run(["algorithms"])
        #expect(algorithms.status == 0)
        for name in ["map-elites", "line-map-elites", "cvt-map-elites", "random"] { #expect(algorithms.stdout.contains(name)) }
    }

    @Test func algorithmsAndTheirOptionsComeFromTheCatalogue() throws {
        let listed = try TesseraBinary.run(["algorithms", "--json"])
        #expect(listed.status == 0)
        let objects = try listed.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.map { $0["name"] as? String } == ["map-elites", "line-map-elites", "cvt-map-elites", "random", "novelty", "nslc", "ga", "aurora", "taxons", "taxons-n", "taxons-s",
                                                                 "cma-es", "cma-me", "cma-me-imp", "cma-mae", "cma-me-bandit",
                                                                 "qdaif", "fixed-prompt", "quality-only",
                                                                 "evosearch", "best-of-n", "evosearch-qd"])
        let cvt = try #require(objects.first { $0["name"] as? String == "cvt-map-elites" })
        let flags = (cvt["options"] as? [[String: Any]])?.compactMap { $0["flag"] as? String }
        #expect(flags == ["--cells", "--cvt-samples", "--selection", "--sigma", "--sampler"] && cvt["archive"] as? String == "cvt")
        #expect((cvt["paper"] as? String)?.contains("Vassiliades") == true)
        let help = try TesseraBinary.run(["run", "--help"]).stdout
        for flag in ["--grid", "--cells", "--cvt-samples", "--sigma", "--iso-sigma", "--line-sigma", "--sampler"] { #expect(help.contains(flag)) }
        // Each algorithm's own defaults: `run --help` names those that differ, `algorithms` each one's.
        #expect(help.contains("Default: 10 (aurora: 20, taxons: 5, taxons-n: 5, taxons-s: 5)."))
        let text = try TesseraBinary.run(["algorithms"]).stdout
        let aurora = try #require(text.split(separator: "\n").first { $0.contains("--train-gap") })
        #expect(aurora.contains("--epochs 20,") && aurora.contains("--latent 2,") && !aurora.contains("taxons"))
        // Algorithm options go anywhere, and take `--flag=value` too.
        let folder = temporaryFolder()
        let run = try TesseraBinary.run(["run", "--grid", "5x4", "arm", "--sigma=0.2", "--evaluations", "200", "--batch-size", "100",
                                         "--no-report", "--json", "--output", "o.sqlite"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try lastJSONObject(run)
        #expect(summary["cells"] as? Int == 20 && summary["task"] as? String == "arm")
        let info = try TesseraBinary.run(["info", "o.sqlite"], in: folder).stdout
        #expect(info.contains("sigma") && info.contains("0.2") && info.contains("5x4"), "\(info)")
    }

    @Test func theConcurrentEvaluatorGivesTheSameArchiveAsThePool() throws {
        let folder = temporaryFolder()
        func run(_ name: String, _ arguments: [String]) throws -> [String: Any] {
            let result = try TesseraBinary.run(["run", "arm", "--evaluations", "3000", "--batch-size", "100", "--no-report", "--json",
                                                "--output", name] + arguments, in: folder)
            #expect(result.status == 0, "\(result.stderr)")
            return try lastJSONObject(result)
        }
        let pool = try run("pool.sqlite", ["--workers", "1"])
        let concurrent = try run("concurrent.sqlite", ["--evaluator", "concurrent", "--in-flight", "7"])
        #expect(pool["evaluator"] as? String == "cpu" && concurrent["evaluator"] as? String == "concurrent")
        #expect(concurrent["workers"] as? Int == 7 && concurrent["retries"] as? Int == 0)
        // Half with one, resumed with the other: still the same archive.
        _ = try run("mixed.sqlite", ["--evaluator", "concurrent", "--in-flight", "3", "--evaluations", "1500"])
        let resumed = try TesseraBinary.run(["resume", "mixed.sqlite", "--evaluations", "3000", "--workers", "2", "--no-report"], in: folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let exports = try ["pool.sqlite", "concurrent.sqlite", "mixed.sqlite"].map {
            try TesseraBinary.run(["export", $0, "--format", "csv"], in: folder).stdout
        }
        #expect(exports[0] == exports[1] && exports[0] == exports[2] && exports[0].count > 1_000)
    }

    @Test func runPrintsOneJSONObjectOnTheLastLine() throws {
        let result = try TesseraBinary.run(["run", "arm", "--evaluations", "2000", "--batch-size", "100", "--json", "--workers", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let last = try #require(result.stdout.split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        for key in ["task", "algorithm", "dims", "batch_size", "cells", "evaluations", "seed", "workers", "setup_seconds",
                    "wall_seconds", "evals_per_second", "qd_score", "norm_qd_score", "coverage", "num_elites", "obj_max",
                    "obj_mean", "failed_evaluations"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["task"] as? String == "arm")
        #expect(object["dims"] as? Int == 12)
        #expect(object["evaluations"] as? Int == 2000)
        #expect(object["workers"] as? Int == 2)
        #expect(result.stderr.isEmpty, "no progress line when stderr is not a terminal")
    }

    @Test func sameSeedSameFiguresWhateverTheWorkers() throws {
        func figures(_ workers: String) throws -> [String: Any] {
            let result = try TesseraBinary.run(["run", "sphere", "--dims", "20", "--evaluations", "5000", "--json", "--workers", workers])
            let last = try #require(result.stdout.split(separator: "\n").last)
            return try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        }
        let one = try figures("1"), two = try figures("2")
        #expect(one["qd_score"] as? Double == two["qd_score"] as? Double)
        #expect(one["num_elites"] as? Int == two["num_elites"] as? Int)
    }

    @Test(arguments: [
        ["run", "nosuchtask"],
        ["run", "sphere", "--algorithm", "nosuchalgorithm"],
        ["run", "sphere", "--evaluations", "0"],
        ["run", "sphere", "--evaluations", "-5"],
        ["run", "sphere", "--grid", "10by10"],
        ["run", "sphere", "--workers", "0"],
        ["run", "sphere", "--sigma", "-1"],
        ["run", "sphere", "--no-such-flag"],
        ["run", "sphere", "--batch-size", "0"],
    ])
    func badInputIsAUsageError(arguments: [String]) throws {
        let result = try TesseraBinary.run(arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("Error"), "\(arguments)")
        #expect(result.stdout.isEmpty, "\(arguments): nothing on stdout")
    }

    @Test func unknownTaskErrorNamesTheValidChoices() throws {
        let result = try TesseraBinary.run(["run", "nosuchtask"])
        for name in ["sphere", "rastrigin", "arm"] { #expect(result.stderr.contains(name)) }
        let algorithm = try TesseraBinary.run(["run", "arm", "--algorithm", "x"])
        #expect(algorithm.stderr.contains("cvt-map-elites"))
    }

    @Test func helpShowsTheDefaults() throws {
        let result = try TesseraBinary.run(["run", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("default: 0"), "seed default shown")
        #expect(result.stdout.contains("100x100"))
    }
}

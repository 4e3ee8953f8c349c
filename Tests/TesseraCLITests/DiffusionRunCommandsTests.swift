import Foundation
import Testing
import TesseraTestSupport

/// `tessera run mixture-diffusion --algorithm evosearch|best-of-n|evosearch-qd`: the
/// summary's figures, the report's reward-against-NFE plot, determinism, a run stopped by a
/// signal resumed to the same archive, and bad flags in one line that write nothing.
@Suite(.serialized) struct DiffusionRunCommandsTests {
    static func run(_ arguments: [String], in folder: URL) throws -> [String: Any] {
        let result = try TesseraBinary.run(["run", "mixture-diffusion"] + arguments + ["--json", "--quiet"], in: folder)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try lastJSONObject(result)
    }

    static func export(_ file: String, in folder: URL) throws -> String {
        let result = try TesseraBinary.run(["export", file, "--format", "csv"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test func theThreeAlgorithmsSpendTheSameNFEAndSayWhatTheyFound() async throws {
        try await onOwnThread { try Self.theThreeAlgorithmsSpendTheSameNFEAndSayWhatTheyFoundBody() }
    }

    static func theThreeAlgorithmsSpendTheSameNFEAndSayWhatTheyFoundBody() throws {
        let folder = temporaryFolder()
        var best: [String: Double] = [:]
        for algorithm in ["evosearch", "best-of-n", "evosearch-qd"] {
            let figures = try run(["--algorithm", algorithm, "--seed", "3", "--output", "\(algorithm).sqlite"], in: folder)
            #expect(figures["nfe"] as? Int == 5000 && figures["planned_nfe"] as? Int == 5000, "\(figures)")
            let mode = try #require(figures["best_mode"] as? Int)
            #expect((0..<8).contains(mode))
            best[algorithm] = try #require(figures["best_reward"] as? Double)
            #expect((figures["vendi_final"] as? Double ?? 0) >= 1)
            #expect((figures["vendi_kernel"] as? String)?.hasPrefix("rbf, bandwidth s*sqrt(d)") == true)
            #expect((figures["final_population"] as? Int) == (algorithm == "best-of-n" ? 100 : 30))
            #expect((figures["num_elites"] != nil) == (algorithm == "evosearch-qd") && (figures["qd_score"] != nil) == (algorithm == "evosearch-qd"))
            let report = try String(contentsOf: folder.appendingPathComponent("\(algorithm).html"), encoding: .utf8)
            #expect(report.contains("NFE") && report.contains("Best reward"), "the report plots the reward against NFE")
        }
        #expect(best["evosearch"]! >= best["best-of-n"]! - 0.05)
        let qd = try run(["--algorithm", "evosearch-qd", "--seed", "3", "--output", "again.sqlite"], in: folder)
        #expect((qd["num_elites"] as? Int ?? 0) >= 6, "\(qd)")
        // Best-of-N at a budget of its own: N = NFE / 50.
        let small = try run(["--algorithm", "best-of-n", "--nfe", "520", "--output", "small.sqlite"], in: folder)
        #expect(small["nfe"] as? Int == 500 && small["final_population"] as? Int == 10)
        // EvoSearch scaled to a budget: the populations shrink with it.
        let scaled = try run(["--algorithm", "evosearch", "--nfe", "1000", "--output", "scaled.sqlite"], in: folder)
        #expect(abs((scaled["nfe"] as? Int ?? 0) - 1000) <= 100, "\(scaled)")
    }

    @Test func theSameSeedGivesTheSameFile() async throws {
        try await onOwnThread { try Self.theSameSeedGivesTheSameFileBody() }
    }

    static func theSameSeedGivesTheSameFileBody() throws {
        let folder = temporaryFolder()
        for name in ["a", "b"] {
            _ = try run(["--algorithm", "evosearch-qd", "--reward", "multi-peak", "--dims", "64", "--seed", "8", "--batch-size", "7",
                         "--output", "\(name).sqlite"], in: folder)
        }
        let a = try export("a.sqlite", in: folder), b = try export("b.sqlite", in: folder)
        #expect(!a.isEmpty && a == b)
        let other = try run(["--algorithm", "evosearch-qd", "--reward", "multi-peak", "--dims", "64", "--seed", "8", "--batch-size", "64",
                             "--output", "c.sqlite"], in: folder)
        #expect(other["nfe"] as? Int == 5000)
        #expect(try export("c.sqlite", in: folder) == a, "batches of 7 or 64 rollouts give the same search")
    }

    @Test func aRunStoppedBySignalResumesToTheSameArchive() async throws {
        try await onOwnThread { try Self.aRunStoppedBySignalResumesToTheSameArchiveBody() }
    }

    static func aRunStoppedBySignalResumesToTheSameArchiveBody() throws {
        let folder = temporaryFolder()
        let common = ["--dims", "1024", "--nfe", "2500", "--batch-size", "1", "--seed", "5", "--no-report"]
        _ = try run(common + ["--output", "whole.sqlite"], in: folder)
        let process = Process()
        process.executableURL = TesseraBinary.url
        process.currentDirectoryURL = folder
        process.arguments = ["run", "mixture-diffusion"] + common + ["--output", "parted.sqlite", "--quiet"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let path = folder.appendingPathComponent("parted.sqlite").path
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: path) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        Thread.sleep(forTimeInterval: 0.5)
        process.interrupt()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130 && stderr.contains("resume with: tessera resume"), "\(process.terminationStatus): \(stderr)")
        let resumed = try TesseraBinary.run(["resume", "parted.sqlite", "--json", "--quiet"], in: folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let figures = try lastJSONObject(resumed)
        #expect(figures["nfe"] as? Int == figures["planned_nfe"] as? Int && (figures["session_nfe"] as? Int ?? 0) < (figures["nfe"] as? Int ?? 0), "\(figures)")
        #expect(try export("parted.sqlite", in: folder) == export("whole.sqlite", in: folder))
        let again = try TesseraBinary.run(["resume", "parted.sqlite"], in: folder)
        #expect(again.status == 0 && again.stdout.contains("nothing to do"))
    }

    @Test(arguments: [
        (["mixture-diffusion", "--evaluations", "10"], "--evaluations"),
        (["mixture-diffusion", "--dims", "3"], "--dims"),
        (["mixture-diffusion", "--reward", "nope"], "--reward"),
        (["mixture-diffusion", "--evolution-schedule", "20,10", "--population-schedule", "4,4,4"], "--evolution-schedule"),
        (["mixture-diffusion", "--evolution-schedule", "0,20"], "--population-schedule"),
        (["mixture-diffusion", "--evolution-schedule", "0,50", "--population-schedule", "4,6,6"], "--evolution-schedule"),
        (["mixture-diffusion", "--population-schedule", "4,6,6"], "--population-schedule"),
        (["mixture-diffusion", "--population-schedule", "4,x,6,6,6"], "--population-schedule"),
        (["mixture-diffusion", "--nfe", "0"], "--nfe"),
        (["mixture-diffusion", "--algorithm", "best-of-n", "--nfe", "10"], "--nfe"),
        (["mixture-diffusion", "--grid", "4x4"], "--grid"),
        (["mixture-diffusion", "--workers", "2"], "--workers"),
        (["mixture-diffusion", "--mutation-rate", "2"], "--mutation-rate"),
        (["mixture-diffusion", "--elites", "30"], "--population-schedule"),
        (["mixture-diffusion", "--batch-size", "0"], "--batch-size"),
        (["mixture-diffusion", "--nfe", "1000000000"], "--nfe"),
        (["mixture-diffusion", "--algorithm", "best-of-n", "--elites", "2"], "--elites"),
        (["--generator", "http://127.0.0.1:9", "--reward", ""], "--reward"),
        (["mixture-diffusion", "--algorithm", "map-elites"], "--algorithm"),
        (["mixture-diffusion", "--sigma", "0.1"], "--sigma"),
        (["sphere", "--algorithm", "evosearch"], "sphere"),
        (["sphere", "--reward", "rare-target"], "--reward"),
        (["--generator", "ftp://example.org"], "--generator"),
        (["--generator", "http://user:hunter2@example.org/ x"], "--generator"),
        (["--generator", "http://127.0.0.1:9", "--dims", "4"], "--dims"),
        (["--generator-token-env", "TOKEN", "mixture-diffusion"], "--generator-token-env"),
    ] as [([String], String)])
    func badFlagsAreOneLineAndWriteNothing(_ arguments: [String], _ named: String) async throws {
        let folder = temporaryFolder()
        let result = try await onOwnThread { try TesseraBinary.run(["run"] + arguments, in: folder) }
        #expect(result.status == 64, "\(arguments): \(result.status) \(result.stderr)")
        let lines = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("Usage") && !$0.hasPrefix("  See") && !$0.isEmpty }
        #expect(lines.count == 1 && lines[0].contains(named), "\(arguments): \(result.stderr)")
        #expect(!result.stderr.contains("hunter2"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "nothing is written")
    }

    @Test func aServerThatCannotBeReachedIsOneLineAndWritesNothing() async throws {
        let folder = temporaryFolder()
        let result = try await onOwnThread { try TesseraBinary.run(["run", "--generator", "http://127.0.0.1:9", "--timeout", "2"], in: folder) }
        #expect(result.status == 1 && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("the generator cannot be used"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}

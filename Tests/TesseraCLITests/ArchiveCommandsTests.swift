import Foundation
import Testing

/// `run` with files, `resume`, `info`, `export`, `report` end to end, and every bad input
/// the archive commands must refuse with a one-line error, exit status 1 and the file
/// untouched.
@Suite struct ArchiveCommandsTests {
    func folder(_ name: String = #function) -> URL { temporaryFolder(name) }

    func lastJSON(_ result: TesseraBinary.Result) throws -> [String: Any] { try lastJSONObject(result) }

    func bytes(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

    func listing(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    /// The command fails with status 1, one line on stderr, and leaves the folder as it was.
    func expectFailure(_ arguments: [String], in directory: URL, mentioning: String, _ what: String) throws {
        let before = listing(directory).map { ($0, bytes(directory.appendingPathComponent($0).path)) }
        let result = try TesseraBinary.run(arguments, in: directory)
        #expect(result.status == 1, "\(what): status \(result.status), \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(what): one line, got \(result.stderr)")
        #expect(result.stderr.contains(mentioning), "\(what): \(result.stderr)")
        let after = listing(directory).map { ($0, bytes(directory.appendingPathComponent($0).path)) }
        #expect(before.map(\.0) == after.map(\.0), "\(what): files created or removed")
        #expect(zip(before, after).allSatisfy { $0.1 == $1.1 }, "\(what): a file changed")
    }

    static let small = ["--dims", "6", "--batch-size", "100", "--grid", "20x20", "--quiet"]

    @Test func runWritesArchiveAndReportToArchivesByDefault() throws {
        let dir = folder()
        let first = try TesseraBinary.run(["run", "arm", "--evaluations", "2000", "--json"] + Self.small, in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let object = try lastJSON(first)
        let archive = try #require(object["archive_path"] as? String)
        #expect(archive.hasSuffix("Archives/arm-map-elites.sqlite"))
        #expect(FileManager.default.fileExists(atPath: archive))
        let report = try #require(object["report_path"] as? String)
        #expect(report.hasSuffix("Archives/arm-map-elites.html"))
        #expect(String(decoding: bytes(report), as: UTF8.self).contains("<svg"))
        let second = try TesseraBinary.run(["run", "arm", "--evaluations", "500", "--json", "--no-report"] + Self.small, in: dir)
        #expect(try lastJSON(second)["archive_path"] as? String == dir.appendingPathComponent("Archives/arm-map-elites-2.sqlite").path)
        #expect(try lastJSON(second)["report_path"] == nil)
        let third = try TesseraBinary.run(["run", "arm", "--evaluations", "500", "--json", "--no-report"] + Self.small, in: dir)
        #expect((try lastJSON(third)["archive_path"] as? String)?.hasSuffix("arm-map-elites-3.sqlite") == true)
    }

    @Test func resumeContinuesExactly() throws {
        let dir = folder()
        let full = try TesseraBinary.run(["run", "arm", "--algorithm", "line-map-elites", "--evaluations", "3000", "--json",
                                          "--output", "full.sqlite", "--workers", "2"] + Self.small, in: dir)
        let part = try TesseraBinary.run(["run", "arm", "--algorithm", "line-map-elites", "--evaluations", "1000", "--json",
                                          "--output", "part.sqlite", "--workers", "1"] + Self.small, in: dir)
        #expect(part.status == 0)
        let resumed = try TesseraBinary.run(["resume", "part.sqlite", "--evaluations", "3000", "--json", "--quiet", "--workers", "2"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let a = try lastJSON(full), b = try lastJSON(resumed)
        for key in ["qd_score", "coverage", "num_elites", "obj_max", "obj_mean", "evaluations", "iterations", "failed_evaluations"] {
            #expect("\(a[key]!)" == "\(b[key]!)", "\(key)")
        }
        let exportA = try TesseraBinary.run(["export", "full.sqlite", "--format", "jsonl"], in: dir)
        let exportB = try TesseraBinary.run(["export", "part.sqlite", "--format", "jsonl"], in: dir)
        #expect(exportA.status == 0 && exportA.stdout == exportB.stdout && !exportA.stdout.isEmpty)
    }

    @Test func infoAndExportDescribeTheArchive() throws {
        let dir = folder()
        let run = try TesseraBinary.run(["run", "arm", "--evaluations", "2000", "--json", "--output", "a.sqlite"] + Self.small, in: dir)
        let figures = try lastJSON(run)
        let info = try TesseraBinary.run(["info", "a.sqlite", "--json"], in: dir)
        #expect(info.status == 0)
        let object = try lastJSON(info)
        for key in ["format_version", "task", "algorithm", "seed", "evaluations", "num_elites", "qd_score", "coverage", "config"] {
            #expect(object[key] != nil, "info lacks \(key)")
        }
        #expect(object["qd_score"] as? Double == figures["qd_score"] as? Double, "info reads the run's exact QD score")
        #expect(object["num_elites"] as? Int == figures["num_elites"] as? Int)
        #expect((object["config"] as? [String: String])?["sigma"] == "0.1")

        let csv = try TesseraBinary.run(["export", "a.sqlite", "--format", "csv", "--out", "a.csv"], in: dir)
        #expect(csv.status == 0)
        let text = String(decoding: bytes(dir.appendingPathComponent("a.csv").path), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "index,objective,descriptor_0,descriptor_1," + (0..<6).map { "genome_\($0)" }.joined(separator: ","))
        #expect(lines.count == 1 + (figures["num_elites"] as! Int))
        let indices = lines.dropFirst().map { Int($0.split(separator: ",")[0])! }
        #expect(indices == indices.sorted(), "rows in cell order")
        let objectives = lines.dropFirst().map { Double($0.split(separator: ",")[1])! }
        // The summary's number as printed (Foundation's JSON parser on Linux is not always
        // correctly rounded: it read -0.0003784847445540147 one ulp off).
        let printed = try #require(run.stdout.firstMatch(of: /"obj_max":(-?[0-9.eE+-]+)/)).1
        #expect(objectives.max() == Double(printed), "numbers read back exactly")
        let again = try TesseraBinary.run(["export", "a.sqlite", "--format", "csv"], in: dir)
        #expect(again.stdout == text, "byte-identical exports")

        let report = try TesseraBinary.run(["report", "a.sqlite", "--out", "r.html"], in: dir)
        #expect(report.status == 0)
        let html = String(decoding: bytes(dir.appendingPathComponent("r.html").path), as: UTF8.self)
        #expect(html.components(separatedBy: "class=\"cell\"").count - 1 == figures["num_elites"] as? Int)
    }

    @Test func badFilesAreRefusedAndLeftUntouched() throws {
        let dir = folder()
        _ = try TesseraBinary.run(["run", "arm", "--evaluations", "1000", "--output", "good.sqlite", "--no-report"] + Self.small, in: dir)
        try Data(String(repeating: "hello\n", count: 1000).utf8).write(to: dir.appendingPathComponent("text.sqlite"))
        let good = bytes(dir.appendingPathComponent("good.sqlite").path)
        try good.prefix(good.count / 3).write(to: dir.appendingPathComponent("truncated.sqlite"))
        for command in [["info"], ["export", "--format", "csv"], ["report"], ["resume"]] {
            let name = command[0]
            try expectFailure([name, "missing.sqlite"] + command.dropFirst(), in: dir, mentioning: "no such file", "\(name) missing")
            try expectFailure([name, "text.sqlite"] + command.dropFirst(), in: dir, mentioning: "not a Tessera archive", "\(name) text")
            try expectFailure([name, "truncated.sqlite"] + command.dropFirst(), in: dir, mentioning: "truncated.sqlite", "\(name) truncated")
        }
        try expectFailure(["run", "arm", "--output", "good.sqlite"] + Self.small, in: dir, mentioning: "--overwrite", "existing output")
        try expectFailure(["resume", "good.sqlite", "--seed", "3", "--dims", "6"], in: dir, mentioning: "--seed 3", "contradicting seed")
        try expectFailure(["resume", "good.sqlite", "--algorithm", "random"], in: dir, mentioning: "--algorithm", "contradicting algorithm")
        try expectFailure(["resume", "good.sqlite", "--evaluations", "10"], in: dir, mentioning: "already has", "budget below done")
        let same = try TesseraBinary.run(["resume", "good.sqlite", "--dims", "6", "--seed", "0", "--quiet"], in: dir)
        #expect(same.status == 0, "repeating matching flags is fine: \(same.stderr)")
    }

    @Test func aReadOnlyFolderIsRefusedEvenForRoot() throws {
        // Tests run as root on CI, which ignores permission bits: drop to `nobody` for the run.
        let dir = folder()
        let binary = dir.appendingPathComponent("tessera")
        try FileManager.default.copyItem(at: TesseraBinary.url, to: binary)
        let locked = dir.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", binary.path, "run", "arm", "--evaluations", "500",
                             "--output", locked.appendingPathComponent("x.sqlite").path] + Self.small
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "\(stderr)")
        #expect(stderr.contains("cannot write"), "\(stderr)")
        #expect(stderr.split(separator: "\n").count == 1)
        #expect(listing(locked).isEmpty, "nothing written")
    }

    @Test func interruptingWritesACheckpointThatResumes() throws {
        let dir = folder()
        let process = Process()
        process.executableURL = TesseraBinary.url
        process.currentDirectoryURL = dir
        process.arguments = ["run", "sphere", "--dims", "10", "--evaluations", "500000000", "--output", "long.sqlite",
                             "--checkpoint-every", "0", "--quiet", "--workers", "1"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        process.interrupt()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("resume with: tessera resume"), "\(stderr)")
        let info = try TesseraBinary.run(["info", "long.sqlite", "--json"], in: dir)
        let done = try #require(try lastJSON(info)["evaluations"] as? Int)
        #expect(done > 0, "the final checkpoint holds the work done")
        let resumed = try TesseraBinary.run(["resume", "long.sqlite", "--evaluations", String(done + 1_000), "--quiet", "--json", "--no-report"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try lastJSON(resumed)["evaluations"] as? Int ?? 0 >= done + 1_000)
    }

    @Test func killingAtRandomMomentsLeavesAFileThatResumes() throws {
        let dir = folder()
        var rng = SystemRandomNumberGenerator()
        var filesChecked = 0
        // Moments spread from start-up to mid-run, each jittered, in random order.
        let moments = [0.05, 0.3, 0.6, 0.9, 1.2, 1.5].map { $0 + Double.random(in: 0...0.2, using: &rng) }.shuffled(using: &rng)
        for (round, delay) in moments.enumerated() {
            let name = "killed-\(round).sqlite"
            let process = Process()
            process.executableURL = TesseraBinary.url
            process.currentDirectoryURL = dir
            process.arguments = ["run", "sphere", "--dims", "10", "--evaluations", "500000000", "--output", name,
                                 "--checkpoint-every", "3000", "--quiet", "--batch-size", "100"]
            process.standardOutput = Pipe()
            process.standardError = Pipe()
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let path = dir.appendingPathComponent(name).path
            guard FileManager.default.fileExists(atPath: path) else {
                // Killed before the atomic rename: no file at all, never a half-written one.
                continue
            }
            filesChecked += 1
            let check = Process()
            check.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            check.arguments = [path, "PRAGMA integrity_check"]
            let out = Pipe()
            check.standardOutput = out
            try check.run()
            let verdict = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            check.waitUntilExit()
            #expect(verdict.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "round \(round) (killed after \(delay) s): \(verdict)")
            let info = try TesseraBinary.run(["info", name, "--json"], in: dir)
            #expect(info.status == 0, "round \(round): \(info.stderr)")
            let done = try lastJSON(info)["evaluations"] as? Int ?? -1
            #expect(done % 100 == 0, "round \(round): checkpoints fall on iteration boundaries")
            let resumed = try TesseraBinary.run(["resume", name, "--evaluations", String(done + 500), "--quiet", "--json", "--no-report"], in: dir)
            #expect(resumed.status == 0, "round \(round) (killed after \(delay) s): \(resumed.stderr)")
        }
        #expect(filesChecked >= 3, "most rounds killed a run that had created its file")
    }
}

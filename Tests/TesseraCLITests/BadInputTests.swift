import Foundation
import Testing

/// Every command, given hostile input: absurd sizes, negative and non-numeric numbers,
/// flags that do not apply, outputs that alias the input, missing and damaged files, files
/// edited by hand. Each must fail with status 64 (usage) or 1 (anything else), exactly one
/// line on standard error, no signal and no backtrace, and leave every file in its folder
/// byte-identical.
@Suite struct BadInputTests {
    /// A folder of inputs: good archives, damaged copies of them, an empty file, a text
    /// file, a subfolder.
    static let inputs: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-bad-input-\(UUID().uuidString.prefix(8))")
        try! FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Archives/samples")
        let grid = samples.appendingPathComponent("arm-map-elites.sqlite"), cvt = samples.appendingPathComponent("sphere-cvt-map-elites.sqlite")
        func copy(_ from: URL, _ name: String, _ sql: String? = nil) {
            let target = dir.appendingPathComponent(name)
            try! FileManager.default.copyItem(at: from, to: target)
            if let sql { sqlite(target.path, sql) }
        }
        copy(grid, "grid.sqlite")
        copy(cvt, "cvt.sqlite")
        func header(_ edit: String) -> String {
            "UPDATE tessera_file SET value = \(edit) WHERE key = 'header'"
        }
        func configuration(_ edit: String) -> String {
            "UPDATE tessera_file SET value = \(edit) WHERE key = 'run_configuration'"
        }
        copy(grid, "zero-bins.sqlite", header("json_set(value, '$.gridShape', json('[0,100]'))"))
        copy(grid, "inside-out.sqlite", header("json_set(value, '$.descriptorSpace.lower[0]', 50.0)"))
        copy(grid, "negative-dims.sqlite", header("json_set(value, '$.genomeDimension', -3)"))
        copy(grid, "wrong-dims.sqlite", header("json_set(value, '$.genomeDimension', 5)"))
        copy(grid, "config-dims.sqlite", configuration("json_set(value, '$.dimension', 5)"))
        copy(grid, "config-batch.sqlite", configuration("json_set(value, '$.batchSize', 0)"))
        copy(grid, "config-budget.sqlite", configuration("json_set(value, '$.evaluations', 9223372036854775807)"))
        copy(grid, "config-grid.sqlite", configuration("json_set(value, '$.grid', json('[10,10]'))"))
        copy(grid, "nan-offset.sqlite", header("json_set(value, '$.qdScoreOffset', 'x')"))
        copy(grid, "bad-state.sqlite", "UPDATE state SET data = CAST('{\"x\":1}' AS BLOB)")
        copy(grid, "no-elites-column.sqlite", "ALTER TABLE elites DROP COLUMN metadata")
        copy(grid, "bad-settings.sqlite", "INSERT OR REPLACE INTO tessera_file VALUES ('run_settings', '{\"evaluations\":-4,\"report\":true}')")
        copy(grid, "foreign.sqlite", "PRAGMA application_id = 7")
        copy(grid, "newer.sqlite", "PRAGMA user_version = 99")
        copy(cvt, "cvt-centroids.sqlite", "DELETE FROM centroids WHERE cell = 3")
        copy(grid, "bad-history.sqlite", "UPDATE history SET evaluations = -1")
        copy(grid, "cell-outside.sqlite", "UPDATE elites SET cell = 99999 WHERE position = 0")
        copy(grid, "infinite-objective.sqlite", "UPDATE elites SET objective = 1e999 WHERE position = 0")
        copy(grid, "text-gene.sqlite", "UPDATE elites SET genome_0 = 'abc' WHERE position = 1")
        copy(grid, "bad-metadata.sqlite", "UPDATE elites SET metadata = '{bad' WHERE position = 2")
        copy(cvt, "infinite-centroid.sqlite", "UPDATE centroids SET c_0 = 1e999 WHERE cell = 0")
        // A run whose genomes are stored as BLOBs, and damaged copies of it.
        let made = try! TesseraBinary.run(["run", "sphere", "--dims", "1500", "--grid", "4x4", "--batch-size", "20", "--evaluations", "40",
                                           "--output", "blob.sqlite", "--no-report", "--quiet"], in: dir)
        precondition(made.status == 0, "the BLOB run failed: \(made.stderr)")
        let blob = dir.appendingPathComponent("blob.sqlite")
        copy(blob, "short-blob.sqlite", "UPDATE elites SET genome = substr(genome, 1, 100) WHERE position = 0")
        copy(blob, "nan-blob.sqlite", "UPDATE elites SET genome = CAST(X'000000000000F87F' || substr(genome, 9) AS BLOB) WHERE position = 0")
        copy(blob, "text-blob.sqlite", "UPDATE elites SET genome = 'abc' WHERE position = 0")
        copy(blob, "unknown-kind.sqlite", header("json_set(value, '$.genomeKind', 'hologram')"))
        // The configuration layout of the catalogue (options nested), damaged.
        copy(blob, "option-negative.sqlite", configuration("json_set(value, '$.options.sigma', -1)"))
        copy(blob, "option-foreign.sqlite", configuration("json_set(value, '$.options.cells', 5)"))
        copy(blob, "option-kind.sqlite", configuration("json_set(value, '$.options.grid', 'big')"))
        copy(blob, "unknown-algorithm.sqlite", configuration("json_set(value, '$.algorithm', 'hill-climbing')"))
        try! FileManager.default.removeItem(at: blob)
        _ = FileManager.default.createFile(atPath: dir.appendingPathComponent("empty.sqlite").path, contents: Data())
        try! Data(String(repeating: "not an archive\n", count: 100).utf8).write(to: dir.appendingPathComponent("text.sqlite"))
        try! Data("<html></html>".utf8).write(to: dir.appendingPathComponent("grid.html"))
        try! Data("3\n10 10\n0\n20 20\n0 0 40 0\n40 0 40 40\n".utf8).write(to: dir.appendingPathComponent("short-map.txt"))
        return dir
    }()

    static func sqlite(_ path: String, _ sql: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        try! process.run()
        process.waitUntilExit()
        precondition(process.terminationStatus == 0, "sqlite3 failed on \(sql)")
    }

    /// Damaged inputs every command that opens a file must refuse.
    static let unreadable = ["zero-bins.sqlite", "inside-out.sqlite", "negative-dims.sqlite", "wrong-dims.sqlite", "nan-offset.sqlite",
                             "bad-state.sqlite", "no-elites-column.sqlite", "foreign.sqlite", "newer.sqlite", "empty.sqlite",
                             "text.sqlite", "missing.sqlite", "sub", "unknown-kind.sqlite"]
    /// Damaged values only some commands read, with those commands.
    static let damagedValues: [(String, [String])] = [
        ("config-dims.sqlite", ["resume"]), ("config-batch.sqlite", ["resume"]), ("config-budget.sqlite", ["resume"]),
        ("config-grid.sqlite", ["resume"]), ("bad-settings.sqlite", ["resume"]), ("cvt-centroids.sqlite", ["report", "resume"]),
        ("bad-history.sqlite", ["report"]), ("cell-outside.sqlite", ["export", "report", "resume"]),
        ("infinite-objective.sqlite", ["export", "report", "resume"]), ("text-gene.sqlite", ["export", "report", "resume"]),
        ("bad-metadata.sqlite", ["export", "report", "resume"]), ("infinite-centroid.sqlite", ["report", "resume"]),
        ("short-blob.sqlite", ["export", "report", "resume"]), ("nan-blob.sqlite", ["export", "report", "resume"]),
        ("text-blob.sqlite", ["export", "report", "resume"]), ("option-negative.sqlite", ["resume"]),
        ("option-foreign.sqlite", ["resume"]), ("option-kind.sqlite", ["resume"]), ("unknown-algorithm.sqlite", ["resume"]),
    ]

    static func opening(_ name: String, with command: String) -> [String] {
        switch command {
        case "export": return ["export", name, "--format", "csv"]
        case "report": return ["report", name, "--out", "out.html"]
        case "resume": return ["resume", name, "--evaluations", "200000"]
        default: return [command, name]
        }
    }

    static let runCommands: [[String]] = [
        ["run", "sphere", "--evaluations", "9223372036854775807", "--output", "new.sqlite"],
        ["run", "sphere", "--evaluations", "-5"], ["run", "sphere", "--evaluations", "0"], ["run", "sphere", "--evaluations", "1e6"],
        ["run", "sphere", "--batch-size", "100000000000"], ["run", "sphere", "--batch-size", "-1"], ["run", "sphere", "--batch-size", "0"],
        ["run", "sphere", "--dims", "100000000"], ["run", "sphere", "--dims", "-3"],
        ["run", "sphere", "--dims", "1"], ["run", "arm", "--dims", "0"],
        ["run", "sphere", "--grid", "-3x5"], ["run", "sphere", "--grid", "0x5"], ["run", "sphere", "--grid", "10by10"],
        ["run", "sphere", "--grid", "100000x100000"], ["run", "sphere", "--grid", "10x10x10"],
        ["run", "sphere", "--grid", "99999999999999999999x2"],
        ["run", "sphere", "--algorithm", "cvt-map-elites", "--cvt-samples", "100000000000"],
        ["run", "sphere", "--algorithm", "cvt-map-elites", "--cells", "100000000000", "--cvt-samples", "100000000000"],
        ["run", "sphere", "--algorithm", "cvt-map-elites", "--cells", "100", "--cvt-samples", "10"],
        ["run", "sphere", "--algorithm", "cvt-map-elites", "--grid", "10x10"], ["run", "sphere", "--cells", "50"],
        ["run", "sphere", "--cvt-samples", "5000"], ["run", "sphere", "--iso-sigma", "0.3"],
        ["run", "sphere", "--algorithm", "random", "--sigma", "1"],
        ["run", "sphere", "--sigma", "-1"], ["run", "sphere", "--sigma", "nan"], ["run", "sphere", "--sigma", "inf"],
        ["run", "sphere", "--algorithm", "line-map-elites", "--line-sigma", "-0.1"],
        ["run", "sphere", "--workers", "0"], ["run", "sphere", "--workers", "-1"], ["run", "sphere", "--workers", "1000000"],
        ["run", "sphere", "--workers", "1000000000"],
        ["run", "sphere", "--timeout", "0"], ["run", "sphere", "--timeout", "-1"], ["run", "sphere", "--timeout", "nan"],
        ["run", "sphere", "--timeout", "soon"], ["run", "sphere", "--checkpoint-every", "-1"], ["run", "sphere", "--seed", "-1"],
        ["run", "sphere", "--output", ""], ["run", "sphere", "--output", "sub"], ["run", "sphere", "--output", "nowhere/x.sqlite"],
        ["run", "sphere", "--output", "grid.sqlite"], ["run", "sphere", "--output", "grid.sqlite", "--overwrite", "--dims", "0"],
        ["run", "sphere", "--output", "grid.html"], ["run", "sphere", "--output", "text.sqlite/x.sqlite"],
        ["run", "nosuchtask"], ["run", "sphere", "--algorithm", "nosuch"], ["run", "sphere", "--no-such-flag"], ["run"],
        ["run", "sphere", "--evaluations"], ["run", "sphere", "extra"], ["run", "sphere", "--sigma", "1", "--sigma", "2"],
        ["run", "sphere", "--sigma=abc"], ["run", "sphere", "--cells=5"], ["run", "sphere", "--grid"], ["run", "--grid", "10x10"],
        ["run", "sphere", "--algorithm", "cvt-map-elites", "--cells", "2.5"], ["run", "sphere", "--evaluator", "gpu"],
        ["run", "sphere", "--evaluator", "concurrent", "--workers", "2"], ["run", "sphere", "--in-flight", "4"],
        ["run", "sphere", "--evaluator", "concurrent", "--in-flight", "0"],
        ["run", "sphere", "--evaluator", "concurrent", "--in-flight", "100000000000"],
        ["run", "sphere", "--selection", "best"], ["run", "maze", "--maze", "short-map.txt"], ["run", "maze", "--maze", "nomap.txt"],
        ["run", "maze", "--maze", "sub"], ["run", "maze", "--maze", ""], ["run", "maze", "--maze", "/dev/null"], ["run", "maze", "--maze", "text.sqlite"], ["run", "sphere", "--maze", "hard"],
        ["run", "--evaluator", "python3 sphere.py", "sphere"], ["run", "--evaluator", "python3 sphere.py", "--dims", "5"],
        ["run", "sphere", "--dask", "local"], ["run", "--evaluator", "http://127.0.0.1:9", "--workers", "2"],
        ["run", "--evaluator", "python3 x.py", "--in-flight", "2"], ["run", "--evaluator", "http://127.0.0.1:9", "--token-env", "1BAD"],
        ["run", "sphere", "--token-env", "TOKEN"], ["run", "--evaluator", "nosuchcommand-xyz", "--output", "new.sqlite"], ["run", "--evaluator", "http://127.0.0.1:9", "--output", "new.sqlite"],
        ["run", "--evaluator", "python3 x.py", "--dask", "tcp://a b"], ["run", "--evaluator", "python3 -c 'import sys; sys.exit(3)'", "--output", "new.sqlite"],
        ["run", "--evaluator", ""], ["run", "--evaluator", "http://"], ["run", "--evaluator", "python3 x.py", "--workers", "100000"],
        ["run", "--evaluator", "python3 x.py", "--dask", "local", "--workers", "3"],
        ["run", "--evaluator", "python3 -c 'print(1)'", "--output", "grid.sqlite"],
        ["run", "maze", "--dims", "10"], ["run", "maze", "--algorithm", "novelty", "--neighbours", "0"],
        ["run", "maze", "--algorithm", "novelty", "--distance", "cosine"], ["run", "maze", "--algorithm", "ga", "--neighbours", "5"],
        ["run", "maze", "--algorithm", "novelty", "--population", "-1"], ["run", "maze", "--algorithm", "ga", "--population", "100000000000"],
        ["run", "maze", "--algorithm", "novelty", "--neighbours", "100000000"], ["run", "maze", "--algorithm", "nslc", "--replacement", "steady"], ["run", "sphere", "--algorithm", "random", "--selection", "curiosity"], ["run", "sphere", "--"], ["run", "sphere", "--=3"],
    ]

    static let fileCommands: [[String]] = {
        var commands: [[String]] = []
        for name in unreadable {
            commands += ["info", "export", "report", "resume"].map { opening(name, with: $0) }
        }
        for (name, readers) in damagedValues { commands += readers.map { opening(name, with: $0) } }
        commands += [
            ["report", "grid.sqlite", "--out", "grid.sqlite"], ["report", "grid.sqlite", "--out", "./grid.sqlite", "--overwrite"],
            ["report", "grid.sqlite", "--out", "sub/../grid.sqlite", "--overwrite"], ["report", "grid.sqlite", "--out", "grid.html"],
            ["report", "grid.sqlite"], ["report", "grid.sqlite", "--out", ""], ["report", "grid.sqlite", "--out", "sub"],
            ["report", "grid.sqlite", "--out", "nowhere/r.html"],
            ["export", "grid.sqlite", "--format", "csv", "--out", "grid.sqlite", "--overwrite"],
            ["export", "grid.sqlite", "--format", "csv", "--out", "text.sqlite"], ["export", "grid.sqlite", "--format", "xml"],
            ["export", "grid.sqlite", "--format", "csv", "--out", ""], ["export", "grid.sqlite", "--format", "csv", "--out", "sub"],
            ["export", "grid.sqlite", "--format", "csv", "--out", "nowhere/e.csv"], ["export", "grid.sqlite"],
            ["export", "grid.sqlite", "--format", "csv", "--out", "/dev/null", "--overwrite"],
            ["export", "grid.sqlite", "--format", "csv", "--archive", "result"], ["export", "grid.sqlite", "--format", "csv", "--archive", "both"],
            ["report", "grid.sqlite", "--out", "/dev/null", "--overwrite"], ["run", "sphere", "--output", "/dev/null", "--overwrite"],
            ["resume", "grid.sqlite", "--evaluations", "10"], ["resume", "grid.sqlite", "--evaluations", "-5"],
            ["resume", "grid.sqlite", "--evaluations", "9223372036854775807"], ["resume", "cvt.sqlite", "--grid", "10x10"],
            ["resume", "grid.sqlite", "--cells", "100"], ["resume", "grid.sqlite", "--dims", "3"], ["resume", "grid.sqlite", "--seed", "9"],
            ["resume", "grid.sqlite", "--workers", "0", "--evaluations", "200000"], ["resume", "grid.sqlite", "--timeout", "-1"],
            ["resume", "grid.sqlite", "--workers", "1000000000"], ["resume", ""], ["info"], ["info", ""],
            ["resume", "grid.sqlite", "extra.sqlite"], ["resume", "grid.sqlite", "--bogus", "1"], ["resume", "grid.sqlite", "--sigma", "x"],
            ["resume", "grid.sqlite", "--grid", "1x1"], ["resume", "grid.sqlite", "--algorithm", "random"], ["resume"],
            ["resume", "grid.sqlite", "--evaluator", "python3 x.py", "--evaluations", "200000"],
            ["resume", "grid.sqlite", "--evaluator", "http://127.0.0.1:9", "--evaluations", "200000"],
            ["bench", "nearest", "--centroids", "100000000000"], ["bench", "nearest", "--points", "100000000000"],
            ["bench", "nearest", "--dims", "-2"], ["bench", "nearest", "--repeats", "0"], ["bench", "nearest", "--dims", "100000", "--centroids", "100000"],
            ["bench", "cvt", "--cells", "1e11", "--samples", "1e11"], ["bench", "cvt", "--cells", "100000000000", "--samples", "100000000000"],
            ["bench", "cvt", "--cells", "2000000000", "--samples", "2100000000"], ["bench", "cvt", "--cells", "10", "--samples", "5"],
            ["bench", "novelty-checkpoint", "--rows", "10"], ["bench", "novelty-checkpoint", "--rows", "100000000000"],
            ["bench", "novelty-checkpoint", "--checkpoints", "0"],
            ["bench", "checkpoint", "--dims", "0"], ["bench", "checkpoint", "--dims", "100000"],
            ["bench", "checkpoint", "--checkpoints", "-1"], ["bench", "checkpoint", "--checkpoints", "100000000"],
            ["bench", "knn", "--archive", "100000000000"], ["bench", "knn", "--queries", "100000000000"],
            ["bench", "knn", "--dims", "0"], ["bench", "knn", "--k", "0"], ["bench", "knn", "--archive", "10", "--k", "20"],
            ["bench", "knn", "--strategy", "fast"], ["bench", "knn", "--distance", "cosine"], ["bench", "knn", "--blas-threads", "0"],
            ["bench", "knn", "--repeats", "1001"], ["bench", "knn", "--dims", "100000", "--archive", "100000000"],
            ["bench", "cma", "--function", "cigar"], ["bench", "cma", "--dims", "1"], ["bench", "cma", "--dims", "10", "3000"],
            ["bench", "cma", "--es", "lm-ma", "--dims", "200000"], ["bench", "cma", "--es", "bipop"], ["bench", "cma", "--seeds", "5-1"],
            ["bench", "cma", "--seeds", "x"], ["bench", "cma", "--seeds", "-3"], ["bench", "cma", "--seeds", "0-20000"], ["bench", "cma", "--seeds", ""],
            ["bench", "cma", "--ftarget", "nan"], ["bench", "cma", "--maxfevals", "0"], ["bench", "cma", "--maxfevals", "1e12"],
            ["bench", "cma", "--sigma0", "0"], ["bench", "cma", "--sigma0", "-1"], ["bench", "cma", "--x0", "inf"],
            ["bench", "cma", "--threads", "0"], ["bench", "cma", "--es", "sep", "--positive-weights"], ["bench", "cma", "--dims", "ten"],
            ["nosuchcommand"],
        ]
        return commands
    }()

    func snapshot() -> [String: Data] {
        let manager = FileManager.default
        var out: [String: Data] = [:]
        for name in (try? manager.subpathsOfDirectory(atPath: Self.inputs.path)) ?? [] {
            var isFolder: ObjCBool = false
            let path = Self.inputs.appendingPathComponent(name).path
            if manager.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue { out[name] = manager.contents(atPath: path) }
            else { out[name] = Data("folder".utf8) }
        }
        return out
    }

    func expectRefused(_ arguments: [String]) throws {
        let before = snapshot()
        let result = try TesseraBinary.run(arguments, in: Self.inputs)
        let shown = arguments.joined(separator: " ")
        #expect(result.status == 1 || result.status == 64, "\(shown): status \(result.status); \(result.stderr)")
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(lines.count == 1 && result.stderr.hasSuffix("\n"), "\(shown): one line on stderr, got \(result.stderr)")
        for trace in ["Fatal error", "Backtrace", "Stack dump", "Crash", "SIG"] {
            #expect(!result.stderr.contains(trace), "\(shown): \(result.stderr)")
        }
        #expect(result.stdout.isEmpty, "\(shown): nothing on stdout, got \(result.stdout.prefix(200))")
        let after = snapshot()
        #expect(before.keys.sorted() == after.keys.sorted(), "\(shown): files created or removed: \(Set(after.keys).symmetricDifference(before.keys))")
        for (name, data) in before where after[name] != data { Issue.record("\(shown): \(name) changed") }
    }

    @Test(arguments: runCommands)
    func runRefusesHostileFlags(_ arguments: [String]) throws {
        try expectRefused(arguments)
    }

    @Test(arguments: fileCommands)
    func fileCommandsRefuseHostileInput(_ arguments: [String]) throws {
        try expectRefused(arguments)
    }

    @Test func messagesGiveTheRealReason() throws {
        func stderr(_ arguments: [String]) throws -> String { try TesseraBinary.run(arguments, in: Self.inputs).stderr }
        #expect(try stderr(["run", "sphere", "--evaluations", "-5"]).contains("--evaluations must be positive"))
        #expect(try stderr(["run", "sphere", "--sigma", "-1"]).contains("--sigma must be"))
        #expect(try stderr(["run", "sphere", "--grid", "-3x5"]).contains("--grid must be two positive"))
        #expect(try stderr(["run", "sphere", "--evaluations", "9223372036854775807"]).contains("at most 1,000,000,000,000"))
        #expect(try stderr(["run", "sphere", "--batch-size", "100000000000"]).contains("at most"))
        let dims = try stderr(["run", "sphere", "--dims", "100000000"])
        #expect(dims.contains("--dims is too large: the archive") && dims.contains("machine") && !dims.contains("1,992"), "\(dims)")
        #expect(try stderr(["run", "sphere", "--workers", "1000000"]).contains("at most"))
        #expect(try stderr(["run", "sphere", "--output", "sub"]).contains("is a folder"))
        #expect(try stderr(["run", "sphere", "--output", "nowhere/x.sqlite"]).contains("does not exist"))
        #expect(try stderr(["info", "empty.sqlite"]).contains("empty"))
        #expect(try stderr(["resume", "cvt.sqlite", "--grid", "10x10"]).contains("--grid does not apply to cvt-map-elites"))
        let batch = try stderr(["resume", "config-batch.sqlite"])
        #expect(batch.contains("config-batch.sqlite") && batch.contains("batch_size") && !batch.contains("--batch-size"), "\(batch)")
        #expect(try stderr(["report", "zero-bins.sqlite", "--out", "x.html"]).contains("grid shape"))
        #expect(try stderr(["report", "inside-out.sqlite", "--out", "x.html"]).contains("descriptor box"))
        #expect(try stderr(["resume", "wrong-dims.sqlite"]).contains("columns"))
        #expect(try stderr(["export", "short-blob.sqlite", "--format", "csv"]).contains("has 100 bytes, not 1500 values of 8 bytes"))
        #expect(try stderr(["export", "nan-blob.sqlite", "--format", "csv"]).contains("genome value 0 is not finite"))
        #expect(try stderr(["info", "unknown-kind.sqlite"]).contains("holds genomes of kind 'hologram'"))
        #expect(try stderr(["report", "grid.sqlite", "--out", "./grid.sqlite", "--overwrite"]).contains("input file"))
        #expect(try stderr(["run", "sphere", "--cells", "50"]).contains("--cells does not apply to map-elites; it is used by cvt-map-elites"))
        #expect(try stderr(["run", "sphere", "--no-such-flag"]).contains("unknown option '--no-such-flag'"))
        #expect(try stderr(["run", "spere"]).contains("'spere' is not a task; the tasks are sphere, rastrigin, arm"))
        #expect(try stderr(["resume", "grid.sqlite", "--grid", "1x1"]).contains("--grid 1x1 (the file has 32x32)"))
        #expect(try stderr(["resume", "option-foreign.sqlite"]).contains("cells is not an option of map-elites or sphere"))
        #expect(try stderr(["resume", "option-negative.sqlite"]).contains("its sigma must be a finite, non-negative number"))
    }
}

import Foundation
import Testing

/// What `run` saves beside the search (budget, time-out, report, checkpoints), what
/// `resume` makes of it, and the figures both print.
@Suite struct SavedSettingsTests {
    func folder(_ name: String = #function) -> URL { temporaryFolder(name) }

    func json(_ result: TesseraBinary.Result) throws -> [String: Any] { try lastJSONObject(result) }

    func config(_ file: String, in dir: URL) throws -> [String: String] {
        let info = try TesseraBinary.run(["info", file, "--json"], in: dir)
        return try #require(try json(info)["config"] as? [String: String])
    }

    static let small = ["--dims", "6", "--batch-size", "100", "--grid", "20x20", "--quiet", "--workers", "2"]

    @Test func aResumedBudgetIsSavedAndShown() throws {
        let dir = folder()
        _ = try TesseraBinary.run(["run", "arm", "--evaluations", "500", "--output", "a.sqlite", "--no-report"] + Self.small, in: dir)
        let longer = try TesseraBinary.run(["resume", "a.sqlite", "--evaluations", "2000", "--quiet"], in: dir)
        #expect(longer.status == 0, "\(longer.stderr)")
        #expect(try config("a.sqlite", in: dir)["evaluations"] == "2000", "info shows the budget resume set")
        let again = try TesseraBinary.run(["resume", "a.sqlite", "--quiet"], in: dir)
        #expect(again.status == 0, "a plain resume after a longer one: \(again.stderr)")
        #expect(again.stdout.contains("complete"), "\(again.stdout)")
    }

    @Test func resumingACompleteRunChangesNothing() throws {
        let dir = folder()
        _ = try TesseraBinary.run(["run", "arm", "--evaluations", "500", "--output", "a.sqlite", "--no-report"] + Self.small, in: dir)
        let before = FileManager.default.contents(atPath: dir.appendingPathComponent("a.sqlite").path)
        let listing = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        let result = try TesseraBinary.run(["resume", "a.sqlite", "--report", "--timeout", "5"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("the run is complete"), "\(result.stdout)")
        #expect(FileManager.default.contents(atPath: dir.appendingPathComponent("a.sqlite").path) == before, "not rewritten")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == listing, "no report, no other file")
    }

    @Test func reportAndTimeoutSettingsAreSavedAndChangeable() throws {
        let dir = folder()
        let first = try TesseraBinary.run(["run", "arm", "--evaluations", "500", "--output", "a.sqlite", "--no-report",
                                           "--timeout", "30", "--checkpoint-every", "200"] + Self.small, in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        var saved = try config("a.sqlite", in: dir)
        #expect(saved["report"] == "no" && saved["timeout"] == "30.0" && saved["checkpoint_every"] == "200 evaluations", "\(saved)")
        let resumed = try TesseraBinary.run(["resume", "a.sqlite", "--evaluations", "1000", "--json", "--quiet"], in: dir)
        #expect(try json(resumed)["report_path"] == nil, "no report: the run was made with --no-report")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("a.html").path))
        let changed = try TesseraBinary.run(["resume", "a.sqlite", "--evaluations", "1500", "--report", "--timeout", "none",
                                             "--json", "--quiet"], in: dir)
        #expect(try json(changed)["report_path"] as? String == dir.appendingPathComponent("a.html").path)
        saved = try config("a.sqlite", in: dir)
        #expect(saved["report"] == "yes" && saved["timeout"] == "none", "\(saved)")
    }

    @Test func aTimeoutIsEnforcedOnEveryEvaluation() throws {
        let dir = folder()
        let result = try TesseraBinary.run(["run", "arm", "--evaluations", "400", "--output", "t.sqlite", "--no-report",
                                            "--timeout", "1e-9", "--json"] + Self.small, in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try json(result)["failed_evaluations"] as? Int == 400, "every evaluation takes longer than a nanosecond")
    }

    @Test func ratesAndTimesAreThisCommands() throws {
        let dir = folder()
        let run = try TesseraBinary.run(["run", "arm", "--evaluations", "3000", "--output", "a.sqlite", "--no-report", "--json"] + Self.small, in: dir)
        let first = try json(run)
        let setup = try #require(first["setup_seconds"] as? Double), loop = try #require(first["loop_seconds"] as? Double)
        let wall = try #require(first["wall_seconds"] as? Double)
        #expect(wall >= setup + loop, "the whole command includes set-up and loop")
        #expect(first["session_evaluations"] as? Int == 3000)
        let archive = try #require(first["archive"] as? [String: Any])
        #expect(archive["kind"] as? String == "grid" && archive["cells"] as? Int == 400)
        let resumed = try json(try TesseraBinary.run(["resume", "a.sqlite", "--evaluations", "4000", "--json", "--quiet"], in: dir))
        #expect(resumed["evaluations"] as? Int == 4000)
        #expect(resumed["session_evaluations"] as? Int == 1000)
        let rate = try #require(resumed["evals_per_second"] as? Double), resumedLoop = try #require(resumed["loop_seconds"] as? Double)
        #expect(abs(rate * resumedLoop - 1000) < 1e-6 * 1000, "the rate counts this session's evaluations only")
    }

    @Test func aReportNeverReplacesItsArchive() throws {
        let dir = folder()
        let result = try TesseraBinary.run(["run", "arm", "--evaluations", "500", "--output", "z.html", "--json"] + Self.small, in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try json(result)["report_path"] as? String == dir.appendingPathComponent("z.html.html").path)
        let info = try TesseraBinary.run(["info", "z.html"], in: dir)
        #expect(info.status == 0, "the archive is intact: \(info.stderr)")
    }

    @Test func filesOfTheFirstFormatReleaseResumeWithDefaultSettings() throws {
        let dir = folder()
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Archives/samples/arm-map-elites.sqlite")
        try FileManager.default.copyItem(at: sample, to: dir.appendingPathComponent("old.sqlite"))
        let done = try json(try TesseraBinary.run(["info", "old.sqlite", "--json"], in: dir))["evaluations"] as? Int ?? 0
        let resumed = try TesseraBinary.run(["resume", "old.sqlite", "--evaluations", String(done + 1080), "--json", "--quiet"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try json(resumed)["report_path"] != nil, "files without saved settings default to a report")
        #expect(try config("old.sqlite", in: dir)["evaluations"] == String(done + 1080))
        let again = try TesseraBinary.run(["resume", "old.sqlite"], in: dir)
        #expect(again.stdout.contains("complete"), "\(again.stdout) \(again.stderr)")
    }
}

import Foundation
import Testing

/// The maze from the command line: maps by name and from files, the solved keys of the
/// summary and of `info`, the walls in the report, and the population algorithms on it.
@Suite struct MazeCommandsTests {
    /// A small box whose goal is 2 units from the start: every robot ends within 5 of it.
    static let easyMap = "4\n20 20\n0\n22 20\n0 0 40 0\n40 0 40 40\n40 40 0 40\n0 40 0 0\n"

    @Test func aRunReportsSolvedAndTheFirstSolvingEvaluation() throws {
        let folder = temporaryFolder()
        try Data(Self.easyMap.utf8).write(to: folder.appendingPathComponent("easy.txt"))
        let run = try TesseraBinary.run(["run", "maze", "--maze", "easy.txt", "--algorithm", "ga", "--evaluations", "500", "--json",
                                         "--output", "easy.sqlite"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try lastJSONObject(run)
        #expect(summary["solved"] as? Bool == true && summary["first_solved_evaluation"] as? Int == 1)
        // The map's text is kept: the run resumes without the file.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("easy.txt"))
        let info = try TesseraBinary.run(["info", "easy.sqlite", "--json"], in: folder)
        let object = try lastJSONObject(info)
        #expect(object["solved"] as? Bool == true && object["first_solved_evaluation"] as? Int == 1)
        #expect(((object["config"] as? [String: Any])?["maze"] as? String) == "file easy.txt (4 walls)")
        let resumed = try TesseraBinary.run(["resume", "easy.sqlite", "--evaluations", "1000", "--json"], in: folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try lastJSONObject(resumed)["first_solved_evaluation"] as? Int == 1)
    }

    @Test func theHardMapIsTheDefaultAndItsWallsAreInTheReport() throws {
        let folder = temporaryFolder()
        let run = try TesseraBinary.run(["run", "maze", "--algorithm", "novelty", "--evaluations", "500", "--json",
                                         "--output", "hard.sqlite"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try lastJSONObject(run)
        #expect(summary["dims"] as? Int == 67 && summary["batch_size"] as? Int == 250 && summary["iterations"] as? Int == 2)
        #expect(summary["solved"] as? Bool == false && summary["first_solved_evaluation"] is NSNull)
        let html = try String(contentsOf: folder.appendingPathComponent("hard.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<line class=\"wall\"").count - 1 == 13, "the hard map's 13 walls")
        #expect(html.contains(">start<") && html.contains(">goal<"))
        let other = try TesseraBinary.run(["run", "sphere", "--algorithm", "novelty", "--evaluations", "500", "--dims", "10", "--json"])
        #expect(other.status == 0, "\(other.stderr)")
        #expect(try lastJSONObject(other)["solved"] == nil, "tasks that cannot be solved have no solved key")
    }

    @Test func aMalformedMapFileIsOneLineNamingItsLine() throws {
        let folder = temporaryFolder()
        try Data("2\n10 10\n0\n20 20\n0 0 40 0\n40 0 40\n".utf8).write(to: folder.appendingPathComponent("bad.txt"))
        let run = try TesseraBinary.run(["run", "maze", "--maze", "bad.txt"], in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("Error: --maze bad.txt: bad.txt: line 6") && run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["bad.txt"], "nothing written")
    }
}

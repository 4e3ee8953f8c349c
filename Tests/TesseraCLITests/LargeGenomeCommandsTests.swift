import Foundation
import Testing

/// Real genomes beyond the old limit of one column per gene: `run sphere --dims 5000`
/// writes them as BLOBs, and `info`, `export`, `report` and `resume` work on the file.
@Suite struct LargeGenomeCommandsTests {
    static let large = ["sphere", "--dims", "5000", "--grid", "10x10", "--batch-size", "50", "--quiet", "--json"]

    @Test func aRunOf5000GenesIsSavedReadExportedAndResumed() throws {
        let dir = temporaryFolder()
        let run = try TesseraBinary.run(["run"] + Self.large + ["--evaluations", "300", "--output", "part.sqlite"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try lastJSONObject(run)["dims"] as? Int == 5_000)

        let info = try TesseraBinary.run(["info", "part.sqlite"], in: dir)
        #expect(info.status == 0 && info.stdout.contains("5,000-D real genomes (one BLOB each)"), "\(info.stdout)\(info.stderr)")
        let infoJSON = try lastJSONObject(try TesseraBinary.run(["info", "part.sqlite", "--json"], in: dir))
        #expect(infoJSON["genome_kind"] as? String == "vector_blob" && infoJSON["genome_dimension"] as? Int == 5_000)

        let csv = try TesseraBinary.run(["export", "part.sqlite", "--format", "csv"], in: dir)
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "index,objective,descriptor_0,descriptor_1,genome")
        let elites = try #require(infoJSON["num_elites"] as? Int)
        #expect(lines.count == elites + 1 && elites > 0)
        #expect(lines.dropFirst().allSatisfy { $0.contains(",\"[") && $0.hasSuffix("]\"") }, "the genome is one quoted JSON array")

        let jsonl = try TesseraBinary.run(["export", "part.sqlite", "--format", "jsonl"], in: dir)
        #expect(jsonl.status == 0, "\(jsonl.stderr)")
        for line in jsonl.stdout.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect((object["genome"] as? [Any])?.count == 5_000)
        }

        let report = try TesseraBinary.run(["report", "part.sqlite", "--out", "part-again.html"], in: dir)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(String(decoding: FileManager.default.contents(atPath: dir.appendingPathComponent("part-again.html").path) ?? Data(),
                       as: UTF8.self).contains("5000 genes"))

        // Resuming to 600 evaluations gives the elites of an uninterrupted run of 600.
        let resumed = try TesseraBinary.run(["resume", "part.sqlite", "--evaluations", "600", "--json", "--quiet"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try lastJSONObject(resumed)["evaluations"] as? Int == 600)
        let full = try TesseraBinary.run(["run"] + Self.large + ["--evaluations", "600", "--output", "full.sqlite", "--no-report"], in: dir)
        #expect(full.status == 0, "\(full.stderr)")
        let exports = try ["part.sqlite", "full.sqlite"].map { try TesseraBinary.run(["export", $0, "--format", "jsonl"], in: dir).stdout }
        #expect(!exports[0].isEmpty && exports[0] == exports[1], "resume equals an uninterrupted run")
    }

    @Test func twoThousandGenesNowRun() throws {
        let dir = temporaryFolder()
        let run = try TesseraBinary.run(["run", "sphere", "--dims", "2000", "--grid", "5x5", "--batch-size", "20", "--evaluations", "40",
                                         "--output", "d2000.sqlite", "--no-report", "--quiet", "--json"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try lastJSONObject(run)["dims"] as? Int == 2_000)
    }
}

import Foundation
import Testing
import Tessera
import TesseraStore

/// `info` and `report` on a file written by a program's own scheduler, which records no
/// task, algorithm or other configuration.
@Suite struct LibraryFileCommandsTests {
    struct Parabola: PerGenomeDomain {
        typealias Genome = [Double]
        let descriptorSpace = Box(dimension: 2, range: -1...1)
        var genomeLayout: Int { 3 }
        func evaluate(_ x: [Double]) throws -> Evaluation {
            Evaluation(objective: -x.reduce(0) { $0 + $1 * $1 }, descriptor: [x[0], x[1]])
        }
    }

    /// Writes `name` in a fresh folder with `ArchiveFile.create(for:at:)`, as a program would.
    func libraryFile(_ name: String, test: String = #function) async throws -> (folder: URL, file: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cli-tests")
            .appendingPathComponent("\(test.filter { $0.isLetter })-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        let archive = try GridArchive<[Double]>(shape: [5, 5], descriptorSpace: Parabola().descriptorSpace, genomeLayout: 3)
        let emitter = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(try GaussianMutation(sigma: 0.2)),
                                        initialGenome: [0, 0, 0], batchSize: 10)
        var scheduler = try Scheduler(archive: archive, emitters: [emitter], seed: 4)
        let file = try ArchiveFile.create(for: scheduler, at: url)
        await scheduler.run(domain: Parabola(), totalEvaluations: 200, evaluator: .serial)
        try file.writeCheckpoint(scheduler)
        try file.finish()
        return (folder, url)
    }

    @Test func infoSaysThatNoConfigurationWasRecorded() async throws {
        let (folder, _) = try await libraryFile("mine.sqlite")
        let info = try TesseraBinary.run(["info", "mine.sqlite"], in: folder)
        #expect(info.status == 0, "\(info.stderr)")
        let lines = info.stdout.split(separator: "\n").map(String.init)
        let configuration = try #require(lines.first { $0.hasPrefix("  configuration") }, "\(info.stdout)")
        #expect(configuration == "  configuration none recorded (written by a program's own scheduler)")
        #expect(lines.last == configuration, "nothing follows the configuration line: \(info.stdout)")
    }

    @Test func reportIsTitledByTheFileName() async throws {
        let (folder, _) = try await libraryFile("mine.sqlite")
        let report = try TesseraBinary.run(["report", "mine.sqlite", "--out", "mine.html"], in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        let html = String(decoding: FileManager.default.contents(atPath: folder.appendingPathComponent("mine.html").path) ?? Data(),
                          as: UTF8.self)
        #expect(html.contains("<title>Tessera archive: mine.sqlite</title>"))
    }

    @Test func theArchiveCommandsReadAnUnstructuredArchive() async throws {
        let folder = temporaryFolder()
        let archive = try UnstructuredArchive<[Double]>(descriptorSpace: Parabola().descriptorSpace, genomeLayout: 3, capacity: 40)
        let emitter = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(try GaussianMutation(sigma: 0.2)),
                                        initialGenome: [0, 0, 0], batchSize: 10)
        var scheduler = try Scheduler(archive: archive, emitters: [emitter], seed: 4)
        let file = try ArchiveFile.create(for: scheduler, at: folder.appendingPathComponent("novelty.sqlite"))
        await scheduler.run(domain: Parabola(), totalEvaluations: 200, evaluator: .serial)
        try file.writeCheckpoint(scheduler)
        try file.finish()
        let info = try TesseraBinary.run(["info", "novelty.sqlite"], in: folder)
        #expect(info.status == 0 && info.stdout.contains("unstructured, capacity 40"), "\(info.stdout) \(info.stderr)")
        #expect(info.stdout.contains("elites       40,"), "\(info.stdout)")
        let csv = try TesseraBinary.run(["export", "novelty.sqlite", "--format", "csv"], in: folder)
        #expect(csv.status == 0 && csv.stdout.split(separator: "\n").count == 41, "\(csv.stderr)")
        let report = try TesseraBinary.run(["report", "novelty.sqlite", "--out", "r.html"], in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        let html = String(decoding: FileManager.default.contents(atPath: folder.appendingPathComponent("r.html").path) ?? Data(),
                          as: UTF8.self)
        #expect(html.contains("<svg"))
    }
}

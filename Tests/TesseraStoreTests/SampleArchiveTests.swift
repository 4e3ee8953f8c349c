import Foundation
import Testing
import Tessera
import TesseraTasks
@testable import TesseraStore

/// The committed files in `Archives/samples/` are format fixtures: a later format change
/// must keep reading and resuming them.
@Suite struct SampleArchiveTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Archives/samples").standardized

    struct Expected {
        var name: String
        var kind: ArchiveHeader.ArchiveKind
        var cells: Int
        var elites: Int
        var evaluations: Int
        var qdScore: Double
        var objMax: Double
    }

    static let expected = [
        Expected(name: "arm-map-elites.sqlite", kind: .grid, cells: 1024, elites: 817, evaluations: 50220,
                 qdScore: 8032.936909121252, objMax: -0.0013468339438858941),
        Expected(name: "sphere-cvt-map-elites.sqlite", kind: .cvt, cells: 300, elites: 219, evaluations: 30000,
                 qdScore: 18113.233848875, objMax: 99.88020868540161),
    ]

    @Test(arguments: expected.map(\.name))
    func samplesStillReadAsWritten(name: String) throws {
        let expected = Self.expected.first { $0.name == name }!
        let url = Self.samples.appendingPathComponent(name)
        let before = bytes(url)
        let file = try ArchiveFile.open(url, mode: .readOnly)
        #expect(file.header.formatVersion == 1)
        #expect(file.header.archiveKind == expected.kind && file.header.cells == expected.cells)
        let summary = try file.summary()
        #expect(summary.stats.numElites == expected.elites)
        #expect(summary.evaluations == expected.evaluations)
        #expect(summary.stats.qdScore == expected.qdScore)
        #expect(summary.stats.objMax == expected.objMax)
        #expect(try file.history().last?.qdScore == expected.qdScore)
        let csv = try ArchiveExport.export(file, format: .csv)
        #expect(csv.split(separator: "\n").count == expected.elites + 1)
        _ = try file.reportInput()
        #expect(bytes(url) == before, "reading never writes")
    }

    @Test(arguments: expected.map(\.name))
    func samplesStillResume(name: String) async throws {
        let copy = temporaryFolder().appendingPathComponent(name)
        try FileManager.default.copyItem(at: Self.samples.appendingPathComponent(name), to: copy)
        let saved = try SavedRun.resume(copy)
        let done = saved.run.evaluations
        let batch = saved.configuration.batchSize
        #expect(try await saved.run(totalEvaluations: done + 2 * batch, evaluator: ParallelEvaluator(workers: 2), policy: .endOnly,
                                    shouldStop: { false }, progress: { _, _ in }))
        try saved.finish()
        #expect(try ArchiveFile.open(copy, mode: .readOnly).summary().evaluations == done + 2 * batch)
        // The first checkpoint wrote version 2 of the state; the file resumes from it too.
        let upgraded = try ArchiveFile.open(copy, mode: .readOnly)
        #expect(try upgraded.database.scalarInt("SELECT version FROM state WHERE name = 'scheduler'") == 2)
        #expect(try upgraded.emitterConfigurations() == nil, "samples predate the configurations row")
        let again = try SavedRun.resume(copy)
        #expect(try await again.run(totalEvaluations: done + 3 * batch, evaluator: ParallelEvaluator(workers: 2), policy: .endOnly,
                                    shouldStop: { false }, progress: { _, _ in }))
        try again.finish()
        #expect(try ArchiveFile.open(copy, mode: .readOnly).summary().evaluations == done + 3 * batch)
    }
}

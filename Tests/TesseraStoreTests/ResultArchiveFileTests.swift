import Foundation
import Testing
import Tessera
import TesseraTestSupport
@testable import TesseraStore

/// A run with CMA-MAE's soft thresholds and a result archive, saved and resumed: the file
/// keeps both archives, and every figure it reports is the result archive's.
@Suite struct ResultArchiveFileTests {
    func makeScheduler() throws -> Scheduler<GridArchive<[Double]>> {
        let box = Box(dimension: 2, range: 0...1)
        let soft = try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: box, genomeLayout: 4,
                                             acceptance: try Acceptance(learningRate: 0.05, thresholdMin: -10))
        let results = try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: box, genomeLayout: 4)
        let emitter = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(try GaussianMutation(sigma: 0.3)),
                                        initialGenome: [0, 0, 0, 0], batchSize: 50)
        return try Scheduler(archive: soft, resultArchive: results, emitters: [emitter], seed: 9)
    }

    @Test func theReportedFiguresAreTheResultArchivesBeforeAndAfterResume() async throws {
        let url = temporaryFolder().appendingPathComponent("soft.sqlite")
        var full = try makeScheduler()
        await full.run(domain: QuadraticTestDomain(), totalEvaluations: 3_000, evaluator: .serial)

        let first = try CheckpointedRun.create(try makeScheduler(), at: url)
        #expect(try await first.run(domain: QuadraticTestDomain(), totalEvaluations: 1_000, evaluator: .serial, policy: .endOnly))
        try first.finish()
        let partial = try ArchiveFile.open(url, mode: .readOnly)
        #expect(partial.header.hasResultArchive)
        #expect(try partial.summary().stats == first.scheduler.resultArchive?.stats, "the summary is the result archive's")
        #expect(first.scheduler.resultArchive?.stats != first.scheduler.archive.stats, "and differs from the soft archive's")
        let last = try #require(try partial.history().last)
        #expect(last.qdScore == first.scheduler.results.stats.qdScore && last.numElites == first.scheduler.results.count)
        #expect(try partial.eliteCount(of: .main) == first.scheduler.archive.count)
        #expect(try partial.eliteCount() == first.scheduler.results.count)

        let second = try CheckpointedRun.resume(try makeScheduler(), from: url)
        #expect(second.scheduler.resultArchive?.elites == first.scheduler.resultArchive?.elites, "the result archive is restored")
        #expect(second.scheduler.archive.elites == first.scheduler.archive.elites, "and so are the soft archive and its thresholds")
        #expect(try await second.run(domain: QuadraticTestDomain(), totalEvaluations: 3_000, evaluator: .serial, policy: .endOnly))
        try second.finish()
        #expect(second.scheduler.resultArchive?.elites == full.resultArchive?.elites, "resume equals the uninterrupted run")
        #expect(second.scheduler.archive.elites == full.archive.elites)
        let done = try ArchiveFile.open(url, mode: .readOnly)
        #expect(try done.summary().stats == full.results.stats)
        let exported = try ArchiveExport.export(done, format: .csv)
        #expect(exported.split(separator: "\n").count == 1 + full.results.count, "export gives the result archive by default")
        let searched = try ArchiveExport.export(done, format: .csv, archive: .main)
        #expect(searched.split(separator: "\n").count == 1 + full.archive.count)
    }

    @Test func aSchedulerWithoutAResultArchiveCannotResumeAFileWithOne() async throws {
        let url = temporaryFolder().appendingPathComponent("soft.sqlite")
        let first = try CheckpointedRun.create(try makeScheduler(), at: url)
        _ = try await first.run(domain: QuadraticTestDomain(), totalEvaluations: 200, evaluator: .serial, policy: .endOnly)
        let plain = try Scheduler(archive: try makeScheduler().archive, emitters: try makeScheduler().emitters, seed: 9)
        #expect(throws: StoreError.self) { _ = try CheckpointedRun.resume(plain, from: url) }
        let plainURL = url.deletingLastPathComponent().appendingPathComponent("plain.sqlite")
        let plainRun = try CheckpointedRun.create(plain, at: plainURL)
        try plainRun.checkpoint(wallSeconds: 0)
        #expect(!plainRun.file.header.hasResultArchive)
        #expect(throws: StoreError.self) { _ = try ArchiveExport.export(plainRun.file, format: .csv, archive: .result) }
    }
}

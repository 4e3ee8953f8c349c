import Foundation
import Testing
import Tessera
import TesseraTasks
@testable import TesseraStore

@Suite struct SavedRunTests {
    func configuration(_ algorithm: AlgorithmDeclaration, evaluations: Int = 3_000) -> RunConfiguration {
        // The CMA algorithms: 2 emitters of 50 (the batch is per emitter), 100 rows per iteration as the others.
        var options: [RunSetting: OptionValue] = [.grid: .shape([24, 24]), .cells: .integer(200), .cvtSamples: .integer(4_000),
                                                  .emitters: .integer(2)]
        if algorithm.learning != nil && algorithm.option(.descriptor) == nil {
            // Small images and networks for the algorithms that always learn (AURORA, TAXONS).
            options.merge([.imageSize: .integer(8), .layers: .shape([16]), .epochs: .integer(2)]) { $1 }
        }
        return RunConfiguration(task: .arm, algorithm: algorithm, dimension: 6, seed: 5,
                                batchSize: algorithm.option(.emitters) == nil ? 100 : 50, evaluations: evaluations,
                                options: options).removingInapplicableOptions()
    }

    /// `state` with the measured seconds of each training (the only values of a scheduler's
    /// state that depend on the machine's speed) set to 0.
    func untimed(_ state: SchedulerState?) throws -> SchedulerState? {
        guard var state else { return nil }
        for (index, stage) in state.stages.enumerated() where stage.identifier == "tessera.descriptor-learning" {
            guard case .json(let data) = try stage.part("progress"),
                  var progress = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let events = progress["events"] as? [[String: Any]] else { continue }
            progress["events"] = events.map { event -> [String: Any] in
                var event = event
                event["reindexSeconds"] = 0
                if var fit = event["fit"] as? [String: Any] {
                    fit["seconds"] = 0
                    event["fit"] = fit
                }
                return event
            }
            state.stages[index].set("progress", .json(try JSONSerialization.data(withJSONObject: progress, options: [.sortedKeys])))
        }
        return state
    }

    func finish(_ saved: SavedRun, to total: Int, workers: Int, policy: CheckpointPolicy = .endOnly) async throws {
        _ = try await saved.run(totalEvaluations: total, evaluator: ParallelEvaluator(workers: workers), policy: policy,
                                shouldStop: { false }, progress: { _, _ in })
        try saved.finish()
    }

    @Test(arguments: Catalogue.builtIn.algorithms)
    func resumingEqualsAnUninterruptedRun(algorithm: AlgorithmDeclaration) async throws {
        let folder = temporaryFolder()
        let full = try SavedRun.start(configuration(algorithm), at: folder.appendingPathComponent("full.sqlite"), overwrite: false)
        try await finish(full, to: 3_000, workers: 1, policy: .everyEvaluations(700))
        for workers in [1, 2] {
            let url = folder.appendingPathComponent("part-\(workers).sqlite")
            let part = try SavedRun.start(configuration(algorithm), at: url, overwrite: false)
            try await finish(part, to: 1_200, workers: workers)
            let resumed = try SavedRun.resume(url)
            #expect(resumed.run.evaluations == 1_200)
            try await finish(resumed, to: 3_000, workers: 3 - workers)
            let a = try ArchiveFile.open(folder.appendingPathComponent("full.sqlite"), mode: .readOnly)
            let b = try ArchiveFile.open(url, mode: .readOnly)
            #expect(try ArchiveExport.export(a, format: .csv) == ArchiveExport.export(b, format: .csv), "\(algorithm), \(workers) workers")
            #expect(try a.summary().stats == b.summary().stats)
            #expect(try untimed(a.schedulerState()) == untimed(b.schedulerState()), "emitter states and counters agree")
            #expect(try a.history() == b.history(), "history per iteration agrees")
            #expect(try a.vectorElites(inInsertionOrder: true).map(\.cell) == b.vectorElites(inInsertionOrder: true).map(\.cell),
                    "insertion order (which sampling depends on) agrees")
        }
    }

    @Test func aNewFileHoldsTheConfigurationAndAnEmptyArchiveBeforeAnyEvaluation() throws {
        let folder = temporaryFolder()
        let url = folder.appendingPathComponent("new.sqlite")
        _ = try SavedRun.start(configuration(.cvtMapElites), at: url, overwrite: false)
        #expect(listing(folder).filter { $0.contains(".tmp-") }.isEmpty, "no temporary file left")
        let file = try ArchiveFile.open(url, mode: .readOnly)
        #expect(try file.eliteCount() == 0)
        #expect(try file.schedulerState() == nil)
        #expect(try file.configurationFields().first { $0.key == "algorithm" }?.value == "cvt-map-elites")
        #expect(try file.centroids()?.count == 200 * 2)
        #expect(try file.cvtConstruction()?.samples == 4_000)
        #expect(file.header.archiveKind == .cvt && file.header.genomeDimension == 6)
        #expect(throws: StoreError.self) { try SavedRun.start(configuration(.mapElites), at: url, overwrite: false) }
    }

    @Test func overwritingReplacesTheFileAndDropsItsOldLog() async throws {
        let folder = temporaryFolder()
        let url = folder.appendingPathComponent("run.sqlite")
        let first = try SavedRun.start(configuration(.mapElites), at: url, overwrite: false)
        try await finish(first, to: 1_000, workers: 1)
        try Data("stale".utf8).write(to: URL(fileURLWithPath: url.path + "-wal"))
        _ = try SavedRun.start(configuration(.lineMapElites), at: url, overwrite: true)
        let file = try ArchiveFile.open(url, mode: .readOnly)
        #expect(try file.eliteCount() == 0)
        #expect(try file.configurationFields().first { $0.key == "algorithm" }?.value == "line-map-elites")
    }

    @Test func aFullDiskKeepsThePreviousCheckpoint() async throws {
        let folder = temporaryFolder()
        let url = folder.appendingPathComponent("full-disk.sqlite")
        let saved = try SavedRun.start(configuration(.mapElites, evaluations: 20_000), at: url, overwrite: false)
        try await finish(saved, to: 500, workers: 1)
        let before = try ArchiveExport.export(try ArchiveFile.open(url, mode: .readOnly), format: .csv)
        let resumed = try SavedRun.resume(url)
        let pages = try resumed.file.database.scalarInt("PRAGMA page_count")!
        try resumed.file.limitPages(Int(pages))
        await #expect(throws: StoreError.self) {
            _ = try await resumed.run(totalEvaluations: 20_000, evaluator: ParallelEvaluator(workers: 1), policy: .endOnly,
                                      shouldStop: { false }, progress: { _, _ in })
        }
        do {
            try resumed.checkpoint(wallSeconds: 0)
            Issue.record("a checkpoint beyond the page limit must fail")
        } catch let error as StoreError {
            guard case .full = error else { Issue.record("expected a full-disk error, got \(error)"); return }
            #expect(error.description.contains("previous checkpoint is intact"))
        }
        let reopened = try ArchiveFile.open(url, mode: .readOnly)
        #expect(try reopened.database.scalarText("PRAGMA integrity_check") == "ok")
        #expect(try ArchiveExport.export(reopened, format: .csv) == before, "the previous checkpoint survived")
        #expect(try reopened.summary().evaluations == 500)
        #expect(try SavedRun.resume(url).run.evaluations == 500, "and it still resumes")
    }
}

import Foundation
import Testing
import Tessera
import TesseraTestSupport
@testable import TesseraStore

/// Archives that grow and re-index, in files: an unstructured archive with a capacity,
/// filled past it, re-indexed under a new descriptor map, saved and resumed, with no stale
/// rows; a grid archive re-indexed under a wider box.
@Suite struct GrowingArchiveFileTests {
    static let box = Box(dimension: 2, range: 0...1)
    static let wider = Box(dimension: 2, range: -1...3)

    func emitter() throws -> any Emitter<[Double]> {
        try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(try GaussianMutation(sigma: 0.3)),
                          initialGenome: [0, 0, 0, 0], batchSize: 20)
    }

    func unstructured() throws -> Scheduler<UnstructuredArchive<[Double]>> {
        let archive = try UnstructuredArchive<[Double]>(descriptorSpace: Self.box, genomeLayout: 4, capacity: 150,
                                                        eviction: .lowestScoreFirst, admission: .scoreAbove(-3))
        return try Scheduler(archive: archive, emitters: [try emitter()], seed: 4)
    }

    /// The new descriptor map: each old descriptor doubled and shifted.
    func remapped<A: Archive>(_ archive: A) -> [Double] {
        archive.elitesInInsertionOrder.flatMap { $0.descriptor.map { 2 * $0 - 0.5 } }
    }

    /// Runs to 400 evaluations, re-indexes, raises the admission threshold, runs to 800.
    func fullRun(checkpointingTo url: URL?, stopAt: Int? = nil) async throws -> (Scheduler<UnstructuredArchive<[Double]>>, ArchiveFile?) {
        var scheduler = try unstructured()
        let file = try url.map { try ArchiveFile.create(for: scheduler, at: $0) }
        await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 400, evaluator: .serial)
        try file?.writeCheckpoint(scheduler)
        var (reindexed, _) = try scheduler.archive.reindexed(descriptorSpace: Self.wider, descriptors: remapped(scheduler.archive))
        try reindexed.setAdmission(.scoreAbove(-2))
        try scheduler.replaceArchive(reindexed)
        try file?.writeCheckpoint(scheduler)
        await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: stopAt ?? 800, evaluator: .serial)
        try file?.writeCheckpoint(scheduler)
        return (scheduler, file)
    }

    @Test func anUnstructuredArchiveReindexedSavesAndResumesWithNoStaleRows() async throws {
        let url = temporaryFolder().appendingPathComponent("novelty.sqlite")
        let (straight, _) = try await fullRun(checkpointingTo: nil)
        #expect(straight.archive.count == 150, "filled to its capacity")

        let (stopped, file) = try await fullRun(checkpointingTo: url, stopAt: 600)
        let saved = try #require(file)
        #expect(saved.header.archiveKind == .unstructured && saved.header.capacity == 150)
        #expect(saved.header.descriptorSpace == Self.wider, "the header follows the re-indexing")
        let rows = try saved.vectorElites(inInsertionOrder: true)
        #expect(rows.map(\.cell) == stopped.archive.store.occupiedCells.map { Int($0) }, "exactly the archive's slots, in order")
        #expect(rows.map(\.descriptor) == stopped.archive.elitesInInsertionOrder.map(\.descriptor), "re-indexed descriptors")
        #expect(try saved.summary().stats == stopped.archive.stats)

        var resumed = try unstructured()
        try ArchiveFile.open(url, mode: .readOnly).restore(into: &resumed)
        #expect(resumed.archive.descriptorSpace == Self.wider)
        #expect(resumed.archive.admission == .scoreAbove(-2), "the adapted admission rule is restored")
        #expect(resumed.archive.elitesInInsertionOrder == stopped.archive.elitesInInsertionOrder)
        await resumed.run(domain: QuadraticTestDomain(), totalEvaluations: 800, evaluator: .serial)
        #expect(resumed.archive.elitesInInsertionOrder == straight.archive.elitesInInsertionOrder, "resume equals the straight run")
        #expect(resumed.archive.store.occupiedCells == straight.archive.store.occupiedCells)
    }

    @Test func aGridArchiveReindexedUnderAWiderBoxSavesAndResumes() async throws {
        let url = temporaryFolder().appendingPathComponent("grid.sqlite")
        let archive = try GridArchive<[Double]>(shape: [8, 8], descriptorSpace: Self.box, genomeLayout: 4)
        var scheduler = try Scheduler(archive: archive, emitters: [try emitter()], seed: 4)
        let file = try ArchiveFile.create(for: scheduler, at: url)
        await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 400, evaluator: .serial)
        try file.writeCheckpoint(scheduler)
        let (wider, dropped) = try scheduler.archive.reindexed(descriptorSpace: Self.wider, descriptors: remapped(scheduler.archive))
        #expect(dropped.count > 0, "cells merge under the wider box")
        try scheduler.replaceArchive(wider)
        try file.writeCheckpoint(scheduler)
        #expect(try file.eliteCount() == wider.count, "no stale rows")
        var resumed = try Scheduler(archive: archive, emitters: [try emitter()], seed: 4)
        try ArchiveFile.open(url, mode: .readOnly).restore(into: &resumed)
        #expect(resumed.archive.descriptorSpace == Self.wider)
        #expect(resumed.archive.elitesInInsertionOrder == scheduler.archive.elitesInInsertionOrder)
    }

    @Test func aSchedulerOfAnotherCapacityCannotResumeIt() async throws {
        let url = temporaryFolder().appendingPathComponent("novelty.sqlite")
        _ = try await fullRun(checkpointingTo: url, stopAt: 500)
        let other = try UnstructuredArchive<[Double]>(descriptorSpace: Self.box, genomeLayout: 4, capacity: 99,
                                                      eviction: .lowestScoreFirst, admission: .scoreAbove(-3))
        var scheduler = try Scheduler(archive: other, emitters: [try emitter()], seed: 4)
        #expect(throws: StoreError.self) { try ArchiveFile.open(url, mode: .readOnly).restore(into: &scheduler) }
    }
}

import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

/// Re-indexing cell archives under a new descriptor space (AURORA, TAXONS).
@Suite struct ReindexingTests {
    func filledGrid(seed: UInt64) throws -> GridArchive<[Double]> {
        var archive = try GridArchive<[Double]>(shape: [8, 8], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 3)
        var rng = TestSeeds.generator(seed)
        for iteration in 0..<6 {
            let (genomes, batch) = ArchiveConformance.randomBatch(rows: 40, using: &rng)
            archive.add(genomes, batch, firstEvaluation: 40 * iteration)
        }
        return archive
    }

    @Test(arguments: TestSeeds.few)
    func aScaledBoxKeepsEveryEliteInItsCell(seed: UInt64) throws {
        let archive = try filledGrid(seed: seed)
        let before = archive.elitesInInsertionOrder
        let wide = Box(dimension: 2, range: 0...2)
        let (scaled, dropped) = try archive.reindexed(descriptorSpace: wide, descriptors: before.flatMap { $0.descriptor.map { 2 * $0 } })
        #expect(dropped.isEmpty && scaled.descriptorSpace == wide && scaled.shape == archive.shape, "seed \(seed)")
        #expect(scaled.store.occupiedCells == archive.store.occupiedCells, "seed \(seed)")
        let after = scaled.elitesInInsertionOrder
        #expect(after.map(\.genome) == before.map(\.genome) && after.map(\.evaluation) == before.map(\.evaluation), "seed \(seed)")
        #expect(after.map(\.descriptor) == before.map { $0.descriptor.map { 2 * $0 } }, "seed \(seed)")
        #expect(scaled.stats == archive.stats, "seed \(seed)")
    }

    @Test(arguments: TestSeeds.few)
    func aShrinkingMapKeepsTheBestEliteOfEachNewCell(seed: UInt64) throws {
        let archive = try filledGrid(seed: seed)
        let before = archive.elitesInInsertionOrder
        let halved = before.map { $0.descriptor.map { $0 / 2 } }
        let (shrunk, dropped) = try archive.reindexed(descriptorSpace: archive.descriptorSpace, descriptors: halved.flatMap { $0 })
        // Expected, elite by elite in insertion order: the first best per new cell survives.
        var winner: [Int: Int] = [:]
        var firstSeen: [Int] = []
        for (i, descriptor) in halved.enumerated() {
            let cell = try shrunk.cellIndex(of: descriptor)
            #expect(cell / 8 < 4 && cell % 8 < 4, "the halved map only reaches the lower quarter, seed \(seed)")
            guard let best = winner[cell] else { winner[cell] = i; firstSeen.append(cell); continue }
            if before[i].objective > before[best].objective { winner[cell] = i }
        }
        #expect(shrunk.store.occupiedCells.map(Int.init) == firstSeen, "new cells in the order first reached, seed \(seed)")
        for (cell, i) in winner {
            let elite = try #require(shrunk.elite(at: cell))
            #expect(elite.genome == before[i].genome && elite.evaluation == before[i].evaluation
                    && elite.descriptor == halved[i], "cell \(cell), seed \(seed)")
            #expect(shrunk.store.threshold(of: cell) == before[i].objective, "elitist threshold, seed \(seed)")
        }
        let survivors = Set(winner.values)
        #expect(dropped == before.indices.filter { !survivors.contains($0) }.map { before[$0] }, "seed \(seed)")
        #expect(shrunk.count + dropped.count == archive.count && !dropped.isEmpty, "seed \(seed)")
        let qd = firstSeen.reduce(0.0) { $0 + before[winner[$1]!].objective }
        #expect(shrunk.stats.qdScore == qd && shrunk.stats.numElites == winner.count, "seed \(seed)")
        #expect(throws: ArchiveError.self) { try archive.reindexed(descriptorSpace: archive.descriptorSpace, descriptors: [0.5]) }
        #expect(throws: ArchiveError.self) { try archive.reindexed(descriptorSpace: Box(dimension: 3, range: 0...1), descriptors: []) }
    }

    @Test func softThresholdsAreRebuiltByTheRule() throws {
        let acceptance = try Acceptance(learningRate: 0.5, thresholdMin: 0)
        var archive = try GridArchive<[Double]>(shape: [4, 4], descriptorSpace: Box(dimension: 2, range: 0...1),
                                                genomeLayout: 1, acceptance: acceptance)
        archive.add([[1], [2]], [Evaluation(objective: 4, descriptor: [0.1, 0.1]), Evaluation(objective: 8, descriptor: [0.9, 0.9])])
        archive.add([[3]], [Evaluation(objective: 6, descriptor: [0.1, 0.1])])
        #expect(archive.store.threshold(of: 0) == 4, "0.5 · (0.5 · 0 + 0.5 · 4) + 0.5 · 6")
        let before = archive.elitesInInsertionOrder
        let (same, dropped) = try archive.reindexed(descriptorSpace: archive.descriptorSpace,
                                                    descriptors: before.flatMap(\.descriptor))
        #expect(dropped.isEmpty && same.elitesInInsertionOrder == before)
        #expect(same.store.threshold(of: 0) == 3 && same.store.threshold(of: 15) == 4,
                "one accepted row per cell from thresholdMin: 0.5 · 0 + 0.5 · f")
    }

    @Test func aCVTArchiveReindexesUnderNewCentroids() throws {
        let box = Box(dimension: 2, range: 0...1)
        var archive = try CVTArchive<[Double]>(centroids: [0.2, 0.2, 0.8, 0.8], descriptorSpace: box, genomeLayout: 1)
        archive.add([[1], [2], [3]], [Evaluation(objective: 1, descriptor: [0.8, 0.8]),
                                      Evaluation(objective: 5, descriptor: [0.1, 0.1]),
                                      Evaluation(objective: 1, descriptor: [0.9, 0.7])])
        #expect(archive.count == 2)
        let before = archive.elitesInInsertionOrder
        #expect(before.map(\.genome) == [[1], [2]], "genome 3 tied with 1 in its cell and came later")
        let (one, dropped) = try archive.reindexed(descriptorSpace: box, centroids: [0.5, 0.5, 5, 5],
                                                   descriptors: [0.4, 0.4, 0.6, 0.6])
        #expect(one.centroids == [0.5, 0.5, 5, 5] && one.count == 1 && one.elite(at: 0)?.genome == [2])
        #expect(dropped == [before[0]])
        let (two, none) = try archive.reindexed(descriptorSpace: box, centroids: [0.5, 0.5, 5, 5], descriptors: [4, 4, 0.6, 0.6])
        #expect(none.isEmpty && two.store.occupiedCells == [1, 0] && two.elite(at: 1)?.evaluation == before[0].evaluation)
    }
}

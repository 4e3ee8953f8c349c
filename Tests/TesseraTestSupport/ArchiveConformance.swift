import Tessera
import Testing

/// Checks every archive type against the rules all archives share: batch insertion,
/// statistics, lookup, sampling, clearing and coding. Call it from a `@Test` with a
/// factory for an empty 2-D archive of 3-D real genomes over the unit box.
public enum ArchiveConformance {
    /// Runs every check; failures name the seed.
    public static func check<A: Archive>(_ make: () throws -> A) throws where A.Genome == [Double] {
        for seed in TestSeeds.few {
            var archive = try make()
            try elitistNeverWorsens(&archive, seed: seed)
            try statsMatchElites(archive, seed: seed)
            try lookupAgreesWithInsertion(archive, seed: seed)
            try samplingReturnsElites(archive, seed: seed)
            try codingRoundTrips(archive, seed: seed)
            archive.clear()
            #expect(archive.count == 0 && archive.stats.numElites == 0 && archive.stats.objMax == nil, "clear, seed \(seed)")
        }
        try batchRules(try make())
    }

    /// Random batches: no cell's objective ever goes down, statuses agree with the
    /// archive before each batch, failed rows never enter.
    static func elitistNeverWorsens<A: Archive>(_ archive: inout A, seed: UInt64) throws where A.Genome == [Double] {
        var rng = TestSeeds.generator(seed)
        for _ in 0..<20 {
            let rows = 64
            var genomes = VectorColumn(layout: 3, count: rows)
            var batch = EvaluationBatch(count: rows, descriptorDimension: 2)
            for r in 0..<rows {
                genomes[r] = [rng.nextUnitDouble(), rng.nextUnitDouble(), rng.nextUnitDouble()]
                batch.objectives[r] = rng.nextUnitDouble() * 10 - 5
                batch.descriptors[2 * r] = rng.nextUnitDouble()
                batch.descriptors[2 * r + 1] = rng.nextUnitDouble()
                if rng.nextIndex(below: 10) == 0 { batch.failures[r] = .threw("test") }
            }
            let before = archive
            let report = archive.add(genomes, batch)
            for cell in 0..<archive.cellCount {
                if let old = before.elite(at: cell) {
                    let new = try #require(archive.elite(at: cell), "cell \(cell) emptied, seed \(seed)")
                    #expect(new.objective >= old.objective, "cell \(cell) got worse, seed \(seed)")
                }
            }
            for r in 0..<rows {
                if batch.failures[r] != nil {
                    #expect(report.statuses[r] == .failed, "failed row \(r) was offered, seed \(seed)")
                    continue
                }
                let cell = report.cells[r]
                let prior = before.elite(at: cell)
                let expected: AddStatus = prior == nil ? .new : (batch.objectives[r] > prior!.objective ? .improved : .notAdded)
                #expect(report.statuses[r] == expected, "row \(r) status, seed \(seed)")
                let stored = try #require(archive.elite(at: cell))
                #expect(stored.objective >= batch.objectives[r], "row \(r) beats its cell's elite, seed \(seed)")
            }
        }
    }

    static func statsMatchElites<A: Archive>(_ archive: A, seed: UInt64) throws {
        let elites = archive.elites
        let stats = archive.stats
        #expect(stats.numElites == elites.count && archive.count == elites.count, "seed \(seed)")
        let qd = elites.reduce(0) { $0 + $1.objective - archive.qdScoreOffset }
        #expect(abs(stats.qdScore - qd) <= 1e-9 * max(1, abs(qd)), "qd score, seed \(seed)")
        #expect(stats.coverage == Double(elites.count) / Double(archive.cellCount), "coverage, seed \(seed)")
        #expect(stats.objMax == elites.map(\.objective).max(), "obj max, seed \(seed)")
    }

    static func lookupAgreesWithInsertion<A: Archive>(_ archive: A, seed: UInt64) throws {
        for elite in archive.elites {
            #expect(try archive.cellIndex(of: elite.descriptor) == elite.cell, "seed \(seed)")
            #expect(try archive.elite(for: elite.descriptor)?.cell == elite.cell, "seed \(seed)")
        }
        #expect(throws: ArchiveError.self) { try archive.cellIndex(of: [0.5]) }
    }

    static func samplingReturnsElites<A: Archive>(_ archive: A, seed: UInt64) throws {
        var rng = TestSeeds.generator(seed ^ 7)
        for elite in archive.sampleElites(50, using: &rng) {
            #expect(archive.elite(at: elite.cell) != nil, "sampled an empty cell, seed \(seed)")
        }
    }

    static func codingRoundTrips<A: Archive>(_ archive: A, seed: UInt64) throws where A.Genome == [Double] {
        let data = try JSONEncoder().encode(archive)
        let decoded = try JSONDecoder().decode(A.self, from: data)
        #expect(decoded.elites == archive.elites, "seed \(seed)")
        #expect(decoded.stats == archive.stats, "seed \(seed)")
        #expect(decoded.store.occupiedCells == archive.store.occupiedCells, "seed \(seed)")
    }

    /// Within one batch: only the best row per cell is stored, ties go to the earlier
    /// row, and every row that opens a cell is reported new.
    static func batchRules<A: Archive>(_ empty: A) throws where A.Genome == [Double] {
        var archive = empty
        let point = [0.25, 0.75]
        let genomes = VectorColumn(rows: [[1, 0, 0], [2, 0, 0], [3, 0, 0], [4, 0, 0]])
        var batch = EvaluationBatch(count: 4, descriptorDimension: 2)
        for r in 0..<4 { batch.set(r, Evaluation(objective: [1.0, 3.0, 3.0, 2.0][r], descriptor: point)) }
        let report = archive.add(genomes, batch, firstEvaluation: 100)
        #expect(report.statuses == [.new, .new, .new, .new])
        #expect(report.values == [1, 3, 3, 2])
        let elite = try #require(try archive.elite(for: point))
        #expect(elite.genome == [2, 0, 0], "the first of two tied best rows wins")
        #expect(elite.evaluation == 101)
        #expect(archive.count == 1)

        var second = EvaluationBatch(count: 2, descriptorDimension: 2)
        second.set(0, Evaluation(objective: 2.5, descriptor: point))
        second.set(1, Evaluation(objective: 4.0, descriptor: point))
        let next = archive.add(VectorColumn(rows: [[5, 0, 0], [6, 0, 0]]), second)
        #expect(next.statuses == [.notAdded, .improved])
        #expect(next.values == [-0.5, 1.0])
        #expect(try archive.elite(for: point)?.genome == [6, 0, 0])
    }
}

import Foundation

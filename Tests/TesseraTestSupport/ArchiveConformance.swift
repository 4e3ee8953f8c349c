import Tessera
import Testing

/// Checks every archive type against the rules all archives share: statistics, sampling,
/// removal, clearing and coding; and cell archives against the batch insertion and lookup
/// rules too. Call it from a `@Test` with a factory for an empty 2-D archive of 3-D real
/// genomes over the unit box.
public enum ArchiveConformance {
    /// Runs every check for a cell archive; failures name the seed.
    public static func check<A: CellArchive>(_ make: () throws -> A) throws where A.Genome == [Double] {
        for seed in TestSeeds.few {
            var archive = try make()
            try elitistNeverWorsens(&archive, seed: seed)
            try statsMatchElites(archive, seed: seed)
            #expect(archive.stats.coverage == Double(archive.count) / Double(archive.cellCount), "coverage, seed \(seed)")
            try lookupAgreesWithInsertion(archive, seed: seed)
            try commonChecks(&archive, seed: seed)
            try batchEqualsSequential(try make(), seed: seed)
        }
        try batchRules(try make())
    }

    /// Runs the checks every archive must pass, whatever its insertion rule, after
    /// filling it through its own ``Archive/add(_:_:firstEvaluation:)``.
    public static func checkAnyArchive<A: Archive>(_ make: () throws -> A) throws where A.Genome == [Double] {
        for seed in TestSeeds.few {
            var archive = try make()
            var rng = TestSeeds.generator(seed)
            for iteration in 0..<20 {
                let (genomes, batch) = randomBatch(rows: 64, using: &rng)
                let before = archive.count
                let report = archive.add(genomes, batch, firstEvaluation: 64 * iteration)
                for r in 0..<64 where batch.failures[r] != nil {
                    #expect(report.statuses[r] == .failed, "failed row \(r) was offered, seed \(seed)")
                }
                #expect(archive.count <= before + report.newCount, "more elites than new rows, seed \(seed)")
                for r in 0..<64 where report.statuses[r].isAdded && archive.elite(at: report.cells[r]) != nil {
                    let stored = archive.elite(at: report.cells[r])!
                    if stored.evaluation == 64 * iteration + r {
                        #expect(stored.genome == genomes[r] && stored.descriptor == batch.descriptor(r), "row \(r), seed \(seed)")
                    }
                }
            }
            try statsMatchElites(archive, seed: seed)
            try commonChecks(&archive, seed: seed)
        }
    }

    static func commonChecks<A: Archive>(_ archive: inout A, seed: UInt64) throws where A.Genome == [Double] {
        try samplingReturnsElites(archive, seed: seed)
        try codingRoundTrips(archive, seed: seed)
        try removalKeepsOrder(archive, seed: seed)
        archive.clear()
        #expect(archive.count == 0 && archive.stats.numElites == 0 && archive.stats.objMax == nil, "clear, seed \(seed)")
    }

    /// A batch of 3-D genomes in the unit cube, objectives in [−5, 5), 2-D descriptors in
    /// the unit square, about one row in ten failed.
    public static func randomBatch(rows: Int, using rng: inout Xoshiro256) -> (VectorColumn, EvaluationBatch) {
        var genomes = VectorColumn(layout: 3, count: rows)
        var batch = EvaluationBatch(count: rows, descriptorDimension: 2)
        for r in 0..<rows {
            genomes[r] = [rng.nextUnitDouble(), rng.nextUnitDouble(), rng.nextUnitDouble()]
            batch.objectives[r] = rng.nextUnitDouble() * 10 - 5
            batch.descriptors[2 * r] = rng.nextUnitDouble()
            batch.descriptors[2 * r + 1] = rng.nextUnitDouble()
            if rng.nextIndex(below: 10) == 0 { batch.failures[r] = .threw("test") }
        }
        return (genomes, batch)
    }

    /// Removing every third elite (in insertion order) keeps the others in their order,
    /// returns the removed ones in theirs, keeps the figures consistent, and sampling
    /// stays uniform over the survivors (a chi-square test at a far tail, seeded).
    static func removalKeepsOrder<A: Archive>(_ original: A, seed: UInt64) throws where A.Genome == [Double] {
        var archive = original
        let order = archive.store.occupiedCells.map(Int.init)
        guard order.count >= 3 else { return }
        let doomed = order.indices.filter { $0 % 3 == 1 }.map { order[$0] }
        let before = archive.elitesInInsertionOrder
        let removed = archive.store.remove(cells: doomed.reversed())
        #expect(removed == doomed.map { original.elite(at: $0)! }, "removed elites in insertion order, seed \(seed)")
        let survivors = order.filter { !doomed.contains($0) }
        #expect(archive.store.occupiedCells.map(Int.init) == survivors, "survivors keep their order, seed \(seed)")
        #expect(archive.elitesInInsertionOrder == before.filter { !doomed.contains($0.cell) }, "seed \(seed)")
        for cell in doomed { #expect(archive.elite(at: cell) == nil, "removed cell \(cell) still full, seed \(seed)") }
        try statsMatchElites(archive, seed: seed)
        var rng = TestSeeds.generator(seed ^ 0x5EED)
        var hits = [Int: Int]()
        let draws = 200 * survivors.count
        for _ in 0..<draws { hits[archive.randomEliteCell(using: &rng), default: 0] += 1 }
        #expect(Set(hits.keys) == Set(survivors), "sampling reaches exactly the survivors, seed \(seed)")
        let expected = Double(draws) / Double(survivors.count)
        let chiSquare = survivors.reduce(0.0) { sum, cell in
            let d = Double(hits[cell, default: 0]) - expected
            return sum + d * d / expected
        }
        // Degrees of freedom survivors − 1; mean + 6 standard deviations is far in the tail.
        let dof = Double(survivors.count - 1)
        #expect(chiSquare < dof + 6 * (2 * dof).squareRoot() + 10, "sampling not uniform (χ² \(chiSquare)), seed \(seed)")
        let data = try JSONEncoder().encode(archive)
        let decoded = try JSONDecoder().decode(A.self, from: data)
        #expect(decoded.elitesInInsertionOrder == archive.elitesInInsertionOrder, "coding after removal, seed \(seed)")
    }

    /// Random batches: no cell's objective ever goes down, statuses agree with the
    /// archive before each batch, failed rows never enter.
    static func elitistNeverWorsens<A: CellArchive>(_ archive: inout A, seed: UInt64) throws where A.Genome == [Double] {
        var rng = TestSeeds.generator(seed)
        for _ in 0..<20 {
            let rows = 64
            let (genomes, batch) = randomBatch(rows: rows, using: &rng)
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
        #expect(stats.objMax == elites.map(\.objective).max(), "obj max, seed \(seed)")
    }

    static func lookupAgreesWithInsertion<A: CellArchive>(_ archive: A, seed: UInt64) throws {
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
        #expect(decoded.elitesInInsertionOrder == archive.elitesInInsertionOrder, "seed \(seed)")
    }

    /// Under elitism, a batch leaves the same elites, in the same insertion order, as its
    /// rows added one at a time (statuses differ: a batch is judged against the archive
    /// before it).
    static func batchEqualsSequential<A: CellArchive>(_ empty: A, seed: UInt64) throws where A.Genome == [Double] {
        guard empty.store.acceptance.isElitist else { return }
        var batched = empty
        var sequential = empty
        var rng = TestSeeds.generator(seed ^ 0xBA7C)
        for iteration in 0..<5 {
            let (genomes, batch) = randomBatch(rows: 64, using: &rng)
            batched.add(genomes, batch, firstEvaluation: 64 * iteration)
            for r in 0..<64 {
                var one = EvaluationBatch(count: 1, descriptorDimension: 2)
                one.copyRow(0, from: batch, row: r)
                sequential.add(VectorColumn(rows: [genomes[r]]), one, firstEvaluation: 64 * iteration + r)
            }
            #expect(batched.elitesInInsertionOrder == sequential.elitesInInsertionOrder, "iteration \(iteration), seed \(seed)")
        }
    }

    /// Within one batch: only the best row per cell is stored, ties go to the earlier
    /// row, and every row that opens a cell is reported new.
    static func batchRules<A: CellArchive>(_ empty: A) throws where A.Genome == [Double] {
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

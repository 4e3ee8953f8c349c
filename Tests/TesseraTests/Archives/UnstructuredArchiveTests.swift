import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

@Suite struct UnstructuredArchiveTests {
    let box = Box(dimension: 2, range: 0...1)

    func archive(capacity: Int? = nil, eviction: Eviction = .oldestFirst,
                 admission: Admission = .everyRow) throws -> UnstructuredArchive<[Double]> {
        try UnstructuredArchive(descriptorSpace: box, genomeLayout: 3, capacity: capacity, eviction: eviction, admission: admission)
    }

    /// Rows whose genome's first gene is its name, with the given objectives and
    /// descriptors `[name / 100, 0.5]`.
    func rows(_ names: [Double], objectives: [Double]? = nil) -> (BatchColumn<VectorColumn>, EvaluationBatch) {
        var batch = EvaluationBatch(count: names.count, descriptorDimension: 2)
        for (r, name) in names.enumerated() {
            batch.set(r, Evaluation(objective: objectives?[r] ?? name, descriptor: [name / 100, 0.5]))
        }
        return (BatchColumn(VectorColumn(rows: names.map { [$0, 0, 0] })), batch)
    }

    func names(_ archive: UnstructuredArchive<[Double]>) -> [Double] { archive.elitesInInsertionOrder.map { $0.genome[0] } }

    @Test func conformsToTheSharedArchiveRules() throws {
        try ArchiveConformance.checkAnyArchive { try archive() }
        try ArchiveConformance.checkAnyArchive { try archive(capacity: 50, eviction: .oldestFirst) }
        try ArchiveConformance.checkAnyArchive { try archive(capacity: 40, eviction: .lowestScoreFirst, admission: .scoreAbove(-2)) }
    }

    @Test func anUnlimitedArchiveGrowsAndKeepsEveryRow() throws {
        var archive = try archive()
        let names = (0..<150).map(Double.init)
        let (genomes, batch) = rows(names)
        let report = archive.add(genomes, batch, firstEvaluation: 1000)
        #expect(report.statuses.allSatisfy { $0 == .new } && report.cells == Array(0..<150))
        #expect(archive.count == 150 && archive.cellCount >= 150 && self.names(archive) == names)
        #expect(archive.elite(at: 149)?.evaluation == 1149)
        #expect(archive.stats.coverage == 1 && archive.stats.normQDScore == archive.stats.objMean)
    }

    @Test func fillingPastCapacityEvictsTheOldestFirst() throws {
        var archive = try archive(capacity: 5)
        var (genomes, batch) = rows([1, 2, 3])
        archive.add(genomes, batch)
        (genomes, batch) = rows([4, 5, 6, 7])
        let report = archive.add(genomes, batch)
        #expect(report.statuses == [.new, .new, .new, .new])
        #expect(names(archive) == [3, 4, 5, 6, 7], "the two oldest went")
        #expect(report.cells == [0, 1, 3, 4], "new elites take the lowest free slots")
        #expect(archive.store.occupiedCells == [2, 0, 1, 3, 4])
        #expect(archive.stats.coverage == 1 && archive.stats.numElites == 5)

        (genomes, batch) = rows([8, 9, 10, 11, 12, 13, 14])
        let flood = archive.add(genomes, batch)
        #expect(flood.statuses == [.notAdded, .notAdded, .new, .new, .new, .new, .new], "a batch larger than the capacity keeps its newest rows")
        #expect(flood.cells[0] == -1 && flood.cells[1] == -1)
        #expect(names(archive) == [10, 11, 12, 13, 14] && archive.cellCount == 5)
    }

    @Test func fillingPastCapacityEvictsTheLowestScoresFirst() throws {
        var archive = try archive(capacity: 4, eviction: .lowestScoreFirst)
        var (genomes, batch) = rows([1, 2, 3, 4])
        archive.add(genomes, batch, scores: [3, 1, 4, 1])
        (genomes, batch) = rows([5, 6])
        let report = archive.add(genomes, batch, scores: [2, 0.5])
        #expect(report.statuses == [.new, .notAdded], "the lowest score of all is the newcomer's own")
        #expect(names(archive) == [1, 3, 4, 5], "of the two elites scoring 1, the older went")
        #expect(archive.store.occupiedCells.map { archive.score(at: Int($0))! } == [3, 4, 1, 2])
        #expect(archive.score(at: 1) == 2 && report.cells == [1, -1], "the freed slot is reused")
        (genomes, batch) = rows([7])
        archive.add(genomes, batch, scores: [1])
        #expect(names(archive) == [1, 3, 5, 7], "a tie with an elite: the elite is older and goes")
    }

    @Test func admissionJudgesEachRowOnItsScore() throws {
        var archive = try archive(admission: .scoreAbove(0.5))
        var (genomes, batch) = rows([1, 2, 3, 4])
        batch.failures[3] = .threw("test")
        let report = archive.add(genomes, batch, scores: [0.2, 0.5, 0.9, 2])
        #expect(report.statuses == [.notAdded, .notAdded, .new, .failed])
        #expect(report.values == [-0.3, 0, 0.4, 0] && report.cells == [-1, -1, 0, -1])
        #expect(names(archive) == [3] && archive.score(at: 0) == 0.9)

        let byObjective = archive.add(genomes, batch)
        #expect(byObjective.statuses == [.new, .new, .new, .failed], "without scores the objective is the score")

        try archive.setAdmission(.scoreAbove(100))
        (genomes, batch) = rows([8, 9])
        let decided = archive.add(genomes, batch, accepting: [false, true])
        #expect(decided.statuses == [.notAdded, .new] && decided.values == [8, 9], "decisions replace the rule")
        #expect(names(archive).last == 9 && archive.score(at: decided.cells[1]) == 9)
        #expect(throws: ArchiveError.self) { try archive.setAdmission(.scoreAbove(.nan)) }
        #expect(throws: ArchiveError.self) { try self.archive(capacity: 0) }
        #expect(throws: ArchiveError.self) { try self.archive(admission: .scoreAbove(.infinity)) }
    }

    @Test func reindexingReinsertsEveryEliteUnderTheNewMap() throws {
        var archive = try archive(capacity: 10, eviction: .lowestScoreFirst)
        var (genomes, batch) = rows((1...12).map(Double.init))
        archive.add(genomes, batch, firstEvaluation: 40)
        (genomes, batch) = rows([20])
        archive.add(genomes, batch, firstEvaluation: 60)
        let before = archive.elitesInInsertionOrder
        #expect(before.map { $0.genome[0] } == (4...12).map(Double.init) + [20], "scores 1, 2, then 3 were evicted")
        #expect(archive.store.occupiedCells == [1, 2, 3, 4, 5, 6, 7, 8, 9, 0])
        // A new map: descriptor (1 − d₀, 3 d₁) into [0, 1] × [0, 3].
        let newBox = Box(lower: [0, 0], upper: [1, 3])
        let mapped = before.flatMap { [1 - $0.descriptor[0], 3 * $0.descriptor[1]] }
        let (all, none) = try archive.reindexed(descriptorSpace: newBox, descriptors: mapped)
        #expect(none.isEmpty && all.count == archive.count && all.descriptorSpace == newBox)
        #expect(all.elitesInInsertionOrder.map(\.genome) == before.map(\.genome))
        #expect(all.elitesInInsertionOrder.map(\.evaluation) == before.map(\.evaluation), "entry evaluations are kept")
        #expect(all.elitesInInsertionOrder.flatMap(\.descriptor) == mapped)
        #expect(all.store.occupiedCells == (0..<Int32(archive.count)).map { $0 }, "slots are compacted")
        #expect(all.store.occupiedCells.map { all.score(at: Int($0))! } == archive.store.occupiedCells.map { archive.score(at: Int($0))! })
        #expect(all.stats == archive.stats, "the same elites, the same figures")

        // New scores under a threshold drop the low ones; a non-finite descriptor drops its elite.
        try archive.setAdmission(.scoreAbove(0.3))
        var broken = mapped
        broken[0] = .nan
        let scores = before.map { $0.genome[0] / 20 }
        let (some, dropped) = try archive.reindexed(descriptorSpace: newBox, descriptors: broken, scores: scores)
        let expectedKept = before.indices.filter { $0 != 0 && scores[$0] > 0.3 }
        #expect(some.elitesInInsertionOrder.map(\.genome) == expectedKept.map { before[$0].genome })
        #expect(dropped == before.indices.filter { !expectedKept.contains($0) }.map { before[$0] }, "dropped as they were")
        #expect(some.count + dropped.count == archive.count)
        #expect(some.stats.qdScore == some.elitesInInsertionOrder.reduce(0) { $0 + $1.objective })
        #expect(some.stats.coverage == Double(some.count) / 10)
        #expect(throws: ArchiveError.self) { try archive.reindexed(descriptorSpace: newBox, descriptors: [0.5]) }
    }

    @Test func codingRoundTripsAndRefusesWhatCannotWork() throws {
        var archive = try archive(capacity: 8, eviction: .lowestScoreFirst, admission: .scoreAbove(-1))
        let (genomes, batch) = rows((1...11).map(Double.init))
        archive.add(genomes, batch, scores: (1...11).map { Double($0 % 4) })
        archive.store.remove(cells: [Int(archive.store.occupiedCells[2])])
        let decoded = try DecodingChecks.expectRoundTrip(archive)
        #expect(decoded.elitesInInsertionOrder == archive.elitesInInsertionOrder)
        #expect(decoded.store.occupiedCells == archive.store.occupiedCells && decoded.stats == archive.stats)
        #expect(decoded.capacity == 8 && decoded.eviction == .lowestScoreFirst && decoded.admission == .scoreAbove(-1))
        #expect((0..<decoded.cellCount).map(decoded.score(at:)) == (0..<archive.cellCount).map(archive.score(at:)))

        let good = try DecodingChecks.encode(archive)
        func edited(_ edit: (inout [String: Any]) -> Void) throws -> String {
            let parsed = try JSONSerialization.jsonObject(with: Data(good.utf8))
            guard var object = parsed as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
            edit(&object)
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        typealias U = UnstructuredArchive<[Double]>
        DecodingChecks.expectRefused(U.self, try edited { $0["capacity"] = 0 }, mentioning: "the capacity must be in 1...")
        DecodingChecks.expectRefused(U.self, try edited { $0["capacity"] = 4 }, mentioning: "the elite store has 8 slots, the capacity is 4")
        #expect(good.contains(#""admission":{"rule":"scoreAbove","threshold":-1}"#))
        DecodingChecks.expectRefused(U.self, try edited { $0["admission"] = ["rule": "scoreAbove", "threshold": "nan"] },
                                     mentioning: "the admission threshold must be finite")
        DecodingChecks.expectRefused(U.self, try edited { $0["admission"] = ["rule": "scoreAbove"] },
                                     mentioning: "unknown admission rule scoreAbove")
        DecodingChecks.expectRefused(U.self, try edited { $0["admission"] = ["rule": "nearest", "threshold": 1] },
                                     mentioning: "unknown admission rule nearest with threshold 1.0")
        #expect(try DecodingChecks.decode(Admission.self, from: #"{"rule":"everyRow"}"#) == .everyRow)
        DecodingChecks.expectRefused(U.self, try edited { $0["descriptorSpace"] = ["lower": [0, 0, 0], "upper": [1, 1, 1]] },
                                     mentioning: "the elite store has 2-D descriptors, the descriptor space 3-D")
        DecodingChecks.expectRefused(U.self, try edited {
            var store = $0["store"] as! [String: Any]
            store["acceptance"] = ["learningRate": 0.5, "thresholdMin": 0]
            $0["store"] = store
        }, mentioning: "an unstructured archive's store is elitist")
    }

    @Test func aRestoredArchiveSamplesAndPlacesAsTheOriginal() throws {
        for seed in TestSeeds.few {
            var rng = TestSeeds.generator(seed)
            var original = try archive(capacity: 100, eviction: .lowestScoreFirst)
            for iteration in 0..<6 {
                let (genomes, batch) = ArchiveConformance.randomBatch(rows: 30, using: &rng)
                original.add(BatchColumn(genomes), batch, firstEvaluation: 30 * iteration)
            }
            original.store.remove(cells: original.store.occupiedCells.prefix(7).map(Int.init).reversed())
            var restored = try archive(capacity: 100, eviction: .lowestScoreFirst)
            for cell in original.store.occupiedCells.map(Int.init) {
                let elite = original.elite(at: cell)!
                try restored.restoreElite(cell: cell, objective: elite.objective, threshold: original.score(at: cell)!,
                                          evaluation: elite.evaluation, descriptor: elite.descriptor, genome: elite.genome,
                                          metadata: elite.metadata)
            }
            #expect(restored.store.occupiedCells == original.store.occupiedCells, "seed \(seed)")
            var a = TestSeeds.generator(seed ^ 1), b = TestSeeds.generator(seed ^ 1)
            #expect(original.sampleElites(20, using: &a) == restored.sampleElites(20, using: &b), "seed \(seed)")
            let (genomes, batch) = ArchiveConformance.randomBatch(rows: 30, using: &rng)
            let originalReport = original.add(BatchColumn(genomes), batch, firstEvaluation: 500)
            let restoredReport = restored.add(BatchColumn(genomes), batch, firstEvaluation: 500)
            #expect(originalReport == restoredReport, "seed \(seed)")
            #expect(restored.elitesInInsertionOrder == original.elitesInInsertionOrder, "seed \(seed)")
            #expect(throws: ArchiveError.self) {
                try restored.restoreElite(cell: 100, objective: 0, threshold: 0, evaluation: 0, descriptor: [0, 0],
                                          genome: [0, 0, 0], metadata: nil)
            }
        }
    }

    @Test func aSchedulerFillsItThroughItsOwnRule() async throws {
        let archive = try archive(capacity: 60, eviction: .lowestScoreFirst)
        let emitter = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(GaussianMutation(sigma: 0.3)),
                                        initialGenome: [0, 0, 0], batchSize: 25)
        var scheduler = try Scheduler(archive: archive, emitters: [emitter], seed: 4)
        var offered: [Double] = []
        for _ in 0..<40 {
            let ticket = await scheduler.ask()
            let evaluations = await ParallelEvaluator.serial.evaluate(ticket.children.joined(), on: QuadraticTestDomain(dimension: 3))
            offered += evaluations.objectives
            let report = scheduler.tell(ticket, evaluations)
            #expect(report.statuses.allSatisfy { $0 == .new || $0 == .notAdded })
        }
        // Scored by objective with lowest-first eviction, the archive holds the 60 best rows ever offered.
        let kept = scheduler.archive.elitesInInsertionOrder.map(\.objective).sorted()
        #expect(kept == Array(offered.sorted().suffix(60)))
        #expect(scheduler.archive.cellCount == 60 && scheduler.evaluations == 1_000)
    }
}

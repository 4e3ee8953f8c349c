import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

/// MAP-Elites parents chosen by novelty among the elites.
@Suite struct NoveltySelectionTests {
    func scheduler(seed: UInt64 = 4) throws -> Scheduler<GridArchive<[Double]>> {
        let grid = try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4)
        let emitter = try MutationEmitter(selection: NoveltySelection(size: 3, neighbours: 5), mutation: GaussianMutation(sigma: 0.3),
                                          initialGenomes: [[0, 0, 0, 0]], batchSize: 30)
        return try Scheduler(archive: grid, emitters: [emitter], seed: seed)
    }

    func selection(_ scheduler: Scheduler<GridArchive<[Double]>>) -> NoveltySelection {
        (scheduler.emitters[0] as! MutationEmitter<NoveltySelection, GaussianMutation>).selection
    }

    @Test func scoresAreEachElitesNoveltyAmongTheElites() async throws {
        var run = try scheduler()
        await run.run(domain: QuadraticTestDomain(), totalEvaluations: 300, evaluator: .serial)
        let scores = selection(run).scores
        let elites = run.archive.elites
        #expect(scores.count == run.archive.cellCount && elites.count > 10)
        for elite in elites {
            let distances = elites.filter { $0.cell != elite.cell }.map { other in
                zip(elite.descriptor, other.descriptor).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
            }.sorted().prefix(5)
            let expected = distances.reduce(0, +) / Double(distances.count)
            #expect(abs(scores[elite.cell] - expected) <= 1e-12 * expected, "cell \(elite.cell)")
        }
        let occupied = Set(elites.map(\.cell))
        #expect((0..<scores.count).allSatisfy { occupied.contains($0) || scores[$0] == 0 })
    }

    @Test func theTournamentPrefersNovelElites() throws {
        var grid = try GridArchive<[Double]>(shape: [10, 1], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 1)
        // Four elites huddled on the left, one alone on the right.
        let xs = [0.01, 0.11, 0.21, 0.31, 0.95]
        grid.add(xs.map { [$0] }, xs.map { Evaluation(objective: 0, descriptor: [$0, 0.5]) })
        var selection = try NoveltySelection(size: 4, neighbours: 2)
        selection.tell(parents: [-1][...], report: AddReport(count: 1), rows: 0..<1, archive: grid)
        let lonely = try grid.cellIndex(of: [0.95, 0.5])
        var rng = TestSeeds.generator(1)
        let picks = (0..<1_000).map { _ in selection.select(from: EliteView(grid), using: &rng) }
        let share = Double(picks.filter { $0 == lonely }.count) / 1_000
        #expect(share > 0.5, "1 − (4/5)⁴ ≈ 0.59 of tournaments include it: \(share)")
        // Without feedback every score is 0: uniform.
        let fresh = try NoveltySelection(size: 4)
        #expect(fresh.score(of: lonely) == 0)
    }

    @Test func aResumedRunSelectsAsAnUninterruptedOne() async throws {
        var full = try scheduler()
        await full.run(domain: QuadraticTestDomain(), totalEvaluations: 600, evaluator: try ParallelEvaluator(workers: 2))
        var first = try scheduler()
        await first.run(domain: QuadraticTestDomain(), totalEvaluations: 240, evaluator: try ParallelEvaluator(workers: 1))
        let state = try JSONDecoder().decode(SchedulerState.self, from: try JSONEncoder().encode(try first.state()))
        var resumed = try scheduler()
        try resumed.restore(state, archive: first.archive)
        await resumed.run(domain: QuadraticTestDomain(), totalEvaluations: 600, evaluator: try ParallelEvaluator(workers: 2))
        #expect(resumed.archive.elites == full.archive.elites)
        #expect(selection(resumed) == selection(full))
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(NoveltySelection.self, from: Data(#"{"size":0,"neighbours":1,"distance":"euclidean","scores":[],"scoredElites":0}"#.utf8))
        }
    }
}

import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

/// The novelty archive's admission rules, threshold schedule, capacity and saved state.
@Suite struct NoveltyArchiveTests {
    /// One batch of `count` one-dimensional candidates, `admitted` of which have novelty
    /// 7 and the rest 0.
    func batch(_ count: Int, novel admitted: Int) -> (behaviours: [Double], objectives: [Double], novelty: [Double]) {
        let behaviours = (0..<count).map(Double.init)
        let novelty = (0..<count).map { $0 < admitted ? 7.0 : 0.0 }
        return (behaviours, [Double](repeating: 1, count: count), novelty)
    }

    @Test func relearningReplacesBehavioursByMemberAndScalesTheThreshold() throws {
        var archive = NoveltyArchive(settings: try .init(rule: .threshold(try AdaptiveThreshold(initial: 2))), dimension: 1)
        archive.add([1, 2, 3], objectives: [10, 20, 30], novelty: [5, 5, 5], evaluations: [7, nil, 9].map { $0 ?? -1 })
        #expect(archive.members == [7, -1, 9] && archive.count == 3)
        var asked: [Int] = []
        archive.relearn({ evaluations in asked = evaluations; return evaluations.map { Double($0) * 10 } }, scale: 0.5)
        // The behaviour of an unknown evaluation cannot be re-encoded and leaves.
        #expect(asked == [7, 9])
        #expect(archive.behaviours == [70, 90] && archive.objectives == [10, 30] && archive.members == [7, 9])
        #expect(archive.threshold == 1 && archive.removals == 1)
        // A missing code leaves the archive as it was.
        archive.relearn({ _ in nil }, scale: 3)
        #expect(archive.behaviours == [70, 90] && archive.threshold == 1)
    }

    @Test func theAdaptiveThresholdFollowsTheMazeSchedule() throws {
        var archive = NoveltyArchive(settings: try .init(rule: .threshold(.maze())), dimension: 1)
        #expect(archive.threshold == 6.0)
        func add(_ count: Int, novel: Int) -> [Bool] {
            let b = batch(count, novel: novel)
            return archive.add(b.behaviours, objectives: b.objectives, novelty: b.novelty)
        }
        // More than 4 admissions in a window of 250: ×1.2.
        #expect(add(250, novel: 5).filter { $0 }.count == 5)
        #expect(archive.threshold == 6.0 * 1.2)
        // Novelty 7 no longer exceeds 7.2: ten idle batches (2,500 candidates), then ×0.95.
        for idle in 1...10 {
            #expect(add(250, novel: 250).allSatisfy { !$0 })
            #expect(archive.threshold == (idle < 10 ? 6.0 * 1.2 : 6.0 * 1.2 * 0.95), "after idle batch \(idle)")
        }
        #expect(archive.stalledEvaluations == 0)
        // Exactly 4 admissions (7 > 6.84) do not raise it, and reset the stall count.
        #expect(add(250, novel: 4).filter { $0 }.count == 4)
        #expect(archive.threshold == 6.0 * 1.2 * 0.95)
        for _ in 1...9 { add(250, novel: 0) }
        #expect(archive.threshold == 6.0 * 1.2 * 0.95, "2,250 idle candidates are not a stall")
        add(250, novel: 0)
        #expect(archive.threshold == 6.0 * 1.2 * 0.95 * 0.95)
        #expect(archive.stats == NoveltyArchiveStats(count: 9, threshold: 6.0 * 1.2 * 0.95 * 0.95, additions: 9, removals: 0,
                                                      evaluations: 250 * 22))
    }

    @Test func windowsCloseAtBatchBoundariesAndTheFloorHolds() throws {
        let rule = try AdaptiveThreshold(initial: 6, floor: 0.25, lowerFactor: 0.5, stallEvaluations: 200, raiseFactor: 2,
                                         raiseAbove: 4, window: 250)
        var archive = NoveltyArchive(settings: try .init(rule: .threshold(rule)), dimension: 1)
        for (novel, expected) in [(3, 6.0), (2, 6.0), (0, 12.0)] {
            let b = batch(100, novel: novel)
            archive.add(b.behaviours, objectives: b.objectives, novelty: b.novelty)
            #expect(archive.threshold == expected, "the window closes at 300 candidates with 5 admissions")
        }
        // The last batch was idle already: a stall every 200 idle candidates halves the
        // threshold, 12 → 6 → 3 → 1.5 → 0.75 → 0.375 → 0.25 (the floor, not 0.1875).
        var thresholds: [Double] = []
        for _ in 0..<14 {
            let b = batch(100, novel: 0)
            archive.add(b.behaviours, objectives: b.objectives, novelty: b.novelty)
            thresholds.append(archive.threshold)
        }
        #expect(thresholds == [6, 6, 3, 3, 1.5, 1.5, 0.75, 0.75, 0.375, 0.375, 0.25, 0.25, 0.25, 0.25])
    }

    @Test func theEuclideanMazeThresholdIsRescaledByHalfPi() {
        #expect(abs(AdaptiveThreshold.euclideanPerHalfManhattan(dimension: 2) - Double.pi / 2) < 1e-12)
        #expect(abs(AdaptiveThreshold.euclideanPerHalfManhattan(dimension: 1) - 2) < 1e-12, "|x| against |x| / 2")
        let maze = AdaptiveThreshold.maze(distance: .euclidean)
        #expect(abs(maze.initial - 3 * Double.pi) < 1e-12 && abs(maze.floor - 0.125 * Double.pi) < 1e-12)
        #expect(AdaptiveThreshold.maze().initial == 6 && AdaptiveThreshold.maze().floor == 0.25)
        #expect(throws: ParameterError.self) { try AdaptiveThreshold(initial: -1) }
        #expect(throws: ParameterError.self) { try NoveltyArchive.Settings(rule: .probability(1.5)) }
        #expect(throws: ParameterError.self) { try NoveltyArchive.Settings(capacity: 0) }
    }

    @Test func probabilisticAdmissionIsReproducible() throws {
        let settings = try NoveltyArchive.Settings(rule: .probability(0.3))
        func run(seed: UInt64) -> [Double] {
            var archive = NoveltyArchive(settings: settings, dimension: 1)
            for iteration in 0..<4 {
                let context = GenerationContext(streams: RandomStreams(seed: seed), iteration: iteration, emitter: 0)
                let rows = Array(0..<100)
                archive.add(rows.map(Double.init), objectives: [Double](repeating: 0, count: 100),
                            novelty: [Double](repeating: 0, count: 100), uniforms: NoveltyArchive.uniforms(rows: rows, context: context))
            }
            #expect(archive.stats.threshold == nil)
            return archive.behaviours
        }
        let first = run(seed: 8)
        #expect(first == run(seed: 8), "same seed, same admissions")
        #expect(first != run(seed: 9))
        #expect((80...160).contains(first.count), "about 30 % of 400: \(first.count)")
        let context = GenerationContext(streams: RandomStreams(seed: 8), iteration: 0, emitter: 0)
        #expect(NoveltyArchive.uniforms(rows: [5, 7], context: context) == [
            NoveltyArchive.uniforms(rows: [5], context: context)[0], NoveltyArchive.uniforms(rows: [7], context: context)[0]],
            "a row's draw does not depend on the other rows")
    }

    @Test func capacityRemovesTheOldestOrTheLeastNovel() throws {
        var fifo = NoveltyArchive(settings: try .init(rule: .probability(1), capacity: 3), dimension: 1)
        fifo.add([0, 1], objectives: [0, 1], novelty: [5, 1], uniforms: [0, 0])
        fifo.add([2, 3, 4], objectives: [2, 3, 4], novelty: [3, 1, 4], uniforms: [0, 0, 0])
        #expect(fifo.behaviours == [2, 3, 4] && fifo.objectives == [2, 3, 4])
        #expect(fifo.stats.removals == 2 && fifo.stats.additions == 5 && fifo.novelties.isEmpty)

        var least = NoveltyArchive(settings: try .init(rule: .probability(1), capacity: 3, removal: .leastNovel), dimension: 1)
        least.add([0, 1], objectives: [0, 1], novelty: [5, 1], uniforms: [0, 0])
        least.add([2, 3, 4], objectives: [2, 3, 4], novelty: [3, 1, 4], uniforms: [0, 0, 0])
        #expect(least.behaviours == [0, 2, 4], "novelties 1 and 1 leave, in order")
        #expect(least.novelties == [5, 3, 4])
        least.add([5], objectives: [5], novelty: [3], uniforms: [0])
        #expect(least.behaviours == [0, 4, 5], "of equal novelty 3, the older leaves")
    }

    @Test func theSavedStateRestoresExactly() throws {
        for settings in [try NoveltyArchive.Settings(), try .init(rule: .probability(0.5), capacity: 5, removal: .leastNovel)] {
            var archive = NoveltyArchive(settings: settings, dimension: 2)
            for round in 0..<4 {
                let values = (0..<6).map { Double($0 * 3 + round) }
                archive.add((0..<12).map { Double($0 + round) }, objectives: values, novelty: values.map { $0 + 5 },
                            uniforms: values.map { ($0 / 20).truncatingRemainder(dividingBy: 1) })
            }
            var state = ComponentState(identifier: "test", version: 1)
            try archive.save(into: &state, prefix: "archive.")
            let kind = state.parts["archive.behaviours"]?.kind
            #expect(kind == (settings.capacity == nil ? .rows : .doubles), "rows only while the archive only grows")
            #expect(try NoveltyArchive(restoring: state, prefix: "archive.", settings: settings) == archive)
            var broken = state
            broken.set("archive.objectives", .doubles([1]))
            #expect(throws: RestoreError.self) { try NoveltyArchive(restoring: broken, prefix: "archive.", settings: settings) }
        }
    }
}

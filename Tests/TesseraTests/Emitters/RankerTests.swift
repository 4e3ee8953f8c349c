import Testing
@testable import Tessera

/// Each ranker's order on a hand-made batch, pyribs' tie order, failures last, and the
/// flat-fitness test.
@Suite struct RankerTests {
    // Rows: status, improvement value, objective, descriptor (2-D).
    let statuses: [AddStatus] = [.notAdded, .new, .improved, .failed, .new, .notAdded, .improved]
    let values: [Double] = [-3, 7, 2, 0, 4, -1, 5]
    let objectives: [Double] = [10, 7, 30, .nan, 4, 50, 20]
    let descriptors: [Double] = [1, 0, 0, 1, 2, 2, 9, 9, -1, 0, 0, -3, 3, 1]

    func rank(_ ranker: Ranker, direction: [Double]? = nil) -> Ranker.Ranking {
        ranker.rank(count: statuses.count, statuses: { statuses[$0] }, values: { values[$0] }, objectives: { objectives[$0] },
                    descriptors: { descriptors[2 * $0 ..< 2 * $0 + 2] }, direction: direction)
    }

    @Test func improvementSortsByValueAlone() {
        let ranking = rank(.improvement)
        #expect(ranking.order == [1, 6, 4, 2, 5, 0, 3])
        #expect(ranking.valid == 6)
    }

    @Test func twoStageImprovementPutsNewCellsFirstThenImprovements() {
        // new: rows 1 (7), 4 (4); improved: 6 (5), 2 (2); not added: 5 (−1), 0 (−3); failed: 3.
        #expect(rank(.twoStageImprovement).order == [1, 4, 6, 2, 5, 0, 3])
    }

    @Test func objectiveRankersSortByObjective() {
        #expect(rank(.objective).order == [5, 2, 6, 0, 1, 4, 3])
        #expect(rank(.twoStageObjective).order == [1, 4, 2, 6, 5, 0, 3])
    }

    @Test func randomDirectionRankersProjectTheDescriptors() {
        // Projections onto (1, −1): 1, −1, 0, ·, −1, 3, 2.
        let direction = [1.0, -1.0]
        #expect(rank(.randomDirection, direction: direction).order == [5, 6, 0, 2, 4, 1, 3])
        // Two-stage: new 4 (−1) and 1 (−1) tie: the later row first, as pyribs' reversed stable sort.
        #expect(rank(.twoStageRandomDirection, direction: direction).order == [4, 1, 6, 2, 5, 0, 3])
    }

    @Test func flatnessComparesTheBestAndTheWorstValidKeys() {
        let flat = Ranker.improvement.rank(count: 3, statuses: { _ in .notAdded }, values: { _ in -2 }, objectives: { _ in 1 },
                                           descriptors: { _ in [] }, direction: nil)
        #expect(flat.isFlat)
        #expect(!rank(.improvement).isFlat)
        let single = Ranker.improvement.rank(count: 2, statuses: { $0 == 0 ? .new : .failed }, values: { _ in 1 },
                                             objectives: { _ in 1 }, descriptors: { _ in [] }, direction: nil)
        #expect(!single.isFlat, "one valid row is never flat")
    }

    @Test func namesAreThoseOfPyribs() {
        #expect(Ranker.allCases.map(\.rawValue) == ["obj", "2obj", "imp", "2imp", "rd", "2rd"])
        #expect(RestartRule("basic") == .basic && RestartRule("no_improvement") == .noImprovement && RestartRule("7") == .every(7))
        #expect(RestartRule("0") == nil && RestartRule("often") == nil)
        #expect(RestartRule.every(3).fires(iterations: 6, added: 5) && !RestartRule.every(3).fires(iterations: 7, added: 0))
        #expect(RestartRule.noImprovement.fires(iterations: 1, added: 0) && !RestartRule.basic.fires(iterations: 1, added: 0))
    }
}

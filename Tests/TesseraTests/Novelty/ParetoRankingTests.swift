import Testing
@testable import Tessera

/// Non-dominated fronts and crowding distances on hand-made points (all maximised).
@Suite struct ParetoRankingTests {
    @Test func frontsOfHandMadePoints() {
        // Front 0: (4,1) (3,3) (1,4); front 1: (2,2) (3,1) (1,3); front 2: (1,1); (1,1) twice.
        let points: [Double] = [4, 1, 3, 3, 1, 4, 2, 2, 3, 1, 1, 3, 1, 1, 1, 1]
        let ranking = ParetoRanking(points: points, objectiveCount: 2)
        #expect(ranking.fronts == [0, 0, 0, 1, 1, 1, 2, 2])
        // Front 0 on objective 0: (1,4) (3,3) (4,1): range 3; on objective 1: (4,1) (3,3) (1,4): range 3.
        // (3,3) gets (4 − 1)/3 + (4 − 1)/3 = 2; the ends are infinite.
        #expect(ranking.crowding[0] == .infinity && ranking.crowding[2] == .infinity)
        #expect(ranking.crowding[1] == 2)
        // Front 1: (2,2) (3,1) (1,3): (2,2) sits between (1,3) and (3,1) on both: 2/2 + 2/2 = 2.
        #expect(ranking.crowding[3] == 2 && ranking.crowding[4] == .infinity && ranking.crowding[5] == .infinity)
        // Two equal points: the lower index comes first in each sort, so each is an end once.
        #expect(ranking.crowding[6] == .infinity && ranking.crowding[7] == .infinity)
        #expect(ranking.order == [0, 2, 1, 4, 5, 3, 6, 7])
        let scores = ranking.scores
        #expect(scores[0] == 1 && scores[1] == 2.0 / 3 && scores[3] == -1 + 2.0 / 3 && scores[6] == -1)
        let byScore = (0..<8).sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        #expect(byScore == ranking.order, "the scores sort as the crowded comparison")
    }

    @Test func crowdingOfALongFrontAndTies() {
        // One front of five on the line x + y = 4.
        let points: [Double] = [0, 4, 1, 3, 2, 2, 3, 1, 4, 0]
        let ranking = ParetoRanking(points: points, objectiveCount: 2)
        #expect(ranking.fronts == [0, 0, 0, 0, 0])
        #expect(ranking.crowding == [.infinity, 1, 1, 1, .infinity], "(2/4) + (2/4) each")
        // Equal on one objective, better on the other: dominated.
        let weak = ParetoRanking(points: [1, 1, 1, 2], objectiveCount: 2)
        #expect(weak.fronts == [1, 0])
        // A front with zero range on an objective adds nothing for it.
        let flat = ParetoRanking(points: [1, 5, 2, 5, 3, 5], objectiveCount: 2)
        #expect(flat.fronts == [2, 1, 0])
        let line = ParetoRanking(points: [1, 5, 1, 5, 1, 5], objectiveCount: 2)
        #expect(line.fronts == [0, 0, 0])
        #expect(line.crowding == [.infinity, 0, .infinity])
        #expect(line.order == [0, 2, 1])
        #expect(ParetoRanking(points: [], objectiveCount: 2).order.isEmpty)
    }

    @Test func threeObjectives() {
        let points: [Double] = [1, 2, 3, 3, 2, 1, 2, 2, 2, 1, 1, 1]
        let ranking = ParetoRanking(points: points, objectiveCount: 3)
        #expect(ranking.fronts == [0, 0, 0, 1])
    }
}

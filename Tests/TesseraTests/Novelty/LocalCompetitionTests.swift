import Testing
@testable import Tessera

/// NSLC's local competition: neighbours with a strictly lower objective.
@Suite struct LocalCompetitionTests {
    @Test func localCompetitionCountsStrictlyLowerNeighbours() {
        var index = NearestNeighbours(dimension: 1, distance: .euclidean)
        index.append(contentsOf: [0, 1, 2, 10, 11])
        let objectives: [Double] = [5, 3, 5, 9, 0]
        let neighbourhood = Neighbourhood(queries: [1, 10], among: index, k: 3, selfIndices: [1, 3])
        // Member 1 (objective 3): neighbours 0 (5), 2 (5), 3 (9): none lower.
        // Member 3 (objective 9): neighbours 4 (0), 2 (5), 1 (3): all lower.
        #expect(neighbourhood.neighbours == [0, 2, 3, 4, 2, 1])
        #expect(LocalCompetition.scores(neighbourhood, objectives: [3, 9], referenceObjectives: objectives) == [0, 3])
        // Ties do not count; missing neighbours count for nothing.
        let tie = Neighbourhood(queries: [0], among: index, k: 2, selfIndices: [0])
        #expect(LocalCompetition.scores(tie, objectives: [5], referenceObjectives: objectives) == [1], "beats 3, ties 5")
        var small = NearestNeighbours(dimension: 1, distance: .euclidean)
        small.append(contentsOf: [0, 1])
        let short = Neighbourhood(queries: [0], among: small, k: 5, selfIndices: [0])
        #expect(LocalCompetition.scores(short, objectives: [1], referenceObjectives: [1, 0]) == [1])
    }
}

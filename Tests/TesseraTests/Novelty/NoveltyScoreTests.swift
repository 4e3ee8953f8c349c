import Testing
@testable import Tessera

@Suite struct NoveltyScoreTests {
    @Test func noveltyIsTheMeanOfTheNeighboursThatExist() {
        let distances: [Double] = [1, 2, 3, 4, .infinity, .infinity, .infinity, .infinity, .infinity]
        #expect(NoveltyScore.mean(distances: distances, k: 3) == [2, 4, .infinity])
        #expect(NoveltyScore.mean(distances: [], k: 5) == [])
    }

    @Test func noveltyOfASearchLeavesOutTheQueryItself() {
        // Three points on a line: the middle one is nearest to both others.
        var index = NearestNeighbours(dimension: 1)
        index.append(contentsOf: [0, 1, 3])
        let found = index.search(index.points, k: 2, excludingSelf: true)
        #expect(NoveltyScore.mean(distances: found.distances, k: 2) == [2, 1.5, 2.5])
    }
}

import Testing
import TesseraTestSupport
@testable import Tessera

/// Novelty and neighbours against a brute-force reference on random data.
@Suite struct NeighbourhoodTests {
    /// Mean distance to the k nearest of `reference` rows, skipping index `own`.
    func bruteNovelty(_ query: [Double], _ reference: [[Double]], k: Int, own: Int?, distance: BehaviourDistance) -> Double {
        let distances = reference.enumerated().compactMap { index, point -> Double? in
            guard index != own else { return nil }
            return query.withUnsafeBufferPointer { a in point.withUnsafeBufferPointer { b in distance(a, b) } }
        }.sorted()
        let nearest = distances.prefix(k)
        return nearest.isEmpty ? .infinity : nearest.reduce(0, +) / Double(nearest.count)
    }

    func randomRows(_ count: Int, dimension: Int, using rng: inout Xoshiro256) -> [[Double]] {
        (0..<count).map { _ in (0..<dimension).map { _ in rng.nextUnitDouble() * 10 } }
    }

    @Test(arguments: BehaviourDistance.allCases)
    func noveltyMatchesBruteForce(distance: BehaviourDistance) {
        for seed in TestSeeds.few {
            var rng = TestSeeds.generator(seed)
            let d = 1 + Int(seed % 3)
            let archive = randomRows(40, dimension: d, using: &rng)
            let population = randomRows(25, dimension: d, using: &rng)
            for k in [1, 5, 15] {
                // Archive only: the population is not in the reference set.
                var index = NearestNeighbours(dimension: d, distance: distance)
                index.append(contentsOf: archive.flatMap { $0 })
                let alone = Neighbourhood(queries: population.flatMap { $0 }, among: index, k: k)
                for (i, query) in population.enumerated() {
                    let expected = bruteNovelty(query, archive, k: k, own: nil, distance: distance)
                    #expect(abs(alone.novelty[i] - expected) <= 1e-12 * expected, "seed \(seed), k \(k), archive only, row \(i)")
                }
                // Archive and population: each member is skipped among its own.
                index.append(contentsOf: population.flatMap { $0 })
                let together = Neighbourhood(queries: population.flatMap { $0 }, among: index, k: k,
                                             selfIndices: population.indices.map { archive.count + $0 })
                for (i, query) in population.enumerated() {
                    let expected = bruteNovelty(query, archive + population, k: k, own: archive.count + i, distance: distance)
                    #expect(abs(together.novelty[i] - expected) <= 1e-12 * expected, "seed \(seed), k \(k), with population, row \(i)")
                    let own = Int32(archive.count + i)
                    #expect(!together.neighbours[(i * k)..<((i + 1) * k)].contains(own), "seed \(seed): a member is not its own neighbour")
                }
            }
        }
    }

    @Test func fewerPointsThanKAndAnEmptyReference() {
        var index = NearestNeighbours(dimension: 1, distance: .euclidean)
        let empty = Neighbourhood(queries: [1, 2], among: index, k: 3)
        #expect(empty.novelty == [.infinity, .infinity])
        #expect(empty.neighbours == [Int32](repeating: -1, count: 6))
        index.append(contentsOf: [0, 4])
        let two = Neighbourhood(queries: [1], among: index, k: 3)
        #expect(two.novelty == [2], "mean of 1 and 3 over the two there are")
        #expect(two.neighbours == [0, 1, -1])
        let selfOnly = Neighbourhood(queries: [0], among: index, k: 1, selfIndices: [0])
        #expect(selfOnly.novelty == [4] && selfOnly.neighbours == [1])
        let duplicate = Neighbourhood(queries: [4, 4], among: { var i = index; i.append(contentsOf: [4]); return i }(), k: 1,
                                      selfIndices: [2, 1])
        #expect(duplicate.novelty == [0, 0], "an identical other behaviour is a neighbour at distance 0")
        #expect(duplicate.neighbours == [1, 2])
    }
}

import Testing
@testable import Tessera
import TesseraTestSupport

@Suite struct NearestNeighboursTests {
    /// The reference: every point in index order, kept when strictly better than the worst
    /// slot (so ties go to the lower index), skipping `excluded`.
    private func reference(_ points: [Double], _ d: Int, _ queries: [Double], k: Int,
                           distance: BehaviourDistance, excluding: (Int) -> Int = { _ in -1 }) -> ([Double], [Int32]) {
        let n = queries.count / d, m = points.count / d
        var distances = [Double](repeating: .infinity, count: n * k)
        var indices = [Int32](repeating: -1, count: n * k)
        queries.withUnsafeBufferPointer { q in
            points.withUnsafeBufferPointer { p in
                for row in 0..<n {
                    let query = UnsafeBufferPointer(rebasing: q[(row * d)..<((row + 1) * d)])
                    for j in 0..<m where j != excluding(row) {
                        let value = distance(query, UnsafeBufferPointer(rebasing: p[(j * d)..<((j + 1) * d)]))
                        guard value < distances[row * k + k - 1] else { continue }
                        var slot = row * k + k - 1
                        while slot > row * k && distances[slot - 1] > value {
                            distances[slot] = distances[slot - 1]
                            indices[slot] = indices[slot - 1]
                            slot -= 1
                        }
                        distances[slot] = value
                        indices[slot] = Int32(j)
                    }
                }
            }
        }
        return (distances, indices)
    }

    /// Uniform points with exact duplicates and, in half the coordinates, a coarse lattice
    /// (so distances tie), optionally far from the origin.
    private func cloud(_ count: Int, _ d: Int, _ rng: inout Xoshiro256, offset: Double = 0) -> [Double] {
        var values: [Double] = []
        for i in 0..<count {
            if i >= 4 && i % 7 == 0 {
                let j = Int.random(in: 0..<i, using: &rng)
                values += values[(j * d)..<((j + 1) * d)]
                continue
            }
            for t in 0..<d {
                values.append(offset + (t % 2 == 0 ? Double(Int.random(in: 0..<5, using: &rng)) : Double.random(in: 0..<4, using: &rng)))
            }
        }
        return values
    }

    private func strategies(_ index: NearestNeighbours) -> [NeighbourStrategy?] {
        [nil] + NeighbourStrategy.allCases.map { $0 }
    }

    private func check(_ index: NearestNeighbours, _ queries: [Double], k: Int, _ context: String,
                       only: [NeighbourStrategy?]? = nil) {
        let expected = reference(index.points, index.dimension, queries, k: k, distance: index.distance)
        for strategy in only ?? strategies(index) {
            var copy = index
            copy.strategy = strategy
            let got = copy.search(queries, k: k)
            #expect(got.indices == expected.1, "\(context), strategy \(String(describing: strategy))")
            #expect(got.distances == expected.0, "\(context), strategy \(String(describing: strategy))")
        }
    }

    @Test(arguments: [1, 2, 5, 12, 50])
    func everyStrategyEqualsBruteForce(dimension d: Int) {
        for distance in BehaviourDistance.allCases {
            for (seed, count) in zip(TestSeeds.few, [0, 3, 40, 300, 700]) {
                var rng = TestSeeds.generator(seed &+ UInt64(d))
                var index = NearestNeighbours(dimension: d, distance: distance)
                index.append(contentsOf: cloud(count, d, &rng))
                var queries = cloud(30, d, &rng)
                queries += Array(index.points.prefix(10 * d))
                for k in count <= 40 ? [1, 15, count + 4] : [1, 15] {
                    check(index, queries, k: k, "seed \(seed), d \(d), \(distance), count \(count), k \(k)")
                }
            }
        }
    }

    @Test(arguments: [2, 50])
    func pointsFarFromTheOrigin(dimension d: Int) {
        // Large norms and small spreads stress the BLAS screen's rounding bound.
        for seed in TestSeeds.few.prefix(3) {
            var rng = TestSeeds.generator(seed)
            var index = NearestNeighbours(dimension: d)
            index.append(contentsOf: cloud(600, d, &rng, offset: 1e6))
            check(index, cloud(40, d, &rng, offset: 1e6), k: 10, "seed \(seed), d \(d), offset 1e6")
        }
    }

    @Test(arguments: [2, 50])
    func nearlyEquidistantPoints(dimension d: Int) {
        // Points on a sphere around the query whose radii differ by parts in 10¹²: far below
        // the products' rounding, so only the re-check with exact distances can rank them.
        for distance in BehaviourDistance.allCases {
            var rng = TestSeeds.generator(UInt64(d) &+ 3)
            let query = (0..<d).map { _ in Double.random(in: 0..<1, using: &rng) }
            var points: [Double] = []
            for _ in 0..<500 {
                let direction = (0..<d).map { _ in Double.random(in: -1..<1, using: &rng) }
                let length = direction.reduce(0) { $0 + (distance == .euclidean ? $1 * $1 : abs($1)) }
                let norm = distance == .euclidean ? length.squareRoot() : length
                let radius = 3 * (1 + Double(Int.random(in: 0..<1000, using: &rng)) * 1e-12)
                points += zip(query, direction).map { $0 + radius * $1 / norm }
            }
            var index = NearestNeighbours(dimension: d, distance: distance)
            index.append(contentsOf: points)
            check(index, query, k: 10, "sphere, d \(d), \(distance)")
        }
    }

    @Test func coordinatesBeyondTheSingleScreenUseTheDoubleOne() {
        var rng = TestSeeds.generator(11)
        var index = NearestNeighbours(dimension: 20, strategy: .blas)
        index.append(contentsOf: cloud(300, 20, &rng))
        index.append(contentsOf: cloud(300, 20, &rng).map { $0 * 1e16 })
        #expect(!index.singleFits)
        check(index, cloud(20, 20, &rng) + cloud(20, 20, &rng).map { $0 * 1e16 }, k: 5, "scaled by 1e16", only: [.blas])
    }

    @Test(arguments: [2, 5, 50])
    func appendsAndKeepMatchBruteForce(dimension d: Int) {
        for distance in BehaviourDistance.allCases {
            for seed in TestSeeds.few.prefix(2) {
                var rng = TestSeeds.generator(seed &* 31 &+ UInt64(d))
                for strategy in strategies(NearestNeighbours(dimension: d)) {
                    var index = NearestNeighbours(dimension: d, distance: distance, strategy: strategy)
                    let queries = cloud(30, d, &rng)
                    for batch in [1, 250, 5, 300, 17, 300] {
                        index.append(contentsOf: cloud(batch, d, &rng))
                        check(index, queries, k: 7, "seed \(seed), d \(d), \(distance), \(String(describing: strategy)), count \(index.count)",
                              only: [strategy])
                    }
                    index.keep(Array(stride(from: 0, to: index.count, by: 3)))
                    check(index, queries, k: 7, "seed \(seed), d \(d), \(distance), \(String(describing: strategy)), after keep", only: [strategy])
                    index.append(contentsOf: cloud(100, d, &rng))
                    check(index, queries, k: 7, "seed \(seed), d \(d), \(distance), \(String(describing: strategy)), keep then append", only: [strategy])
                }
            }
        }
    }

    @Test(arguments: [2, 5, 50])
    func excludingSelfLeavesOutOnlyTheQueryPoint(dimension d: Int) {
        for distance in BehaviourDistance.allCases {
            var rng = TestSeeds.generator(UInt64(d) &* 977)
            var index = NearestNeighbours(dimension: d, distance: distance)
            index.append(contentsOf: cloud(900, d, &rng))
            let queries = Array(index.points.prefix(80 * d))
            for k in [1, 6] {
                let expected = reference(index.points, d, queries, k: k, distance: distance, excluding: { $0 })
                for strategy in strategies(index) {
                    var copy = index
                    copy.strategy = strategy
                    let got = copy.search(queries, k: k, excludingSelf: true)
                    #expect(got.indices == expected.1, "d \(d), \(distance), k \(k), \(String(describing: strategy))")
                    #expect(got.distances == expected.0, "d \(d), \(distance), k \(k), \(String(describing: strategy))")
                }
            }
            // Fewer points than k + 1: the missing slots stay empty.
            var small = NearestNeighbours(dimension: d, distance: distance)
            small.append(contentsOf: cloud(3, d, &rng))
            let got = small.search(small.points, k: 4, excludingSelf: true)
            #expect(got.indices.filter { $0 == -1 }.count == 3 * 2)
            #expect(!zip(got.indices, (0..<12).map { $0 / 4 }).contains { Int($0) == $1 })
        }
    }

    @Test func severalBlocksOfQueriesAndPoints() {
        // More queries and points than one BLAS block holds.
        for distance in BehaviourDistance.allCases {
            var rng = TestSeeds.generator(5)
            var index = NearestNeighbours(dimension: 12, distance: distance)
            index.append(contentsOf: cloud(NearestNeighbours.productBlockColumns + 300, 12, &rng))
            check(index, cloud(NearestNeighbours.productBlockRows + 20, 12, &rng), k: 3, "\(distance), several blocks",
                  only: [.blas])
        }
    }

    @Test func automaticChoiceFollowsSizeAndDimension() {
        #expect(NeighbourStrategy.automatic(count: 10, dimension: 2, distance: .euclidean) == .bruteForce)
        #expect(NeighbourStrategy.automatic(count: 100_000, dimension: 2, distance: .euclidean) == .kdTree)
        #expect(NeighbourStrategy.automatic(count: 100_000, dimension: 50, distance: .euclidean) == .blas)
        #expect(NeighbourStrategy.automatic(count: 100_000, dimension: 50, distance: .halfManhattan) == .blas)
    }
}

import Foundation
import Testing
@testable import Tessera

@Suite struct NearestCentroidIndexTests {
    /// Uniform values in [-1, 1).
    private func uniform(_ count: Int, _ rng: inout Xoshiro256) -> [Double] {
        (0..<count).map { _ in Double.random(in: -1..<1, using: &rng) }
    }

    /// The reference answer: a linear scan with the same distance formula, lowest index on ties.
    private func naive(_ centroids: [Double], _ d: Int, _ points: [Double], _ i: Int) -> (index: Int, distance: Double) {
        var best = Double.infinity, bestIndex = 0
        for j in 0..<(centroids.count / d) {
            var sum = 0.0
            for t in 0..<d {
                let diff = points[i * d + t] - centroids[j * d + t]
                sum += diff * diff
            }
            if sum < best { best = sum; bestIndex = j }
        }
        return (bestIndex, best)
    }

    private func distance(_ centroids: [Double], _ d: Int, _ points: [Double], _ i: Int, _ j: Int) -> Double {
        var sum = 0.0
        for t in 0..<d {
            let diff = points[i * d + t] - centroids[j * d + t]
            sum += diff * diff
        }
        return sum
    }

    @Test(arguments: [(1, 50), (2, 1), (2, 7), (2, 300), (3, 200), (5, 100), (8, 1000), (12, 80), (20, 200), (64, 50)])
    func everyStrategyMatchesALinearScan(dimension d: Int, count k: Int) {
        for seed in UInt64(1)...3 {
            var rng = Xoshiro256(seed: seed &* 1000 &+ UInt64(d * 7919 + k))
            let centroids = uniform(k * d, &rng)
            // Random points, exact copies of centroids, and repeated points.
            var points = uniform(400 * d, &rng)
            for _ in 0..<50 {
                let j = Int.random(in: 0..<k, using: &rng)
                points += centroids[(j * d)..<((j + 1) * d)]
            }
            points += points[0..<(50 * d)]
            let m = points.count / d
            for strategy in NearestCentroidIndex.Strategy.allCases {
                let index = NearestCentroidIndex(centroids: centroids, dimension: d, strategy: strategy)
                let found = index.nearest(batch: points)
                for i in 0..<m {
                    let expected = naive(centroids, d, points, i)
                    let got = Int(found[i])
                    // Equal distances and the lowest index among exact ties.
                    #expect(distance(centroids, d, points, i, got) == expected.distance,
                            "seed \(seed), \(strategy), d \(d), k \(k), point \(i)")
                    #expect(got == expected.index, "seed \(seed), \(strategy), d \(d), k \(k), point \(i)")
                }
            }
        }
    }

    @Test(arguments: [2, 16])
    func exactTiesGoToTheLowestIndex(dimension d: Int) {
        // A 12 x 12 integer lattice in shuffled order, padded with zeros up to `d` dimensions.
        var rng = Xoshiro256(seed: 7)
        var cells = [(Double, Double)]()
        for x in 0..<12 { for y in 0..<12 { cells.append((Double(x), Double(y))) } }
        cells.shuffle(using: &rng)
        var centroids = [Double]()
        for (x, y) in cells { centroids += [x, y] + Array(repeating: 0, count: d - 2) }
        // Cell centres (four-way ties) and edge midpoints (two-way ties).
        var points = [Double]()
        for x in 0..<11 {
            for y in 0..<11 {
                points += [Double(x) + 0.5, Double(y) + 0.5] + Array(repeating: 0, count: d - 2)
                points += [Double(x) + 0.5, Double(y)] + Array(repeating: 0, count: d - 2)
            }
        }
        for strategy in NearestCentroidIndex.Strategy.allCases {
            let found = NearestCentroidIndex(centroids: centroids, dimension: d, strategy: strategy).nearest(batch: points)
            for i in 0..<(points.count / d) {
                #expect(Int(found[i]) == naive(centroids, d, points, i).index, "\(strategy), point \(i)")
            }
        }
    }

    @Test func duplicateCentroidsAndASingleCentroid() {
        let centroids: [Double] = [5, 5, 1, 1, 5, 5, 1, 1]
        for strategy in NearestCentroidIndex.Strategy.allCases {
            let index = NearestCentroidIndex(centroids: centroids, dimension: 2, strategy: strategy)
            #expect(index.nearest([4.0, 4.0]) == 0)
            #expect(index.nearest([1.0, 1.0]) == 1)
            #expect(index.nearest([-3.0, 0.0]) == 1)
            let single = NearestCentroidIndex(centroids: [0.25, -0.5, 3], dimension: 3, strategy: strategy)
            #expect(single.nearest(batch: [1e6, -1e6, 0, 0.25, -0.5, 3]) == [0, 0])
        }
        // A k-d tree over identical points keeps them all in one leaf.
        let same = [Double](repeating: 2, count: 2 * 100)
        let tree = NearestCentroidIndex(centroids: same, dimension: 2, strategy: .kdTree)
        #expect(tree.nearest([0.0, 0.0]) == 0)
    }

    @Test(arguments: [1, 2, 3])
    func bucketsMatchALinearScanOnClusteredCentroidsAndEdges(seed: UInt64) {
        var rng = Xoshiro256(seed: 40 + seed)
        // Clusters of very different densities, and a few far outliers.
        var centroids: [Double] = []
        for cluster in 0..<6 {
            let centre = (Double(cluster) * 3 - 7, Double(cluster % 2) * 4 - 2)
            let spread = pow(10, -Double(cluster % 3))
            for _ in 0..<(100 * (cluster + 1)) {
                centroids += [centre.0 + spread * Double.random(in: -1..<1, using: &rng),
                              centre.1 + spread * Double.random(in: -1..<1, using: &rng)]
            }
        }
        centroids += [40, -30, -25, 18]
        let index = NearestCentroidIndex(centroids: centroids, dimension: 2, strategy: .buckets)
        #expect(index.grid != nil)
        var points: [Double] = []
        for _ in 0..<3_000 { points += [Double.random(in: -60..<60, using: &rng), Double.random(in: -45..<45, using: &rng)] }
        // Bucket corners, where a point's bucket is decided by rounding.
        let grid = index.grid!
        for _ in 0..<500 {
            let a = Int.random(in: 0...grid.side, using: &rng), b = Int.random(in: 0...grid.side, using: &rng)
            points += [grid.lower.0 + Double(a) * grid.width.0, grid.lower.1 + Double(b) * grid.width.1]
        }
        points += [.infinity, 0, 0, -.infinity]
        let found = index.nearest(batch: points)
        for i in 0..<(points.count / 2) where points[2 * i].isFinite && points[2 * i + 1].isFinite {
            let expected = naive(centroids, 2, points, i)
            #expect(Int(found[i]) == expected.index, "point \(i): (\(points[2 * i]), \(points[2 * i + 1]))")
        }
    }

    @Test func batchSingleAndArrayAPIsAgree() {
        var rng = Xoshiro256(seed: 11)
        let centroids = uniform(500 * 3, &rng)
        let points = uniform(64 * 3, &rng)
        let index = NearestCentroidIndex(centroids: centroids, dimension: 3)
        #expect(index.strategy == .kdTree && index.count == 500)
        var batch = [Int32](repeating: -1, count: 64)
        points.withUnsafeBufferPointer { p in
            batch.withUnsafeMutableBufferPointer { r in index.nearest(p, count: 64, into: r) }
        }
        #expect(batch == index.nearest(batch: points))
        for i in 0..<64 { #expect(Int(batch[i]) == index.nearest(points[(3 * i)..<(3 * i + 3)])) }
    }

    @Test func automaticStrategyFollowsTheShape() {
        typealias S = NearestCentroidIndex.Strategy
        #expect(S.automatic(count: 10, dimension: 2) == .bruteForce)
        #expect(S.automatic(count: 10_000, dimension: 2) == .kdTree)
        #expect(S.automatic(count: 10_000, dimension: 8) == .kdTree)
        #expect(S.automatic(count: 20, dimension: 12) == .bruteForce)
        #expect(S.automatic(count: 10_000, dimension: 12) == .gemm)
        #expect(S.automatic(count: 10_000, dimension: 100) == .gemm)
    }

    @Test func encodesOnlyDimensionAndCentroids() throws {
        var rng = Xoshiro256(seed: 3)
        let centroids = uniform(100 * 2, &rng)
        let index = NearestCentroidIndex(centroids: centroids, dimension: 2, strategy: .bruteForce)
        let data = try JSONEncoder().encode(index)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["dimension", "centroids"])
        let decoded = try JSONDecoder().decode(NearestCentroidIndex.self, from: data)
        #expect(decoded.centroids == centroids && decoded.dimension == 2 && decoded.strategy == .kdTree)
        let points = uniform(200 * 2, &rng)
        #expect(decoded.nearest(batch: points) == index.nearest(batch: points))
        let bad = Data(#"{"dimension":2,"centroids":[1,2,3]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(NearestCentroidIndex.self, from: bad) }
    }

    @Test func kdTreeAnswersDoNotDependOnTheStartingBound() {
        var rng = Xoshiro256(seed: 5)
        let d = 2
        let centroids = uniform(2000 * d, &rng)
        let points = uniform(300 * d, &rng)
        let tree = KDTree(points: centroids, dimension: d)
        #expect(tree.count == 2000 && tree.dimension == 2)
        points.withUnsafeBufferPointer { p in
            tree.withSearch { search in
                for i in 0..<300 {
                    let x = p.baseAddress! + i * d
                    let plain = tree.nearest(to: UnsafeBufferPointer(start: x, count: d))
                    let expected = naive(centroids, d, points, i)
                    #expect(plain.index == expected.index && plain.squaredDistance == expected.distance)
                    let hint = Int.random(in: 0..<2000, using: &rng)
                    let bound = distance(centroids, d, points, i, hint)
                    let seeded = search.nearest(to: x, bound: bound, boundIndex: Int32(hint))
                    #expect(Int(seeded.index) == expected.index && seeded.squaredDistance == expected.distance)
                }
            }
        }
    }
}

import Foundation
import Synchronization
import Testing
@testable import Tessera

@Suite struct KMeansTests {
    private func uniform(_ count: Int, _ rng: inout Xoshiro256) -> [Double] {
        (0..<count).map { _ in Double.random(in: -1..<1, using: &rng) }
    }

    /// `perBlob` points around each centre, with offsets in [-1, 1) per coordinate.
    private func blobs(_ centres: [[Double]], perBlob: Int, _ rng: inout Xoshiro256) -> [Double] {
        var points = [Double]()
        for centre in centres {
            for _ in 0..<perBlob { points += centre.map { $0 + Double.random(in: -1..<1, using: &rng) } }
        }
        return points
    }

    /// The mean of rows `range` of a flat buffer, summed in row order.
    private func mean(_ points: [Double], _ d: Int, _ range: Range<Int>) -> [Double] {
        var sum = [Double](repeating: 0, count: d)
        for i in range { for t in 0..<d { sum[t] += points[i * d + t] } }
        return sum.map { $0 / Double(range.count) }
    }

    /// The centroids as rows, sorted lexicographically, for comparisons up to relabelling.
    private func sortedRows(_ flat: [Double], _ d: Int) -> [[Double]] {
        stride(from: 0, to: flat.count, by: d).map { Array(flat[$0..<($0 + d)]) }
            .sorted { $0.lexicographicallyPrecedes($1) }
    }

    private func cluster(
        _ samples: [Double], _ d: Int, _ k: Int, seed: UInt64,
        maxIterations: Int = 300, tolerance: Double = 1e-4, workers: Int = 2,
        strategy: NearestCentroidIndex.Strategy? = nil, initial: [Double]? = nil,
        observe: ((Int, Double) -> Void)? = nil,
        shouldStop: @Sendable () -> Bool = { false }
    ) throws -> KMeansResult {
        var rng = Xoshiro256(seed: seed)
        return try KMeans.cluster(samples, dimension: d, clusters: k, maxIterations: maxIterations,
                                  tolerance: tolerance, workers: workers, strategy: strategy,
                                  initialCentroids: initial, using: &rng, observe: observe, shouldStop: shouldStop)
    }

    @Test(arguments: [2, 10, 20])
    func twoSeparatedBlobsAreRecoveredFromAnyStart(dimension d: Int) throws {
        for seed in UInt64(1)...8 {
            var rng = Xoshiro256(seed: seed)
            let far = [Double](repeating: 50, count: d)
            let points = blobs([Array(repeating: 0, count: d), far], perBlob: 30, &rng)
            var kmRNG = Xoshiro256(seed: seed)
            let result = try KMeans.cluster(points, dimension: d, clusters: 2, using: &kmRNG)
            #expect(result.converged && result.count == 2, "seed \(seed)")
            #expect(sortedRows(result.centroids, d) == [mean(points, d, 0..<30), mean(points, d, 30..<60)],
                    "seed \(seed)")
        }
    }

    @Test func separatedBlobsAreRecoveredFromOneStartPerBlob() throws {
        var rng = Xoshiro256(seed: 21)
        let centres: [[Double]] = [[0, 0], [100, 0], [0, 100], [100, 100], [50, 50]]
        let points = blobs(centres, perBlob: 40, &rng)
        // One sample of each blob as the starting centroids.
        var initial = [Double]()
        for b in 0..<5 {
            let row: Int = b * 40 + 7
            initial += points[(2 * row)..<(2 * row + 2)]
        }
        for strategy in NearestCentroidIndex.Strategy.allCases {
            let result = try cluster(points, 2, 5, seed: 1, strategy: strategy, initial: initial)
            let expected = (0..<5).map { mean(points, 2, ($0 * 40)..<($0 * 40 + 40)) }
            for b in 0..<5 { #expect(Array(result.centroids[(2 * b)..<(2 * b + 2)]) == expected[b], "\(strategy)") }
            var inertia = 0.0
            for b in 0..<5 {
                for i in (b * 40)..<(b * 40 + 40) {
                    for t in 0..<2 { inertia += pow(points[i * 2 + t] - expected[b][t], 2) }
                }
            }
            #expect(abs(result.inertia - inertia) <= 1e-9 * inertia)
            #expect(result.converged && result.iterations == 2)
            if strategy == .kdTree {
                #expect(try KMeans.cluster(points, dimension: 2, initialCentroids: initial) == result)
            }
        }
    }

    @Test(arguments: [(2, NearestCentroidIndex.Strategy.kdTree), (3, .bruteForce), (10, .bruteForce), (20, .gemm)])
    func inertiaNeverIncreases(dimension d: Int, strategy: NearestCentroidIndex.Strategy) throws {
        for seed in UInt64(1)...4 {
            var rng = Xoshiro256(seed: 100 + seed)
            let samples = uniform(1500 * d, &rng)
            var history = [Double]()
            let result = try cluster(samples, d, 60, seed: seed, tolerance: 0, strategy: strategy) { _, inertia in
                history.append(inertia)
            }
            #expect(history.count == result.iterations)
            history.append(result.inertia)
            for t in 1..<history.count {
                #expect(history[t] <= history[t - 1] * (1 + 1e-12), "seed \(seed), iteration \(t)")
            }
        }
    }

    @Test func sameSeedGivesIdenticalResultsForAnyWorkerCountAndStrategy() throws {
        var rng = Xoshiro256(seed: 9)
        let samples = uniform(6000 * 2, &rng)
        let reference = try cluster(samples, 2, 120, seed: 4, workers: 1)
        #expect(try cluster(samples, 2, 120, seed: 4, workers: 1) == reference)
        #expect(try cluster(samples, 2, 120, seed: 4, workers: 2) == reference)
        #expect(try cluster(samples, 2, 120, seed: 4, workers: 3) == reference)
        #expect(try cluster(samples, 2, 120, seed: 4, strategy: .bruteForce) == reference)
        #expect(try cluster(samples, 2, 120, seed: 4, strategy: .gemm) == reference)
        #expect(try cluster(samples, 2, 120, seed: 5) != reference)
    }

    @Test func publicEntryPointUsesTheSuppliedGenerator() throws {
        var rng = Xoshiro256(seed: 12)
        let samples = uniform(3000 * 2, &rng)
        var a = Xoshiro256(seed: 77), b = Xoshiro256(seed: 77)
        let first = try KMeans.cluster(samples, dimension: 2, clusters: 30, using: &a)
        let second = try KMeans.cluster(samples, dimension: 2, clusters: 30, workers: 1, using: &b)
        #expect(first == second && a == b)
    }

    /// A plain Lloyd loop with scikit-learn's stopping rule and the same initial draw, for
    /// data without empty clusters.
    private func referenceLloyd(
        _ x: [Double], _ d: Int, _ k: Int, seed: UInt64, tolerance: Double, maxIterations: Int
    ) throws -> (centroids: [Double], iterations: Int) {
        let n = x.count / d
        var rng = Xoshiro256(seed: seed)
        var pool = Array(0..<n)
        var c = [Double]()
        for j in 0..<k {
            pool.swapAt(j, Int.random(in: j..<n, using: &rng))
            c += x[(pool[j] * d)..<(pool[j] * d + d)]
        }
        var variance = 0.0
        for t in 0..<d {
            let column = (0..<n).map { x[$0 * d + t] }
            let m = column.reduce(0, +) / Double(n)
            variance += column.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n)
        }
        let tol = tolerance * variance / Double(d)
        var labels = [Int](repeating: -1, count: n)
        for iteration in 1...maxIterations {
            var newLabels = labels
            for i in 0..<n {
                var best = Double.infinity
                for j in 0..<k {
                    var s = 0.0
                    for t in 0..<d { s += (x[i * d + t] - c[j * d + t]) * (x[i * d + t] - c[j * d + t]) }
                    if s < best { best = s; newLabels[i] = j }
                }
            }
            var sums = [Double](repeating: 0, count: k * d), counts = [Int](repeating: 0, count: k)
            for i in 0..<n {
                counts[newLabels[i]] += 1
                for t in 0..<d { sums[newLabels[i] * d + t] += x[i * d + t] }
            }
            try #require(!counts.contains(0), "the reference does not relocate empty clusters")
            var shift = 0.0
            for j in 0..<k {
                for t in 0..<d {
                    let updated = sums[j * d + t] / Double(counts[j])
                    shift += (updated - c[j * d + t]) * (updated - c[j * d + t])
                    c[j * d + t] = updated
                }
            }
            if newLabels == labels || shift <= tol { return (c, iteration) }
            labels = newLabels
        }
        return (c, maxIterations)
    }

    @Test(arguments: [1e-4, 1e-2, 0])
    func matchesAPlainLloydLoop(tolerance: Double) throws {
        for seed in UInt64(1)...3 {
            var rng = Xoshiro256(seed: 40 + seed)
            let samples = uniform(2000 * 2, &rng)
            let expected = try referenceLloyd(samples, 2, 40, seed: seed, tolerance: tolerance, maxIterations: 300)
            let result = try cluster(samples, 2, 40, seed: seed, tolerance: tolerance)
            #expect(result.iterations == expected.iterations, "seed \(seed)")
            #expect(result.centroids == expected.centroids, "seed \(seed)")
            #expect(result.converged)
        }
    }

    @Test func stoppingRulesAreHonoured() throws {
        var rng = Xoshiro256(seed: 31)
        let samples = uniform(3000 * 2, &rng)
        let one = try cluster(samples, 2, 50, seed: 1, maxIterations: 1, tolerance: 0)
        #expect(one.iterations == 1 && !one.converged)
        let capped = try cluster(samples, 2, 50, seed: 1, maxIterations: 3, tolerance: 0)
        #expect(capped.iterations == 3 && !capped.converged)
        let loose = try cluster(samples, 2, 50, seed: 1, tolerance: 1e6)
        #expect(loose.iterations == 1 && loose.converged)
        let tight = try cluster(samples, 2, 50, seed: 1)
        let strict = try cluster(samples, 2, 50, seed: 1, tolerance: 0)
        #expect(tight.iterations <= strict.iterations && strict.iterations < 300 && strict.converged)
        // Under strict convergence each centroid is the mean of the samples nearest to it.
        let labels = NearestCentroidIndex(centroids: strict.centroids, dimension: 2).nearest(batch: samples)
        var sums = [Double](repeating: 0, count: 100), counts = [Double](repeating: 0, count: 50)
        for i in 0..<3000 {
            let j = Int(labels[i])
            counts[j] += 1
            sums[2 * j] += samples[2 * i]
            sums[2 * j + 1] += samples[2 * i + 1]
        }
        for j in 0..<50 {
            #expect(strict.centroids[2 * j] == sums[2 * j] / counts[j])
            #expect(strict.centroids[2 * j + 1] == sums[2 * j + 1] / counts[j])
        }
        var inertia = 0.0
        for i in 0..<3000 {
            let j = Int(labels[i])
            inertia += pow(samples[2 * i] - strict.centroids[2 * j], 2) + pow(samples[2 * i + 1] - strict.centroids[2 * j + 1], 2)
        }
        #expect(abs(strict.inertia - inertia) <= 1e-12 * inertia)
    }

    @Test func emptyClustersMoveToTheFarthestSample() throws {
        // Samples 0, 1, 2, 10 and centroids 0, 0.5, 100: the third cluster starts empty and
        // takes sample 10, the farthest from its centroid (0.5).
        for strategy in NearestCentroidIndex.Strategy.allCases {
            var history = [Double]()
            let result = try cluster([0, 1, 2, 10], 1, 3, seed: 1, tolerance: 0, strategy: strategy,
                                     initial: [0, 0.5, 100]) { _, inertia in history.append(inertia) }
            #expect(result.centroids == [0, 1.5, 10], "\(strategy)")
            // Iteration 2 changes a label but moves no centroid, so the shift rule (0 <= 0) stops it.
            #expect(result.inertia == 0.5 && result.converged && result.iterations == 2)
            #expect(history == [0 + 0.25 + 2.25 + 90.25, 0.5])
        }
    }

    @Test func badInputsThrow() {
        var rng = Xoshiro256(seed: 1)
        #expect(throws: KMeansError.tooFewSamples(samples: 3, clusters: 4)) {
            try KMeans.cluster([0, 1, 2], dimension: 1, clusters: 4, using: &rng)
        }
        #expect(throws: KMeansError.tooFewDistinctSamples(clusters: 3)) {
            try KMeans.cluster([1, 1, 1, 2, 2, 2], dimension: 1, clusters: 3, using: &rng)
        }
        #expect(throws: KMeansError.nonFiniteSample(index: 1)) {
            try KMeans.cluster([0, 0, .nan, 1], dimension: 2, clusters: 1, using: &rng)
        }
        #expect(KMeansError.tooFewSamples(samples: 3, clusters: 4).description.contains("3 samples"))
    }

    @Test func cvtCentroidsLieInTheBoxAndAreReproducible() throws {
        let lower = [0.0, -2.0], upper = [1.0, 2.0]
        var a = Xoshiro256(seed: 8), b = Xoshiro256(seed: 8)
        let first = try CVTCentroids.generate(count: 25, samples: 2000, lower: lower, upper: upper, using: &a)
        let second = try CVTCentroids.generate(count: 25, samples: 2000, lower: lower, upper: upper, using: &b)
        #expect(first == second)
        #expect(first.count == 25 && first.dimension == 2 && first.inertia > 0 && first.converged)
        for j in 0..<25 {
            #expect(first.centroids[2 * j] >= 0 && first.centroids[2 * j] < 1)
            #expect(first.centroids[2 * j + 1] >= -2 && first.centroids[2 * j + 1] < 2)
        }
        #expect(throws: KMeansError.tooFewSamples(samples: 10, clusters: 11)) {
            try CVTCentroids.generate(count: 11, samples: 10, lower: lower, upper: upper, using: &a)
        }
    }

    @Test(arguments: [1, 2])
    func aStopRequestEndsTheRunAtTheNextCheck(workers: Int) throws {
        var rng = Xoshiro256(seed: 12)
        let samples = uniform(2 * 10_000, &rng)
        let unstopped = try cluster(samples, 2, 32, seed: 3, maxIterations: 8, tolerance: 0, workers: workers)
        #expect(unstopped.iterations > 3, "the run has later iterations to cut")
        // The run asks once per chunk of its two passes over the samples (check and variance);
        // then each Lloyd iteration asks once, and once per assignment and update chunk.
        let chunks = (10_000 + KMeans.chunkSize - 1) / KMeans.chunkSize
        let before = 2 * chunks
        let perIteration = 1 + 2 * chunks
        // (the call that first answers true, assignment steps finished before it)
        let cases = [
            (1, 0),                                         // in the sample check
            (chunks + 2, 0),                                // in the variance pass
            (before + 1, 0),                                // before the first iteration
            (before + 2, 0),                                // at the first assignment chunk
            (before + perIteration + 1, 1),                 // before the second iteration
            (before + perIteration + 5, 1),                 // within the second assignment
            (before + 2 * perIteration + chunks + 3, 3),    // within the third update
        ]
        for (threshold, assignments) in cases {
            let stop = StopProbe(afterCalls: threshold)
            var finished = 0
            #expect(throws: KMeansError.cancelled, "stop at call \(threshold), \(workers) workers") {
                try cluster(samples, 2, 32, seed: 3, maxIterations: 8, tolerance: 0, workers: workers,
                            observe: { _, _ in finished += 1 }, shouldStop: { stop() })
            }
            #expect(finished == assignments, "stop at call \(threshold): \(finished) assignments ran")
            #expect(stop.answeredTrue >= 1 && stop.answeredTrue <= workers,
                    "each worker asks once more at most, then stops (threshold \(threshold): \(stop.answeredTrue))")
        }
        var kmRNG = Xoshiro256(seed: 3)
        let neverStopped = StopProbe(afterCalls: .max)
        #expect(try KMeans.cluster(samples, dimension: 2, clusters: 32, maxIterations: 8, tolerance: 0, workers: workers,
                                   shouldStop: { neverStopped() }, using: &kmRNG) == unstopped)
        #expect(neverStopped.calls >= before + unstopped.iterations * perIteration, "asked at every iteration and chunk")
        #expect(KMeansError.cancelled.description == "k-means was stopped before it finished")
    }

    @Test func cvtCentroidsStopWhileSampling() throws {
        var rng = Xoshiro256(seed: 1)
        let stop = StopProbe(afterCalls: 3)
        #expect(throws: KMeansError.cancelled) {
            try CVTCentroids.generate(count: 10, samples: 100 * KMeans.chunkSize, lower: [0, 0], upper: [1, 1],
                                      shouldStop: { stop() }, using: &rng)
        }
        #expect(stop.calls == 3, "the third chunk of samples was not drawn")
    }
}

/// A `shouldStop` closure for tests: answers `true` from its `threshold`-th call on, or
/// once `delay` has passed since it was made, and counts the calls.
final class StopProbe: Sendable {
    private let threshold: Int
    private let deadline: ContinuousClock.Instant?
    private let counted = Atomic<Int>(0)
    private let yes = Atomic<Int>(0)

    /// Stops from call number `threshold` (1-based) on.
    init(afterCalls threshold: Int) {
        self.threshold = threshold
        deadline = nil
    }

    /// Stops once `delay` has passed.
    init(after delay: Duration) {
        threshold = .max
        deadline = .now + delay
    }

    /// Calls so far.
    var calls: Int { counted.load(ordering: .relaxed) }
    /// Calls answered `true`.
    var answeredTrue: Int { yes.load(ordering: .relaxed) }

    func callAsFunction() -> Bool {
        let call = counted.add(1, ordering: .relaxed).newValue
        let stop = call >= threshold || deadline.map { ContinuousClock.now >= $0 } ?? false
        if stop { yes.add(1, ordering: .relaxed) }
        return stop
    }
}

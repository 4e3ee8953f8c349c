import Dispatch
import Foundation

/// Lloyd's k-means clustering (Lloyd 1982) with scikit-learn's random initialisation and
/// stopping rule, as pyribs uses it to place CVT centroids (Vassiliades et al. 2018).
///
/// The run matches `sklearn.cluster.k_means(n_init=1, init="random", algorithm="lloyd")`:
///
/// - **Initialisation.** The first centroids are `clusters` distinct samples drawn uniformly
///   at random (without replacement) with the supplied generator.
/// - **Iteration.** Each iteration assigns every sample to its nearest centroid, then moves
///   each centroid to the mean of its samples.
/// - **Stopping.** The run stops after an iteration whose labels equal the previous
///   iteration's ("strict convergence"), or whose sum over centroids of the squared centroid
///   shift is at most `tolerance × mean(variance of each sample dimension)`, or after
///   `maxIterations` iterations.
/// - **Empty clusters.** As in scikit-learn, a cluster left without samples after an
///   assignment is moved onto a far sample: the empty clusters, in index order, take the
///   samples farthest from their assigned centroids (larger distance first, lower sample
///   index on ties). Unlike scikit-learn, a sample is never taken from a cluster it is the
///   last member of, so a relocation never empties another cluster. When no sample can be
///   taken (the samples hold fewer distinct points than `clusters`) the run throws
///   ``KMeansError/tooFewDistinctSamples(clusters:)``. As in scikit-learn, a centroid may own
///   no sample after the final assignment; the result always has `clusters` centroids.
///
/// The assignment runs over fixed chunks of samples on `workers` threads, with a ``KDTree``
/// seeded by each sample's previous centroid in low dimension and blocked BLAS products in
/// high dimension (see ``NearestCentroidIndex``); centroid sums are reduced serially in sample
/// order, so the result is bit-identical for every number of workers.
///
/// **Stopping early.** Clustering millions of samples takes seconds to minutes. Every entry
/// point takes a `shouldStop` closure, asked before each chunk of 2,048 samples of the two
/// passes that check the samples and measure their variance, before each Lloyd iteration,
/// and before each chunk of the assignment (on every worker) and of the centroid update, so
/// a stop request is honoured within about one chunk's work; the run then throws
/// ``KMeansError/cancelled``. The closure is called often and from several threads at
/// once: make it cheap, such as the load of an atomic flag or a deadline check.
public enum KMeans {
    /// Samples per assignment chunk; fixed so results never depend on the thread count.
    static let chunkSize = 2048

    /// The default number of assignment threads: the number of active processors.
    public static var defaultWorkers: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Clusters samples with Lloyd's algorithm.
    ///
    /// - Parameters:
    ///   - samples: `n × dimension` finite values, row-major.
    ///   - dimension: The number of coordinates per sample, at least 1.
    ///   - clusters: The number of centroids `k`, at least 1.
    ///   - maxIterations: The largest number of Lloyd iterations, at least 1 (scikit-learn's 300).
    ///   - tolerance: The relative shift tolerance, at least 0 (scikit-learn's `tol`, 1e-4).
    ///   - workers: The number of threads for the assignment step, at least 1. The result
    ///     does not depend on it.
    ///   - shouldStop: Asked between chunks of work (see ``KMeans``); once it returns `true`
    ///     the run stops and throws ``KMeansError/cancelled``. Never, by default.
    ///   - rng: The generator that picks the initial centroids.
    /// - Returns: The centroids (`k × dimension`, row-major), the inertia of the samples
    ///   with respect to them, the number of iterations run and whether a stopping rule fired.
    /// - Throws: ``KMeansError/tooFewSamples(samples:clusters:)`` when `n < k`,
    ///   ``KMeansError/nonFiniteSample(index:)`` when a sample holds NaN or an infinity,
    ///   ``KMeansError/tooFewDistinctSamples(clusters:)`` when an empty cluster cannot be
    ///   filled, and ``KMeansError/cancelled`` when `shouldStop` asked to stop.
    /// - Precondition: `samples.count` is a multiple of `dimension`; the arguments are in range.
    /// - Complexity: Per iteration, O(n log k) expected with the k-d tree (low dimension) and
    ///   O(n × k × dimension) otherwise, plus O(k log k) to rebuild the tree; at most
    ///   `maxIterations` iterations. O(n + k × dimension) extra memory.
    public static func cluster(
        _ samples: [Double], dimension: Int, clusters: Int,
        maxIterations: Int = 300, tolerance: Double = 1e-4,
        workers: Int = defaultWorkers,
        shouldStop: @Sendable () -> Bool = { false },
        using rng: inout some RandomNumberGenerator
    ) throws(KMeansError) -> KMeansResult {
        try cluster(samples, dimension: dimension, clusters: clusters, maxIterations: maxIterations,
                    tolerance: tolerance, workers: workers, strategy: nil, initialCentroids: nil,
                    using: &rng, observe: nil, shouldStop: shouldStop)
    }

    /// Clusters samples with Lloyd's algorithm from given starting centroids (scikit-learn's
    /// `init=ndarray`).
    ///
    /// - Parameters:
    ///   - samples: `n × dimension` finite values, row-major.
    ///   - dimension: The number of coordinates per sample, at least 1.
    ///   - initialCentroids: `k × dimension` starting centroids, row-major, `k >= 1`.
    ///   - maxIterations: The largest number of Lloyd iterations, at least 1.
    ///   - tolerance: The relative shift tolerance, at least 0.
    ///   - workers: The number of threads for the assignment step, at least 1. The result
    ///     does not depend on it.
    ///   - shouldStop: Asked between chunks of work (see ``KMeans``); once it returns `true`
    ///     the run stops and throws ``KMeansError/cancelled``. Never, by default.
    /// - Returns: The centroids (`k × dimension`, row-major), the inertia of the samples
    ///   with respect to them, the number of iterations run and whether a stopping rule fired.
    /// - Throws: As ``cluster(_:dimension:clusters:maxIterations:tolerance:workers:shouldStop:using:)``.
    /// - Precondition: `samples.count` and `initialCentroids.count` are multiples of
    ///   `dimension`, `initialCentroids` is non-empty; the other arguments are in range.
    /// - Complexity: As ``cluster(_:dimension:clusters:maxIterations:tolerance:workers:shouldStop:using:)``.
    public static func cluster(
        _ samples: [Double], dimension: Int, initialCentroids: [Double],
        maxIterations: Int = 300, tolerance: Double = 1e-4,
        workers: Int = defaultWorkers,
        shouldStop: @Sendable () -> Bool = { false }
    ) throws(KMeansError) -> KMeansResult {
        precondition(dimension >= 1 && !initialCentroids.isEmpty && initialCentroids.count % dimension == 0,
                     "initial centroids must hold a positive multiple of \(dimension) coordinates")
        var unused = SplitMix64(state: 0)
        return try cluster(samples, dimension: dimension, clusters: initialCentroids.count / dimension,
                           maxIterations: maxIterations, tolerance: tolerance, workers: workers,
                           strategy: nil, initialCentroids: initialCentroids, using: &unused, observe: nil,
                           shouldStop: shouldStop)
    }

    /// The implementation of ``cluster(_:dimension:clusters:maxIterations:tolerance:workers:shouldStop:using:)``,
    /// with a forced search strategy, optional initial centroids (instead of random samples),
    /// and an observer that receives, after each assignment step, the zero-based iteration
    /// and the inertia of that assignment (against the centroids the iteration started from).
    static func cluster(
        _ samples: [Double], dimension: Int, clusters: Int,
        maxIterations: Int, tolerance: Double, workers: Int,
        strategy: NearestCentroidIndex.Strategy?,
        initialCentroids: [Double]?,
        using rng: inout some RandomNumberGenerator,
        observe: ((Int, Double) -> Void)?,
        shouldStop: @Sendable () -> Bool = { false }
    ) throws(KMeansError) -> KMeansResult {
        precondition(dimension >= 1, "k-means needs dimension >= 1")
        precondition(samples.count % dimension == 0, "samples must hold a multiple of \(dimension) coordinates")
        precondition(clusters >= 1, "k-means needs at least one cluster")
        precondition(maxIterations >= 1, "k-means needs maxIterations >= 1")
        precondition(tolerance >= 0 && tolerance.isFinite, "the tolerance must be finite and non-negative")
        precondition(workers >= 1, "k-means needs at least one worker")
        let n = samples.count / dimension
        let d = dimension
        let k = clusters
        guard n >= k else { throw .tooFewSamples(samples: n, clusters: k) }
        precondition(n < Int(Int32.max), "too many samples for Int32 labels")

        let strategy = strategy ?? .automatic(count: k, dimension: d)
        let absoluteTolerance = tolerance * (try meanVariance(samples, dimension: d, shouldStop: shouldStop))

        // Initial centroids: k distinct samples, by a partial Fisher-Yates shuffle.
        var centroids = [Double](repeating: 0, count: k * d)
        if let initialCentroids {
            precondition(initialCentroids.count == k * d, "initial centroids must hold \(k) x \(d) values")
            centroids = initialCentroids
        } else {
            var pool = [Int32](unsafeUninitializedCapacity: n) { buffer, initialized in
                for i in 0..<n { buffer[i] = Int32(i) }
                initialized = n
            }
            for j in 0..<k {
                let pick = Int.random(in: j..<n, using: &rng)
                pool.swapAt(j, pick)
                let source = Int(pool[j]) * d
                for t in 0..<d { centroids[j * d + t] = samples[source + t] }
            }
        }

        var labels = [Int32](repeating: -1, count: n)
        var distances = [Double](repeating: 0, count: n)
        var sums = [Double](repeating: 0, count: k * d)
        var members = [Int](repeating: 0, count: k)
        let chunkCount = (n + chunkSize - 1) / chunkSize
        var chunkChanged = [Bool](repeating: false, count: chunkCount)
        // The BLAS strategy parallelises inside BLAS; the others split chunks over workers.
        let threads = strategy == .gemm ? 1 : min(workers, chunkCount)

        var iterations = 0
        var converged = false
        var strict = false
        var finalDistancesValid = false

        for iteration in 0..<maxIterations {
            if shouldStop() { throw .cancelled }
            iterations = iteration + 1
            let index = NearestCentroidIndex(centroids: centroids, dimension: d, strategy: strategy)
            guard assign(samples, index: index, labels: &labels, distances: &distances,
                         changed: &chunkChanged, threads: threads, shouldStop: shouldStop) else { throw .cancelled }
            observe?(iteration, sum(distances))
            let labelsChanged = chunkChanged.contains(true)

            // Update: sums in sample order, then empty-cluster relocation, then means.
            for t in 0..<(k * d) { sums[t] = 0 }
            for j in 0..<k { members[j] = 0 }
            let summed = samples.withUnsafeBufferPointer { x in
                labels.withUnsafeBufferPointer { labels in
                    sums.withUnsafeMutableBufferPointer { sums in
                        for start in stride(from: 0, to: n, by: chunkSize) {
                            if shouldStop() { return false }
                            for i in start..<min(n, start + chunkSize) {
                                let c = Int(labels[i])
                                members[c] += 1
                                for t in 0..<d { sums[c * d + t] += x[i * d + t] }
                            }
                        }
                        return true
                    }
                }
            }
            guard summed else { throw .cancelled }
            let relocated = try relocateEmptyClusters(
                samples, dimension: d, labels: labels, distances: distances, sums: &sums, members: &members)

            var shift = 0.0
            for j in 0..<k {
                let size = Double(members[j])
                for t in 0..<d {
                    let updated = sums[j * d + t] / size
                    let delta = updated - centroids[j * d + t]
                    shift += delta * delta
                    sums[j * d + t] = updated
                }
            }
            let unchangedCentroids = sums == centroids
            swap(&centroids, &sums)

            if !labelsChanged {
                strict = true
                converged = true
                finalDistancesValid = unchangedCentroids && !relocated
                break
            }
            if shift <= absoluteTolerance {
                converged = true
                break
            }
        }

        if !(strict && finalDistancesValid) {
            // Re-assign against the final centroids so the inertia refers to them.
            let index = NearestCentroidIndex(centroids: centroids, dimension: d, strategy: strategy)
            guard assign(samples, index: index, labels: &labels, distances: &distances,
                         changed: &chunkChanged, threads: threads, shouldStop: shouldStop) else { throw .cancelled }
        }
        return KMeansResult(centroids: centroids, dimension: d, inertia: sum(distances),
                            iterations: iterations, converged: converged)
    }

    /// Assigns every sample to its nearest centroid over fixed chunks, seeding each search
    /// with the sample's previous label, and records per chunk whether any label changed.
    ///
    /// - Returns: `false` when `shouldStop` asked to stop before every chunk was assigned
    ///   (the labels are then partly updated).
    private static func assign(
        _ samples: [Double], index: NearestCentroidIndex,
        labels: inout [Int32], distances: inout [Double], changed: inout [Bool], threads: Int,
        shouldStop: @Sendable () -> Bool
    ) -> Bool {
        let n = labels.count
        let chunkCount = changed.count
        // One flag per worker, written only by that worker: whether it stopped early.
        let stopped = UnsafeMutablePointer<Bool>.allocate(capacity: threads)
        stopped.initialize(repeating: false, count: threads)
        defer { stopped.deallocate() }
        withoutActuallyEscaping(shouldStop) { shouldStop in
            samples.withUnsafeBufferPointer { x in
                labels.withUnsafeMutableBufferPointer { labels in
                    distances.withUnsafeMutableBufferPointer { distances in
                        changed.withUnsafeMutableBufferPointer { changed in
                            let shared = AssignmentBuffers(
                                samples: x.baseAddress!, labels: labels.baseAddress!,
                                distances: distances.baseAddress!, changed: changed.baseAddress!, stopped: stopped)
                            let work = { @Sendable (worker: Int) in
                                withUnsafeTemporaryAllocation(of: Int32.self, capacity: chunkSize) { previous in
                                    var chunk = worker
                                    while chunk < chunkCount {
                                        if shouldStop() {
                                            shared.stopped[worker] = true
                                            return
                                        }
                                        let range = (chunk * chunkSize)..<min(n, (chunk + 1) * chunkSize)
                                        for i in range { previous[i - range.lowerBound] = shared.labels[i] }
                                        index.assign(shared.samples, range: range, labels: shared.labels,
                                                     distances: shared.distances, useHints: true)
                                        var any = false
                                        for i in range where previous[i - range.lowerBound] != shared.labels[i] { any = true }
                                        shared.changed[chunk] = any
                                        chunk += threads
                                    }
                                }
                            }
                            if threads == 1 {
                                work(0)
                            } else {
                                DispatchQueue.concurrentPerform(iterations: threads, execute: work)
                            }
                        }
                    }
                }
            }
        }
        return !(0..<threads).contains { stopped[$0] }
    }

    /// Raw pointers shared by the assignment workers; each worker writes only the rows and
    /// chunk flags of its own chunks and its own stop flag, so no two threads touch the
    /// same element.
    private struct AssignmentBuffers: @unchecked Sendable {
        let samples: UnsafePointer<Double>
        let labels: UnsafeMutablePointer<Int32>
        let distances: UnsafeMutablePointer<Double>
        let changed: UnsafeMutablePointer<Bool>
        let stopped: UnsafeMutablePointer<Bool>
    }

    /// Moves each empty cluster onto a far sample (see ``KMeans``), updating sums and counts.
    ///
    /// - Returns: Whether any cluster was relocated.
    private static func relocateEmptyClusters(
        _ samples: [Double], dimension d: Int, labels: [Int32], distances: [Double],
        sums: inout [Double], members: inout [Int]
    ) throws(KMeansError) -> Bool {
        let empty = members.indices.filter { members[$0] == 0 }
        if empty.isEmpty { return false }
        // Candidates: samples away from their centroid, farthest first, lower index on ties.
        var candidates = distances.indices.filter { distances[$0] > 0 }
        candidates.sort { distances[$0] > distances[$1] || (distances[$0] == distances[$1] && $0 < $1) }
        var next = 0
        for cluster in empty {
            var taken: Int?
            while next < candidates.count {
                let sample = candidates[next]
                next += 1
                if members[Int(labels[sample])] >= 2 {
                    taken = sample
                    break
                }
            }
            guard let sample = taken else { throw .tooFewDistinctSamples(clusters: members.count) }
            let old = Int(labels[sample])
            members[old] -= 1
            members[cluster] = 1
            for t in 0..<d {
                sums[old * d + t] -= samples[sample * d + t]
                sums[cluster * d + t] = samples[sample * d + t]
            }
        }
        return true
    }

    /// The mean over dimensions of the population variance of each dimension (NumPy's
    /// `np.var(X, axis=0).mean()`), by two passes over the samples in chunks of
    /// ``chunkSize``; each dimension's sums run in sample order.
    ///
    /// - Throws: ``KMeansError/nonFiniteSample(index:)`` for the first sample holding NaN or
    ///   an infinity; ``KMeansError/cancelled`` when `shouldStop` asks before a chunk.
    static func meanVariance(_ samples: [Double], dimension d: Int,
                             shouldStop: @Sendable () -> Bool = { false }) throws(KMeansError) -> Double {
        let n = samples.count / d
        var means = [Double](repeating: 0, count: d)
        var squares = [Double](repeating: 0, count: d)
        try samples.withUnsafeBufferPointer { (x) throws(KMeansError) in
            for start in stride(from: 0, to: n, by: chunkSize) {
                if shouldStop() { throw .cancelled }
                for i in start..<min(n, start + chunkSize) {
                    for t in 0..<d {
                        let value = x[i * d + t]
                        guard value.isFinite else { throw .nonFiniteSample(index: i) }
                        means[t] += value
                    }
                }
            }
            for t in 0..<d { means[t] /= Double(n) }
            for start in stride(from: 0, to: n, by: chunkSize) {
                if shouldStop() { throw .cancelled }
                for i in start..<min(n, start + chunkSize) {
                    for t in 0..<d {
                        let deviation = x[i * d + t] - means[t]
                        squares[t] += deviation * deviation
                    }
                }
            }
        }
        var total = 0.0
        for t in 0..<d { total += squares[t] / Double(n) }
        return total / Double(d)
    }

    /// The sum of a buffer in index order.
    private static func sum(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { values in
            var total = 0.0
            for value in values { total += value }
            return total
        }
    }
}

/// The outcome of a ``KMeans`` run.
public struct KMeansResult: Codable, Sendable, Equatable {
    /// The centroids, row-major: centroid `j` is `centroids[j * dimension ..< (j + 1) * dimension]`.
    public let centroids: [Double]

    /// The number of coordinates per centroid.
    public let dimension: Int

    /// The sum over samples of the squared Euclidean distance to the nearest final centroid.
    public let inertia: Double

    /// The number of Lloyd iterations run (scikit-learn's `n_iter_`).
    public let iterations: Int

    /// Whether a stopping rule (unchanged labels or the shift tolerance) ended the run before
    /// the iteration limit ran out.
    public let converged: Bool

    /// The number of centroids.
    public var count: Int { centroids.count / dimension }

    /// Creates a result.
    ///
    /// - Parameters:
    ///   - centroids: The centroids, `count × dimension`, row-major.
    ///   - dimension: The number of coordinates per centroid.
    ///   - inertia: The inertia of the samples with respect to the centroids.
    ///   - iterations: The number of iterations run.
    ///   - converged: Whether a stopping rule fired.
    /// - Complexity: O(1).
    public init(centroids: [Double], dimension: Int, inertia: Double, iterations: Int, converged: Bool) {
        self.centroids = centroids
        self.dimension = dimension
        self.inertia = inertia
        self.iterations = iterations
        self.converged = converged
    }
}

/// Why a ``KMeans`` run or a ``CVTCentroids`` construction could not start or finish.
public enum KMeansError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer samples than requested clusters.
    case tooFewSamples(samples: Int, clusters: Int)
    /// An empty cluster could not be moved onto a sample, because the samples hold fewer
    /// distinct points than `clusters`.
    case tooFewDistinctSamples(clusters: Int)
    /// The sample at `index` holds NaN or an infinity.
    case nonFiniteSample(index: Int)
    /// The caller's `shouldStop` closure asked the run to stop before it finished.
    case cancelled

    /// A sentence for users.
    public var description: String {
        switch self {
        case .tooFewSamples(let samples, let clusters):
            return "k-means needs at least as many samples as clusters: \(samples) samples for \(clusters) clusters"
        case .tooFewDistinctSamples(let clusters):
            return "the samples hold fewer than \(clusters) distinct points, so some of the \(clusters) clusters stay empty"
        case .nonFiniteSample(let index):
            return "sample \(index) holds NaN or infinity"
        case .cancelled:
            return "k-means was stopped before it finished"
        }
    }
}

import ArgumentParser
import Foundation
import Tessera
import TesseraTasks

/// `tessera bench`: micro-benchmarks of the parts whose strategy Tessera chooses.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print figures (nearest-centroid strategies, CVT construction, checkpoint cost, k-NN, learners, Vendi, CMA-ES, the language-model client, EvoSearch).",
        subcommands: [NearestBench.self, CVTBench.self, NormalsBench.self, EvoSearchBench.self, NoveltyCheckpointBench.self, CheckpointBench.self, KNNBench.self, LearnerBench.self,
                      VendiBench.self, CMABench.self, LanguageModelBench.self]
    )
}

/// Times every nearest-centroid strategy on the same random centroids and queries.
struct NearestBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nearest",
        abstract: "Time the brute-force, k-d tree and BLAS nearest-centroid strategies; print one JSON line per strategy.")

    @Option(parsing: .unconditional, help: "Descriptor dimension.") var dims: Int = 2
    @Option(parsing: .unconditional, help: "Number of centroids.") var centroids: Int = 10_000
    @Option(parsing: .unconditional, help: "Number of query points.") var points: Int = 100_000
    @Option(parsing: .unconditional, help: "Repetitions (the median is reported; at most 1000).") var repeats: Int = 5
    @Option(parsing: .unconditional, help: "Seed.") var seed: UInt64 = 0

    func validate() throws {
        for (flag, value) in [("--dims", dims), ("--centroids", centroids), ("--points", points), ("--repeats", repeats)] where value <= 0 {
            throw ValidationError("\(flag) must be positive")
        }
        if repeats > 1000 { throw ValidationError("--repeats must be at most 1000") }
        if centroids >= Int(Int32.max) { throw ValidationError("--centroids must be below 2^31") }
        // Centroids and queries as doubles, labels, and the BLAS strategy's score blocks.
        let limits = MachineLimits.current
        let budget = Double(limits.memoryBytes)
        let centroidBytes = Double(centroids) * Double(dims) * 8 * 3
        let pointBytes = Double(points) * (Double(dims) * 8 + 8)
        if centroidBytes > budget {
            throw ValidationError("--centroids \(centroids) is too large: \(limits.describe(centroidBytes)) with --dims \(dims); "
                                  + "at most \(Format.count(Int(budget / (Double(dims) * 24)))) fit \(limits.describeBudget)")
        }
        if pointBytes > budget || centroidBytes + pointBytes > budget {
            throw ValidationError("--points \(points) is too large: \(limits.describe(pointBytes)) with --dims \(dims); "
                                  + "at most \(Format.count(Int(max(0, budget - centroidBytes) / (Double(dims) * 8 + 8)))) fit \(limits.describeBudget)")
        }
    }

    func run() {
        var rng = Xoshiro256(seed: seed)
        let c = (0..<(centroids * dims)).map { _ in rng.nextUnitDouble() }
        let q = (0..<(points * dims)).map { _ in rng.nextUnitDouble() }
        let automatic = NearestCentroidIndex.Strategy.automatic(count: centroids, dimension: dims)
        var reference: [Int32]?
        for strategy in NearestCentroidIndex.Strategy.allCases {
            let index = NearestCentroidIndex(centroids: c, dimension: dims, strategy: strategy)
            var out = [Int32](repeating: 0, count: points)
            var times: [Double] = []
            for _ in 0..<repeats {
                let start = Date()
                q.withUnsafeBufferPointer { query in
                    out.withUnsafeMutableBufferPointer { index.nearest(query, count: points, into: $0) }
                }
                times.append(Date().timeIntervalSince(start))
            }
            if reference == nil { reference = out }
            let agree = zip(out, reference!).filter { $0 == $1 }.count
            let median = times.sorted()[times.count / 2]
            print(#"{"strategy":"\#(strategy.rawValue)","automatic":\#(strategy == automatic),"dims":\#(dims),"centroids":\#(centroids),"points":\#(points),"seconds":\#(median),"ns_per_point":\#(median / Double(points) * 1e9),"agreement":\#(Double(agree) / Double(points))}"#)
        }
    }
}

/// Builds CVT centroids with k-means as `cvt-map-elites` does and prints time and inertia.
struct CVTBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cvt", abstract: "Time CVT centroid construction (k-means over uniform samples); print one JSON line.")

    @Option(parsing: .unconditional, help: "Number of centroids.") var cells: Int = 10_000
    @Option(parsing: .unconditional, help: "Uniform samples.") var samples: Int = 100_000
    @Option(parsing: .unconditional, help: "Descriptor dimension (the box is [-1, 1]^d).") var dims: Int = 2
    @Option(parsing: .unconditional, help: "Seed.") var seed: UInt64 = 0

    func validate() throws {
        guard cells > 0, samples >= cells, dims > 0 else { throw ValidationError("need 0 < --cells <= --samples and --dims > 0") }
        if samples >= Int(Int32.max) { throw ValidationError("--samples must be below 2^31") }
        let limits = MachineLimits.current
        let budget = Double(limits.memoryBytes)
        let sampleBytes = Double(samples) * (Double(dims) * 8 + 12)
        let cellBytes = Double(cells) * Double(dims) * 8 * 3
        if sampleBytes + cellBytes > budget {
            let flag = sampleBytes >= cellBytes ? "--samples \(samples)" : "--cells \(cells)"
            throw ValidationError("\(flag) is too large: k-means would need \(limits.describe(sampleBytes + cellBytes)) with --dims \(dims) "
                                  + limits.describeBudget)
        }
    }

    func run() throws {
        let start = Date()
        let archive = try CVTArchive<[Double]>(centroidCount: cells, samples: samples,
                                               descriptorSpace: Box(dimension: dims, range: -1...1), genomeLayout: 1, seed: seed)
        let seconds = Date().timeIntervalSince(start)
        let made = archive.construction!
        print(#"{"cells":\#(cells),"samples":\#(samples),"dims":\#(dims),"seed":\#(seed),"seconds":\#(seconds),"inertia":\#(made.inertia),"iterations":\#(made.iterations),"converged":\#(made.converged)}"#)
    }
}

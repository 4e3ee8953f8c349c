import ArgumentParser
import Foundation
import Tessera

/// `tessera bench`: micro-benchmarks of the parts whose strategy Tessera chooses.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print figures (nearest-centroid strategies, CVT construction).",
        subcommands: [NearestBench.self, CVTBench.self]
    )
}

/// Times every nearest-centroid strategy on the same random centroids and queries.
struct NearestBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nearest",
        abstract: "Time the brute-force, k-d tree and BLAS nearest-centroid strategies; print one JSON line per strategy.")

    @Option(help: "Descriptor dimension.") var dims: Int = 2
    @Option(help: "Number of centroids.") var centroids: Int = 10_000
    @Option(help: "Number of query points.") var points: Int = 100_000
    @Option(help: "Repetitions (the median is reported).") var repeats: Int = 5
    @Option(help: "Seed.") var seed: UInt64 = 0

    func validate() throws {
        guard dims > 0, centroids > 0, points > 0, repeats > 0 else { throw ValidationError("all sizes must be positive") }
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

    @Option(help: "Number of centroids.") var cells: Int = 10_000
    @Option(help: "Uniform samples.") var samples: Int = 100_000
    @Option(help: "Descriptor dimension (the box is [-1, 1]^d).") var dims: Int = 2
    @Option(help: "Seed.") var seed: UInt64 = 0

    func validate() throws {
        guard cells > 0, samples >= cells, dims > 0 else { throw ValidationError("need 0 < --cells <= --samples and --dims > 0") }
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

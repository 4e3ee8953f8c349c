import ArgumentParser
import Foundation
import Tessera
import TesseraTasks

/// Times the exact k-nearest-neighbour strategies on a novelty-search shape: a batch of
/// new behaviours against a large archive of uniform random ones.
struct KNNBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "knn",
        abstract: "Time the brute-force, k-d tree and BLAS k-nearest-neighbour strategies; print one JSON line per strategy.")

    @Option(parsing: .unconditional, help: "Behaviour dimension.") var dims: Int = 2
    @Option(parsing: .unconditional, help: "Points in the archive.") var archive: Int = 100_000
    @Option(parsing: .unconditional, help: "Query points (the batch whose novelty is wanted).") var queries: Int = 1_000
    @Option(parsing: .unconditional, help: "Neighbours per query.") var k: Int = 15
    @Option(parsing: .unconditional, help: "Repetitions (the median is reported; at most 1000).") var repeats: Int = 5
    @Option(parsing: .unconditional, help: "Seed.") var seed: UInt64 = 0
    @Option(parsing: .unconditional, help: "auto, brute, tree, blas or all.") var strategy: String = "all"
    @Option(parsing: .unconditional, help: "euclidean or half-manhattan.") var distance: String = "euclidean"
    @Option(parsing: .unconditional, help: "OpenBLAS threads (default: OpenBLAS's own choice).") var blasThreads: Int?

    func validate() throws {
        for (flag, value) in [("--dims", dims), ("--archive", archive), ("--queries", queries), ("--k", k), ("--repeats", repeats)] where value <= 0 {
            throw ValidationError("\(flag) must be positive")
        }
        if let blasThreads, blasThreads <= 0 || blasThreads > 1024 { throw ValidationError("--blas-threads must be between 1 and 1024") }
        if repeats > 1000 { throw ValidationError("--repeats must be at most 1000") }
        if archive >= Int(Int32.max) { throw ValidationError("--archive must be below 2^31") }
        if k > archive { throw ValidationError("--k must be at most --archive (\(archive))") }
        if !(["all", "auto"] + NeighbourStrategy.allCases.map(\.rawValue)).contains(strategy) {
            throw ValidationError("--strategy must be auto, brute, tree, blas or all, not '\(strategy)'")
        }
        if BehaviourDistance(rawValue: distance) == nil {
            throw ValidationError("--distance must be euclidean or half-manhattan, not '\(distance)'")
        }
        // The archive twice (points and tree copy) with norms, the queries, and k results per query.
        let limits = MachineLimits.current
        let budget = Double(limits.memoryBytes)
        let archiveBytes = Double(archive) * (Double(dims) * 16 + 16)
        let queryBytes = Double(queries) * (Double(dims) * 8 + Double(k) * 24)
        if archiveBytes > budget {
            throw ValidationError("--archive \(archive) is too large: \(limits.describe(archiveBytes)) with --dims \(dims); "
                                  + "at most \(Format.count(Int(budget / (Double(dims) * 16 + 16)))) fit \(limits.describeBudget)")
        }
        if archiveBytes + queryBytes > budget {
            throw ValidationError("--queries \(queries) is too large: \(limits.describe(queryBytes)) with --dims \(dims) and --k \(k); "
                                  + "at most \(Format.count(Int(max(0, budget - archiveBytes) / (Double(dims) * 8 + Double(k) * 24)))) fit \(limits.describeBudget)")
        }
    }

    func run() {
        let metric = BehaviourDistance(rawValue: distance)!
        if let blasThreads { BLASThreads.set(blasThreads) }
        var rng = Xoshiro256(seed: seed)
        let points = (0..<(archive * dims)).map { _ in rng.nextUnitDouble() }
        let batch = (0..<(queries * dims)).map { _ in rng.nextUnitDouble() }
        let chosen: [NeighbourStrategy?] = switch strategy {
        case "all": [nil] + NeighbourStrategy.allCases.map { $0 }
        case "auto": [nil]
        default: [NeighbourStrategy(rawValue: strategy)!]
        }
        var reference: [Int32]?
        for choice in chosen {
            // Building from scratch in one append, and growing batch by batch as novelty search does.
            var start = Date()
            var index = NearestNeighbours(dimension: dims, distance: metric, strategy: choice)
            index.append(contentsOf: points)
            let buildSeconds = Date().timeIntervalSince(start)
            var grown = NearestNeighbours(dimension: dims, distance: metric, strategy: choice)
            start = Date()
            var first = 0
            while first < archive {
                let last = min(archive, first + queries)
                grown.append(contentsOf: Array(points[(first * dims)..<(last * dims)]))
                first = last
            }
            let growSeconds = Date().timeIntervalSince(start)
            var times: [Double] = []
            var result: (distances: [Double], indices: [Int32]) = ([], [])
            for _ in 0..<repeats {
                start = Date()
                result = index.search(batch, k: k)
                times.append(Date().timeIntervalSince(start))
            }
            let novelty = NoveltyScore.mean(distances: result.distances, k: k)
            if reference == nil { reference = result.indices }
            let same = result.indices == reference!
            let median = times.sorted()[times.count / 2] * 1000
            let name = choice?.rawValue ?? "auto"
            let used = index.strategyInUse.rawValue
            let meanNovelty = novelty.reduce(0, +) / Double(novelty.count)
            print(#"{"strategy":"\#(name)","uses":"\#(used)","distance":"\#(metric.rawValue)","dims":\#(dims),"archive":\#(archive),"queries":\#(queries),"k":\#(k),"blas_threads":\#(BLASThreads.current),"search_ms":\#(median),"build_ms":\#(buildSeconds * 1000),"grow_ms":\#(growSeconds * 1000),"grow_batches":\#((archive + queries - 1) / queries),"mean_novelty":\#(meanNovelty),"same_as_first":\#(same)}"#)
        }
    }
}

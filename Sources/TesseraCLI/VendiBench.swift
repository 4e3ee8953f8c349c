import ArgumentParser
import Foundation
import Tessera

/// `tessera bench vendi`: the time of an archive's Vendi score through random Fourier
/// features, and the error of those features against the exact score.
struct VendiBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vendi",
        abstract: "Time the archive Vendi score (random features) and measure its error against the exact score; print JSON lines.")

    @Option(parsing: .unconditional, help: "Elites in the timed archive (at most 1,000,000).") var elites: Int = 10_000
    @Option(parsing: .unconditional, help: "Descriptor dimension (at most 64).") var dims: Int = 2
    @Option(parsing: .unconditional, help: "Random Fourier features (at most 4,096).") var features: Int = 512
    @Option(parsing: .unconditional, help: "Seed.") var seed: UInt64 = 0
    @Option(parsing: .unconditional, help: "Repetitions: timings report the median, errors one seed per repetition (at most 100).")
    var repeats: Int = 5

    /// The number of elites of the exact-against-random-features comparison.
    static let comparedElites = 2_000

    func validate() throws {
        for (flag, value) in [("--elites", elites), ("--dims", dims), ("--features", features), ("--repeats", repeats)] where value <= 0 {
            throw ValidationError("\(flag) must be positive")
        }
        if elites > 1_000_000 { throw ValidationError("--elites must be at most 1,000,000") }
        if dims > 64 { throw ValidationError("--dims must be at most 64") }
        if features > 4_096 { throw ValidationError("--features must be at most 4,096") }
        if repeats > 100 { throw ValidationError("--repeats must be at most 100") }
        if elites * dims > 16_000_000 { throw ValidationError("--elites times --dims must be at most 16,000,000 (got \(elites * dims))") }
    }

    func run() throws {
        let space = Box(dimension: dims, range: 0...1)
        // The timed archive: uniform descriptors, scored through random features whatever
        // its size.
        var rng = Xoshiro256(seed: seed)
        let timed = Self.uniform(elites, dims, using: &rng)
        var times: [Double] = []
        var cpuTimes: [Double] = []
        var result: ArchiveDiversity?
        for _ in 0..<repeats {
            let cpuStart = Self.cpuSeconds()
            defer { cpuTimes.append(Self.cpuSeconds() - cpuStart) }
            let start = Date()
            result = try ArchiveDiversity(descriptors: timed, space: space, seed: seed, exactLimit: 1,
                                          featureCount: features)
            times.append(Date().timeIntervalSince(start))
        }
        let score = result!
        // Where the time goes: the bandwidth, the features alone, and features with ZᵀZ and
        // the eigendecomposition.
        var parts: [[Double]] = []
        for _ in 0..<repeats {
            var sample = Xoshiro256(seed: seed)
            var start = Date()
            _ = try RBFKernel.medianDistance(points: timed, dimension: dims, using: &sample)
            let bandwidth = Date().timeIntervalSince(start)
            // (A single elite has no bandwidth; any will do for timing.)
            let h = score.kernel.bandwidth > 0 ? score.kernel.bandwidth : 1
            let map = try RandomFourierFeatures(dimension: dims, bandwidth: h, count: features, seed: seed)
            start = Date()
            _ = try map.features(of: timed, normalizingRows: true)
            let featureSeconds = Date().timeIntervalSince(start)
            start = Date()
            _ = try map.vendiScore(of: timed)
            parts.append([bandwidth, featureSeconds, Date().timeIntervalSince(start)])
        }
        let median = { (i: Int) in parts.map { $0[i] }.sorted()[parts.count / 2] }
        print(#"{"case":"time_parts","elites":\#(elites),"dims":\#(dims),"features":\#(features),"bandwidth_seconds":\#(median(0)),"features_seconds":\#(median(1)),"score_seconds":\#(median(2))}"#)
        print(#"{"case":"time","elites":\#(elites),"dims":\#(dims),"features":\#(features),"seconds":\#(times.sorted()[times.count / 2]),"cpu_seconds":\#(cpuTimes.sorted()[cpuTimes.count / 2]),"vendi_score":\#(score.score),"bandwidth":\#(score.kernel.bandwidth)}"#)

        // Exact against random features at 2,000 elites, one seed per repetition.
        for kind in ["uniform", "clustered"] {
            var normalizedErrors: [Double] = []
            var rawErrors: [Double] = []
            var exactSeconds: [Double] = []
            for r in 0..<repeats {
                let caseSeed = seed &+ UInt64(r)
                var caseRNG = Xoshiro256(seed: caseSeed)
                let descriptors = kind == "uniform" ? Self.uniform(Self.comparedElites, dims, using: &caseRNG)
                    : Self.clustered(Self.comparedElites, dims, clusters: 10, spread: 0.02, using: &caseRNG)
                let start = Date()
                let exact = try ArchiveDiversity(descriptors: descriptors, space: space, seed: caseSeed)
                exactSeconds.append(Date().timeIntervalSince(start))
                let approximate = try ArchiveDiversity(descriptors: descriptors, space: space, seed: caseSeed, exactLimit: 1,
                                                       featureCount: features)
                let h = exact.kernel.bandwidth
                let map = try RandomFourierFeatures(dimension: dims, bandwidth: h, count: features, seed: caseSeed ^ 0xFEA7)
                let raw = try map.vendiScore(of: descriptors, normalizingRows: false).value()
                normalizedErrors.append((approximate.score - exact.score) / exact.score)
                rawErrors.append((raw - exact.score) / exact.score)
                print(#"{"case":"error","descriptors":"\#(kind)","elites":\#(Self.comparedElites),"dims":\#(dims),"features":\#(features),"seed":\#(caseSeed),"bandwidth":\#(h),"exact":\#(exact.score),"random_features":\#(approximate.score),"relative_error":\#(normalizedErrors.last!),"random_features_unnormalized":\#(raw),"relative_error_unnormalized":\#(rawErrors.last!),"exact_seconds":\#(exactSeconds.last!)}"#)
            }
            let meanAbs = { (errors: [Double]) in errors.map(abs).reduce(0, +) / Double(errors.count) }
            print(#"{"case":"error_summary","descriptors":"\#(kind)","elites":\#(Self.comparedElites),"dims":\#(dims),"features":\#(features),"repeats":\#(repeats),"mean_abs_relative_error":\#(meanAbs(normalizedErrors)),"max_abs_relative_error":\#(normalizedErrors.map(abs).max()!),"mean_abs_relative_error_unnormalized":\#(meanAbs(rawErrors)),"max_abs_relative_error_unnormalized":\#(rawErrors.map(abs).max()!),"exact_seconds_median":\#(exactSeconds.sorted()[exactSeconds.count / 2])}"#)
        }
    }

    /// The CPU time of the process, all threads (OpenBLAS's included), in seconds: on a
    /// busy machine a steadier figure than the wall clock.
    static func cpuSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }

    /// `n` points uniform in the unit cube, row-major.
    static func uniform(_ n: Int, _ d: Int, using rng: inout Xoshiro256) -> [Double] {
        (0..<(n * d)).map { _ in rng.nextUnitDouble() }
    }

    /// `n` points in `clusters` Gaussian blobs of standard deviation `spread`, centred
    /// uniformly in the unit cube, row-major.
    static func clustered(_ n: Int, _ d: Int, clusters: Int, spread: Double, using rng: inout Xoshiro256) -> [Double] {
        let centres = uniform(clusters, d, using: &rng)
        var out = [Double](repeating: 0, count: n * d)
        for i in 0..<n {
            let c = rng.nextIndex(below: clusters)
            for j in 0..<d { out[i * d + j] = centres[c * d + j] + spread * rng.nextNormal() }
        }
        return out
    }
}

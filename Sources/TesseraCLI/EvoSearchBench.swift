import ArgumentParser
import Foundation
import Tessera

/// `tessera bench evosearch`: EvoSearch, best-of-N and evosearch-qd on the built-in exact
/// diffusion model at equal NFE, seed by seed, with a summary per algorithm (issue 13).
struct EvoSearchBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evosearch",
        abstract: "EvoSearch against best-of-N and evosearch-qd on the exact mixture model at equal NFE; print JSON lines.")

    @Option(parsing: .unconditional, help: "The model's dimension (8 to 4,096).") var dims: Int = 16
    @Option(help: "The reward: rare-target or multi-peak.") var reward: String = MixtureReward.rareTarget.rawValue
    @Option(parsing: .unconditional, help: "Seeds 1…N (at most 1,000).") var seeds: Int = 20

    func validate() throws {
        guard (GaussianMixtureDiffusion.modeCount...GaussianMixtureDiffusion.maximumDimension).contains(dims) else {
            throw ValidationError("--dims must be in 8...4096 (got \(dims))")
        }
        guard MixtureReward(rawValue: reward) != nil else {
            throw ValidationError("--reward must be \(MixtureReward.allCases.map(\.rawValue).joined(separator: " or ")) (got '\(reward)')")
        }
        guard (1...1000).contains(seeds) else { throw ValidationError("--seeds must be in 1...1000 (got \(seeds))") }
    }

    /// One algorithm's figures on one seed.
    struct Figures {
        var bestReward: Double
        var bestMode: Int
        var modes: Int
        var vendi: Double
        var nfe: Int
        var seconds: Double
    }

    func run() async throws {
        // One BLAS thread: the Vendi scores' eigenvalues are small, and a second OpenBLAS
        // thread spins (sched_yield) after every call, taking a core from the search timed.
        BLASThreads.set(1)
        let model = try GaussianMixtureDiffusion(dimension: dims)
        let scorer = MixtureRewardScorer(model: model, reward: MixtureReward(rawValue: reward)!)
        let schedule = try EvoSearchSchedule()
        func search(_ algorithm: EvoSearchAlgorithm) throws -> EvoSearch<GaussianMixtureDiffusion, MixtureRewardScorer> {
            try EvoSearch(generator: model, reward: scorer, algorithm: algorithm, schedule: schedule, cell: { Int($0[0]) })
        }
        // Items of a final set are alike within a mode and distinct across modes at this
        // bandwidth: the modes' spread s√d.
        let kernel = try RBFKernel(bandwidth: model.modeDeviation * Double(dims).squareRoot())
        func mode(_ x: [Double]) -> Int { x.withUnsafeBufferPointer { model.mode(of: $0) } }
        typealias Result = EvoSearch<GaussianMixtureDiffusion, MixtureRewardScorer>.Result
        func figures(_ result: Result, final: [[Double]], seconds: Double) throws -> Figures {
            let vendi = try VendiScore(kernel: kernel.matrix(points: final.flatMap { $0 }, dimension: dims)).value()
            return Figures(bestReward: result.bestReward, bestMode: mode(result.bestOutput), modes: Set(final.map(mode)).count,
                           vendi: vendi, nfe: result.nfe, seconds: seconds)
        }
        func timed(_ algorithm: EvoSearchAlgorithm, seed: Int) async throws -> (Result, Double) {
            let chosen = try search(algorithm)
            let start = Date()
            let value = try await chosen.run(seed: UInt64(seed))
            return (value, Date().timeIntervalSince(start))
        }
        var table: [String: [Figures]] = [:]
        let names = ["evosearch", "best-of-n", "evosearch-qd"]
        for seed in 1...seeds {
            let (evolved, t1) = try await timed(.evoSearch, seed: seed)
            let (best, t2) = try await timed(.bestOfN, seed: seed)
            let (qd, t3) = try await timed(.qualityDiversity, seed: seed)
            let rows = [try figures(evolved, final: evolved.finalOutputs, seconds: t1),
                        try figures(best, final: best.finalOutputs, seconds: t2),
                        try figures(qd, final: qd.cells.keys.sorted().map { qd.cells[$0]!.output }, seconds: t3)]
            for (name, row) in zip(names, rows) {
                table[name, default: []].append(row)
                print(Self.line(["case": "run", "algorithm": name, "seed": seed, "dims": dims, "reward": reward, "best_reward": row.bestReward,
                                 "best_mode": row.bestMode, "modes": row.modes, "vendi_final": row.vendi, "nfe": row.nfe,
                                 "nfe_per_second": Double(row.nfe) / max(row.seconds, 1e-9)]))
            }
        }
        let reference = table["best-of-n"]!
        for name in names {
            let rows = table[name]!
            let rewards = rows.map(\.bestReward)
            let mean = rewards.reduce(0, +) / Double(rows.count)
            let sd = (rewards.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(rows.count - 1, 1))).squareRoot()
            let wins = zip(rows, reference).filter { $0.bestReward > $1.bestReward }.count
            print(Self.line(["case": "summary", "algorithm": name, "dims": dims, "reward": reward, "seeds": seeds,
                             "best_reward_mean": mean, "best_reward_sd": sd, "best_in_mode_7": rows.filter { $0.bestMode == 7 }.count,
                             "wins_over_best_of_n": wins, "modes_mean": Double(rows.map(\.modes).reduce(0, +)) / Double(rows.count),
                             "vendi_final_mean": rows.map(\.vendi).reduce(0, +) / Double(rows.count),
                             "vendi_kernel": "rbf, bandwidth s*sqrt(d) = \(kernel.bandwidth)", "nfe": rows[0].nfe,
                             "nfe_per_second": Double(rows.map(\.nfe).reduce(0, +)) / max(rows.map(\.seconds).reduce(0, +), 1e-9)]))
        }
    }

    static func line(_ object: [String: Any]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}

import ArgumentParser
import Foundation
import Tessera

/// `tessera bench cma`: CMA-ES runs on pycma's test functions with the settings of
/// `/work/shared/peers/pycma_bench.py`, one JSON line per run (the peer's field names), or
/// a table of medians. `Scripts/cma_compare.py` runs both side by side.
struct CMABench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cma",
        abstract: "Run CMA-ES (full, separable or LM-MA) on sphere, ellipsoid and Rosenbrock; print a table or JSON lines.",
        discussion: """
            Same settings as pycma_bench.py: x0 = [--x0] * n, sigma0, the default population \
            4 + floor(3 ln n), no restarts, no bounds; a run stops at the end of the generation that \
            first samples f < --ftarget, on a stopping test, or after --maxfevals evaluations. \
            'evaluations' is the first hit rounded up to its generation's end (else every \
            evaluation); 'overhead_ns_per_evaluation' is (wall - objective time) / evaluations. \
            Row r of generation g is drawn from the stream RandomStreams(seed).stream(iteration: g, \
            emitter: 0, row: r).
            """)

    @Option(parsing: .unconditional, help: "sphere, ellipsoid, rosenbrock or all.") var function: String = "all"
    @Option(parsing: .upToNextOption, help: "Dimensions (2 to 2,000 for cma, to 100,000 for sep and lm-ma).") var dims: [Int] = [10, 40]
    @Option(parsing: .unconditional, help: "Seeds: 1-10, or 1,2,5 (at most 10,000).") var seeds: String = "1-10"
    @Option(parsing: .unconditional, help: "cma (full covariance), sep (diagonal) or lm-ma (limited memory).") var es: String = "cma"
    @Option(parsing: .unconditional, help: "Target value.") var ftarget: Double = 1e-8
    @Option(parsing: .unconditional, help: "Evaluation budget per run (1 to 1e9).") var maxfevals: Double = 1e6
    @Option(parsing: .unconditional, help: "Initial step size.") var sigma0: Double = 0.5
    @Option(parsing: .unconditional, help: "Every coordinate of the initial mean.") var x0: Double = 0.1
    @Option(parsing: .unconditional, help: "OpenBLAS threads (1 to 256; pycma_bench.py's --threads, default 1 in both).") var threads: Int = 1
    @Flag(help: "Positive weights only (cma; active CMA is the default).") var positiveWeights = false
    @Flag(help: "One JSON line per run instead of the table.") var json = false

    static let functions = ["sphere", "ellipsoid", "rosenbrock"]
    static let strategies = ["cma", "sep", "lm-ma"]

    /// The seeds of a `--seeds` value, or `nil` when it does not parse.
    static func parseSeeds(_ spec: String) -> [Int]? {
        var out: [Int] = []
        for part in spec.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if part.isEmpty { continue }
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            if bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), low >= 0, low <= high, high - low < 10_000 {
                out.append(contentsOf: low...high)
            } else if bounds.count == 1, let seed = Int(part), seed >= 0 {
                out.append(seed)
            } else {
                return nil
            }
            if out.count > 10_000 { return nil }
        }
        return out.isEmpty ? nil : out
    }

    func validate() throws {
        guard function == "all" || Self.functions.contains(function) else {
            throw ValidationError("--function must be sphere, ellipsoid, rosenbrock or all, not '\(function)'")
        }
        guard Self.strategies.contains(es) else { throw ValidationError("--es must be cma, sep or lm-ma, not '\(es)'") }
        guard !dims.isEmpty else { throw ValidationError("--dims needs at least one dimension") }
        let largest = es == "cma" ? 2_000 : 100_000
        for n in dims where n < 2 || n > largest {
            throw ValidationError("--dims must be between 2 and \(Format.count(largest)) for --es \(es) (got \(n))")
        }
        guard Self.parseSeeds(seeds) != nil else {
            throw ValidationError("--seeds must be a range like 1-10 or a list like 1,2,5 of at most 10,000 seeds at least 0, not '\(seeds)'")
        }
        guard ftarget.isFinite else { throw ValidationError("--ftarget must be finite") }
        guard maxfevals.isFinite && maxfevals >= 1 && maxfevals <= 1e9 else { throw ValidationError("--maxfevals must be between 1 and 1e9") }
        guard sigma0.isFinite && sigma0 > 0 else { throw ValidationError("--sigma0 must be finite and positive") }
        guard x0.isFinite else { throw ValidationError("--x0 must be finite") }
        guard threads >= 1 && threads <= 256 else { throw ValidationError("--threads must be between 1 and 256") }
        if positiveWeights && es != "cma" { throw ValidationError("--positive-weights applies to --es cma only") }
    }

    /// One run's figures, with pycma_bench.py's names.
    struct Run {
        var function: String
        var dims: Int
        var seed: Int
        var evaluations: Int
        var reached: Bool
        var wallSeconds: Double
        var firstHit: Int?
        var iterations: Int
        var popsize: Int
        var bestF: Double
        var objectiveSeconds: Double
        var totalEvaluations: Int
        var stop: String

        var overhead: Double { (wallSeconds - objectiveSeconds) / Double(max(totalEvaluations, 1)) * 1e9 }
    }

    func run() throws {
        let functions = function == "all" ? Self.functions : [function]
        let seedList = Self.parseSeeds(seeds)!
        let cpu = Self.cpuModel()
        BLASThreads.set(threads)
        var runs: [Run] = []
        for name in functions {
            for n in dims {
                for seed in seedList {
                    let result = try runOne(name, n, seed)
                    if json {
                        print(Self.jsonLine(result, es: es, active: es == "cma" && !positiveWeights, cpu: cpu))
                    }
                    runs.append(result)
                }
            }
        }
        if !json { printTable(runs, cpu: cpu) }
    }

    /// One run of the chosen strategy.
    func runOne(_ name: String, _ n: Int, _ seed: Int) throws -> Run {
        let objective = Self.objective(name, n)
        let start = Self.now()
        let mean = [Double](repeating: x0, count: n)
        var result: Run
        switch es {
        case "sep":
            var strategy = try SeparableCMAEvolutionStrategy(mean: mean, sigma: sigma0)
            result = drive(&strategy, objective, name, n, seed)
        case "lm-ma":
            var strategy = try LMMAEvolutionStrategy(mean: mean, sigma: sigma0)
            result = drive(&strategy, objective, name, n, seed)
        default:
            var strategy = try CMAEvolutionStrategy(mean: mean, sigma: sigma0, active: !positiveWeights)
            result = drive(&strategy, objective, name, n, seed)
        }
        result.wallSeconds = Self.now() - start
        return result
    }

    /// Asks, evaluates and tells until the target, a stopping test or the budget.
    func drive<S: BenchStrategy>(_ strategy: inout S, _ objective: ([Double], Int) -> Double, _ name: String, _ n: Int, _ seed: Int) -> Run {
        let streams = RandomStreams(seed: UInt64(seed))
        let lambda = strategy.populationSize
        let budget = Int(maxfevals)
        var values = [Double](repeating: 0, count: lambda)
        var evaluations = 0, generations = 0
        var firstHit: Int?
        var bestF = Double.infinity
        var objectiveSeconds = 0.0
        var stop = ""
        while true {
            let g = generations
            let (x, z, _) = strategy.sample(rows: lambda, stream: { streams.stream(iteration: g, emitter: 0, row: $0) })
            let t = Self.now()
            for r in 0..<lambda { values[r] = objective(x, r * n) }
            objectiveSeconds += Self.now() - t
            for r in 0..<lambda {
                if values[r] < bestF { bestF = values[r] }
                if firstHit == nil && values[r] < ftarget { firstHit = evaluations + r + 1 }
            }
            evaluations += lambda
            generations += 1
            strategy.tell(x, values: values, normals: z)
            if firstHit != nil { stop = #"{"ftarget":\#(ftarget)}"#; break }
            if evaluations >= budget { stop = #"{"maxfevals":\#(budget)}"#; break }
            if let reason = strategy.stop { stop = #"{"\#(reason.rawValue)":true}"#; break }
        }
        let counted = firstHit.map { ($0 + lambda - 1) / lambda * lambda } ?? evaluations
        return Run(function: name, dims: n, seed: seed, evaluations: counted, reached: firstHit != nil, wallSeconds: 0,
                   firstHit: firstHit, iterations: generations, popsize: lambda, bestF: bestF,
                   objectiveSeconds: objectiveSeconds, totalEvaluations: evaluations, stop: stop)
    }

    /// pycma's `cma.ff` functions on the row of `x` starting at `offset`.
    static func objective(_ name: String, _ n: Int) -> ([Double], Int) -> Double {
        switch name {
        case "ellipsoid":
            let scale = (0..<n).map { pow(1e6, Double($0) / Double(n - 1)) }
            return { x, o in
                var sum = 0.0
                for i in 0..<n { sum += scale[i] * x[o + i] * x[o + i] }
                return sum
            }
        case "rosenbrock":
            return { x, o in
                var sum = 0.0
                for i in 0..<(n - 1) {
                    let a = x[o + i] * x[o + i] - x[o + i + 1], b = 1 - x[o + i]
                    sum += 100 * a * a + b * b
                }
                return sum
            }
        default:
            return { x, o in
                var sum = 0.0
                for i in 0..<n { sum += x[o + i] * x[o + i] }
                return sum
            }
        }
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// The `model name` of /proc/cpuinfo, or "unknown".
    static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
              let colon = line.firstIndex(of: ":") else { return "unknown" }
        return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }

    static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }

    static func jsonLine(_ r: Run, es: String, active: Bool, cpu: String) -> String {
        let quotedCPU = cpu.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let perSecond = r.wallSeconds > 0 ? Double(r.totalEvaluations) / r.wallSeconds : .nan
        return #"{"function":"\#(r.function)","dims":\#(r.dims),"seed":\#(r.seed),"evaluations":\#(r.evaluations),"reached":\#(r.reached),"wall_seconds":\#(number(r.wallSeconds)),"first_hit_evaluation":\#(r.firstHit.map(String.init) ?? "null"),"iterations":\#(r.iterations),"popsize":\#(r.popsize),"best_f":\#(number(r.bestF)),"objective_seconds":\#(number(r.objectiveSeconds)),"evals_per_second":\#(number(perSecond)),"stop":\#(r.stop),"es":"\#(es)","active":\#(active),"evaluations_total":\#(r.totalEvaluations),"overhead_ns_per_evaluation":\#(number(r.overhead)),"cpu_model":"\#(quotedCPU)"}"#
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    func printTable(_ runs: [Run], cpu: String) {
        print("tessera bench cma --es \(es)\(es == "cma" ? (positiveWeights ? " (positive weights)" : " (active)") : ""), CPU: \(cpu)")
        print("| function | n | λ | success | median evals | min | max | median wall s | median evals/s | median overhead ns/eval |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        var keys: [String] = []
        for r in runs where !keys.contains("\(r.function) \(r.dims)") { keys.append("\(r.function) \(r.dims)") }
        for key in keys {
            let group = runs.filter { "\($0.function) \($0.dims)" == key }
            let ok = group.filter(\.reached).map { Double($0.evaluations) }
            let show = { (v: Double?) in v.map { String(format: "%g", $0) } ?? "-" }
            print(String(format: "| %@ | %d | %d | %d/%d | %@ | %@ | %@ | %.3f | %.0f | %.0f |", group[0].function, group[0].dims,
                         group[0].popsize, ok.count, group.count, show(ok.isEmpty ? nil : Self.median(ok)), show(ok.min()), show(ok.max()),
                         Self.median(group.map(\.wallSeconds)),
                         Self.median(group.map { Double($0.totalEvaluations) / max($0.wallSeconds, 1e-12) }),
                         Self.median(group.map(\.overhead))))
        }
    }
}

/// What the bench needs of a strategy beyond ``EvolutionStrategy``: telling values.
protocol BenchStrategy: EvolutionStrategy {
    mutating func tell(_ candidates: [Double], values: [Double], normals: [Double]?)
}

extension CMAEvolutionStrategy: BenchStrategy {}
extension SeparableCMAEvolutionStrategy: BenchStrategy {}
extension LMMAEvolutionStrategy: BenchStrategy {}

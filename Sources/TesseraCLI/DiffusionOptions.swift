import ArgumentParser
import Foundation
import Tessera
import TesseraTasks

/// The flags of EvoSearch runs (`tessera run mixture-diffusion`, `tessera run --generator URL`).
struct DiffusionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The reward: rare-target or multi-peak on mixture-diffusion (default rare-target); a reward the server offers (default: its own).",
                               valueName: "NAME"))
    var reward: String?

    @Option(help: ArgumentHelp("EvoSearch's evolution steps, increasing, inside the sampler's steps. Default: 0,20,30,40.", valueName: "LIST"))
    var evolutionSchedule: String?

    @Option(help: ArgumentHelp("The first population, then one per evolution step. Default: 42,26,26,26,30 (5,000 NFE on 50 steps).",
                               valueName: "LIST"))
    var populationSchedule: String?

    @Option(parsing: .unconditional, help: "Elites kept unmutated in every generation. Default: 5.")
    var elites: Int?

    @Option(parsing: .unconditional, help: "EvoSearch's mutation rate β in [0, 1]. Default: 0.2.")
    var mutationRate: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("The NFE budget: best-of-n's N is NFE / steps; EvoSearch's populations are scaled to it. Default: the schedule's (5,000).",
                                                        valueName: "N"))
    var nfe: Int?

    @Option(help: ArgumentHelp("A denoising server (tessera-denoising/1, see Docs/DiffusionProtocol.md) to search instead of the built-in model.",
                               valueName: "URL"))
    var generator: String?

    @Option(help: ArgumentHelp("The environment variable holding the server's bearer token (never printed or saved).", valueName: "NAME"))
    var generatorTokenEnv: String?

    /// `--grid AxB`: cells per descriptor of a server run's archive (10 per descriptor by
    /// default). Read from the run's leftover arguments, where `--grid` is the grid
    /// archive's option of the numeric tasks.
    var grid: String?

    /// Whether any of these flags was given.
    var anyGiven: Bool {
        reward != nil || evolutionSchedule != nil || populationSchedule != nil || elites != nil || mutationRate != nil || nfe != nil
            || generator != nil || generatorTokenEnv != nil
    }

    /// A comma-separated list of integers.
    static func integers(_ text: String, flag: String) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.isEmpty, parts.count <= 1000 else { throw ValidationError("\(flag) must list 1 to 1,000 integers separated by commas (got '\(text.prefix(100))')") }
        return try parts.map { part in
            guard let value = Int(part) else { throw ValidationError("\(flag) must list integers separated by commas (got '\(text.prefix(100))')") }
            return value
        }
    }

    enum CodingKeys: CodingKey {
        case reward, evolutionSchedule, populationSchedule, elites, mutationRate, nfe, generator, generatorTokenEnv
    }

    /// These options with `--grid` taken from `arguments`, and the arguments left.
    ///
    /// - Throws: `ValidationError` for a `--grid` without its value.
    func takingGrid(from arguments: [String]) throws -> (DiffusionOptions, [String]) {
        var copy = self
        var left = [String]()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--grid" {
                guard index + 1 < arguments.count else { throw ValidationError("--grid needs a value such as 10x10") }
                copy.grid = arguments[index + 1]
                index += 2
            } else if argument.hasPrefix("--grid=") {
                copy.grid = String(argument.dropFirst("--grid=".count))
                index += 1
            } else {
                left.append(argument)
                index += 1
            }
        }
        return (copy, left)
    }

    /// The grid's cells per descriptor.
    func gridShape() throws -> [Int]? {
        guard let grid else { return nil }
        let parts = grid.split(separator: "x", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= 8, let shape = Optional(parts.compactMap { Int($0) }), shape.count == parts.count,
              shape.allSatisfy({ (1...DiffusionRunConfiguration.maximumBins).contains($0) })
        else { throw ValidationError("--grid must give cells per descriptor as AxB…, each 1...\(DiffusionRunConfiguration.maximumBins) (got '\(grid.prefix(100))')") }
        return shape
    }

    /// The schedule the flags give, checked against `stepCount` sampling steps, scaled to
    /// `--nfe` unless best-of-n.
    ///
    /// Best-of-n does not evolve: on a generator whose steps the default schedule does not
    /// fit, it keeps a one-step schedule of the paper's 100 samples (its N is `--nfe`'s, or
    /// ``sampleCount(stepCount:algorithm:)``'s).
    func schedule(stepCount: Int, algorithm: EvoSearchAlgorithm) throws -> EvoSearchSchedule {
        let defaults = try EvoSearchSchedule()
        if algorithm == .bestOfN, evolutionSchedule == nil, populationSchedule == nil, defaults.evolutionSteps.last! >= stepCount {
            return try EvoSearchSchedule(evolutionSteps: [0], populations: [Self.paperSamples, defaults.eliteCount + 1],
                                         eliteCount: defaults.eliteCount, stepCount: stepCount)
        }
        if evolutionSchedule == nil, populationSchedule == nil, defaults.evolutionSteps.last! >= stepCount {
            throw ValidationError("the default --evolution-schedule \(defaults.evolutionSteps.map(String.init).joined(separator: ",")) "
                                  + "needs 50 sampling steps; this generator has \(stepCount): give --evolution-schedule and --population-schedule")
        }
        let steps = try evolutionSchedule.map { try Self.integers($0, flag: "--evolution-schedule") } ?? defaults.evolutionSteps
        var populations: [Int]
        if let populationSchedule {
            populations = try Self.integers(populationSchedule, flag: "--population-schedule")
        } else if steps == defaults.evolutionSteps {
            populations = defaults.populations
        } else {
            throw ValidationError("--evolution-schedule \(evolutionSchedule!) needs --population-schedule with \(steps.count + 1) populations")
        }
        let eliteCount = elites ?? defaults.eliteCount
        func make(_ populations: [Int]) throws -> EvoSearchSchedule {
            do {
                return try EvoSearchSchedule(evolutionSteps: steps, populations: populations, eliteCount: eliteCount,
                                             mutationRate: mutationRate ?? defaults.mutationRate, stepCount: stepCount)
            } catch {
                let flag = ["evolutionSteps": "--evolution-schedule", "populations": "--population-schedule", "eliteCount": "--elites",
                            "mutationRate": "--mutation-rate"][error.parameter] ?? error.parameter
                throw ValidationError("\(flag) \(error.problem)")
            }
        }
        let schedule = try make(populations)
        guard let nfe, algorithm != .bestOfN else { return schedule }
        let factor = Double(nfe) / Double(schedule.nfe(stepCount: stepCount))
        populations = schedule.populations.enumerated().map { index, population in
            max(index == 0 ? 1 : eliteCount + 1, Int(min(Double(population) * factor, 1e12).rounded()))
        }
        if let largest = populations.max(), largest > 1_000_000 {
            throw ValidationError("--nfe \(nfe) would scale the populations to \(largest) rollouts (at most 1,000,000 each); "
                                  + "give a smaller --nfe or more evolution steps")
        }
        return try make(populations)
    }

    /// The paper's best-of-N: 100 samples.
    static let paperSamples = 100

    /// Best-of-n's N for `--nfe`, or `nil` for the schedule's budget.
    func sampleCount(stepCount: Int, algorithm: EvoSearchAlgorithm) throws -> Int? {
        guard algorithm == .bestOfN else { return nil }
        guard let nfe else {
            let defaults = try EvoSearchSchedule()
            return evolutionSchedule == nil && populationSchedule == nil && defaults.evolutionSteps.last! >= stepCount ? Self.paperSamples : nil
        }
        guard nfe >= stepCount else { throw ValidationError("--nfe \(nfe) is less than one trajectory of \(stepCount) steps") }
        return nfe / stepCount
    }

    /// The checks that need no server.
    func validate() throws {
        if let nfe, !(1...1_000_000_000).contains(nfe) { throw ValidationError("--nfe must be in 1...1000000000 (got \(nfe))") }
        if let elites, !(0...1_000_000).contains(elites) { throw ValidationError("--elites must be in 0...1000000 (got \(elites))") }
        if let mutationRate, !(0...1).contains(mutationRate) { throw ValidationError("--mutation-rate must be in [0, 1] (got \(mutationRate))") }
        _ = try gridShape()
        if let evolutionSchedule { _ = try Self.integers(evolutionSchedule, flag: "--evolution-schedule") }
        if let populationSchedule { _ = try Self.integers(populationSchedule, flag: "--population-schedule") }
        if generatorTokenEnv != nil, generator == nil { throw ValidationError("--generator-token-env applies only with --generator URL") }
        if let reward, reward.isEmpty || reward.count > 200 || reward.contains(where: \.isNewline) {
            throw ValidationError("--reward must name a reward (got '\(reward.prefix(200))')")
        }
    }
}

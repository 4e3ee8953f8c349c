import Foundation
import Tessera

/// The options and emitters the CMA algorithms share.
enum CMAOptions {
    /// The options of a CMA algorithm with these defaults; a `nil` ranker is left out (the
    /// bandit mixes rankers).
    static func options(emitters: Int, ranker: Ranker?, selection: SelectionRule, restart: RestartRule) -> [RunOption] {
        var options = [
            RunOption(.emitters, kind: .count, help: "CMA emitters run side by side (active ones for the bandit); --batch-size is per emitter.",
                      maximum: 1_000) { _ in .integer(emitters) },
            RunOption(.sigma0, kind: .number, help: "Initial step size of every emitter's strategy.") { .number($0.defaultSigma) },
            RunOption(.es, choices: ["cma", "sep", "lm-ma"],
                      help: "Evolution strategy: cma (full covariance), sep (diagonal), lm-ma (limited-memory matrix adaptation).") { _ in
                .text("cma")
            },
        ]
        if let ranker {
            options.append(RunOption(.ranker, choices: Ranker.allCases.map(\.rawValue),
                                     help: "Ranker: obj, 2obj, imp (CMA-MAE), 2imp (CMA-ME), rd, 2rd (random direction).") { _ in
                .text(ranker.rawValue)
            })
            options.append(RunOption(.selectionRule, choices: SelectionRule.allCases.map(\.rawValue),
                                     help: "Parents: mu (best half of the batch) or filter (the rows the archive took).") { _ in
                .text(selection.rawValue)
            })
        }
        options.append(restartRuleOption(restart))
        return options
    }

    /// `--restart-rule basic|no_improvement|N`.
    static func restartRuleOption(_ rule: RestartRule) -> RunOption {
        RunOption(.restartRule, help: "Restart besides convergence: basic (never), no_improvement (when nothing entered the archive), or every N iterations.",
                  reader: { text in
                      guard RestartRule(text) != nil else {
                          throw ConfigurationError(setting: .restartRule, problem: "takes basic, no_improvement or a whole number of at least 1 (got '\(text)')")
                      }
                      return .text(text)
                  },
                  check: { value throws(ConfigurationError) in
                      guard let text = value.text, RestartRule(text) != nil else {
                          throw ConfigurationError(setting: .restartRule, problem: "must be basic, no_improvement or a whole number of at least 1")
                      }
                  },
                  describe: { $0.text ?? "" }, default: { _ in .text(rule.description) })
    }

    /// CMA-MAE's `--alpha`.
    static let alpha = RunOption(.alpha, kind: .number, help: "CMA-MAE archive learning rate, in [0, 1] (1 is CMA-ME's elitism).") { _ in .number(0.01) }

    /// The bandit's `--pool`.
    static let pool = RunOption(.pool, kind: .count, help: "Bandit pool size as a multiple of --emitters (each third: 2imp, 2rd, obj).",
                                maximum: 100) { _ in .integer(3) }

    /// Checks what the kinds of the options cannot: σ₀ above 0, batches of at least 2, α
    /// in [0, 1], and a batch per iteration that fits an `Int`.
    @Sendable static func validate(_ configuration: RunConfiguration) throws(ConfigurationError) {
        if let sigma0 = configuration.number(.sigma0), !(sigma0 > 0) {
            throw ConfigurationError(setting: .sigma0, problem: "must be above 0 (got \(sigma0))")
        }
        if configuration.batchSize < 2 || configuration.batchSize > 1_000_000 {
            throw ConfigurationError(setting: .batchSize, problem: "must be in 2...1000000 for a CMA emitter (got \(configuration.batchSize))")
        }
        if let alpha = configuration.number(.alpha), !(0...1).contains(alpha) {
            throw ConfigurationError(setting: .alpha, problem: "must be in [0, 1] (got \(alpha))")
        }
        let (_, overflow) = configuration.batchSize.multipliedReportingOverflow(by: configuration.integer(.emitters) ?? 1)
        if overflow { throw ConfigurationError(setting: .emitters, problem: "times --batch-size overflows") }
    }

    /// The bytes of the strategies' state: every emitter of the pool, each a covariance,
    /// its eigenvectors and the workspace of the decomposition (4 n² numbers) for `cma`,
    /// a few vectors for `sep`, and the direction vectors for `lm-ma`.
    @Sendable static func stateBytes(_ configuration: RunConfiguration) -> Double {
        let n = Double(configuration.dimension)
        let count = Double(configuration.integer(.emitters) ?? 1) * Double(configuration.integer(.pool) ?? 1)
        switch configuration.value(.es)?.text {
        case "sep": return count * 10 * n * 8
        case "lm-ma": return count * (Double(CMAParameters.defaultPopulationSize(dimension: max(1, configuration.dimension))) + 8) * n * 8
        default: return count * 4 * n * n * 8
        }
    }

    /// CMA-MAE's acceptance: α and the task's lowest objective (its QD-score offset).
    @Sendable static func acceptance(_ configuration: RunConfiguration) throws -> Acceptance {
        let alpha = configuration.number(.alpha) ?? 0.01
        guard (0...1).contains(alpha) else { throw ConfigurationError(setting: .alpha, problem: "must be in [0, 1] (got \(alpha))") }
        return try Acceptance(learningRate: alpha, thresholdMin: configuration.task.qdScoreOffset)
    }

    /// The configuration's `--emitters` evolution-strategy emitters, all from x0 = 0.
    static func emitters(_ configuration: RunConfiguration) throws -> [any Emitter<[Double]>] {
        let ranker = Ranker(rawValue: configuration.value(.ranker)?.text ?? "") ?? .twoStageImprovement
        let selection = SelectionRule(rawValue: configuration.value(.selectionRule)?.text ?? "") ?? .mu
        return try (0..<(configuration.integer(.emitters) ?? 1)).map { _ in
            try emitter(configuration, ranker: ranker, selection: selection)
        }
    }

    /// One evolution-strategy emitter of the configuration's strategy and rules.
    static func emitter(_ configuration: RunConfiguration, ranker: Ranker, selection: SelectionRule) throws -> any Emitter<[Double]> {
        let parts = try Parts(configuration)
        switch configuration.value(.es)?.text {
        case "sep": return try parts.emitter(SeparableCMAEvolutionStrategy(mean: parts.x0, sigma: parts.sigma0, populationSize: parts.batch),
                                             ranker: ranker, selection: selection, restart: parts.restart)
        case "lm-ma": return try parts.emitter(LMMAEvolutionStrategy(mean: parts.x0, sigma: parts.sigma0, populationSize: parts.batch),
                                               ranker: ranker, selection: selection, restart: parts.restart)
        default: return try parts.emitter(CMAEvolutionStrategy(mean: parts.x0, sigma: parts.sigma0, populationSize: parts.batch, active: false),
                                          ranker: ranker, selection: selection, restart: parts.restart)
        }
    }

    /// The bandit of `cma-me-bandit`: `--emitters` active out of a pool `--pool` times as
    /// large, whose members cycle through improvement (2imp, filter, the restart rule),
    /// random-direction (2rd, filter, the restart rule) and optimising (obj, mu, basic)
    /// emitters.
    static func bandit(_ configuration: RunConfiguration) throws -> any Emitter<[Double]> {
        let parts = try Parts(configuration)
        let active = configuration.integer(.emitters) ?? 15, size = active * (configuration.integer(.pool) ?? 3)
        func pool<S: EvolutionStrategy>(_ strategy: () throws -> S) throws -> any Emitter<[Double]> {
            let members = try (0..<size).map { index -> EvolutionStrategyEmitter<S> in
                switch index % 3 {
                case 0: return try parts.emitter(strategy(), ranker: .twoStageImprovement, selection: .filter, restart: parts.restart)
                case 1: return try parts.emitter(strategy(), ranker: .twoStageRandomDirection, selection: .filter, restart: parts.restart)
                default: return try parts.emitter(strategy(), ranker: .objective, selection: .mu, restart: .basic)
                }
            }
            return try BanditEmitter(pool: members, activeCount: active)
        }
        switch configuration.value(.es)?.text {
        case "sep": return try pool { try SeparableCMAEvolutionStrategy(mean: parts.x0, sigma: parts.sigma0, populationSize: parts.batch) }
        case "lm-ma": return try pool { try LMMAEvolutionStrategy(mean: parts.x0, sigma: parts.sigma0, populationSize: parts.batch) }
        default: return try pool { try CMAEvolutionStrategy(mean: parts.x0, sigma: parts.sigma0, populationSize: parts.batch, active: false) }
        }
    }

    /// What every emitter of a configuration shares.
    struct Parts {
        let x0: [Double]
        let sigma0: Double
        let batch: Int
        let bounds: Box?
        let restart: RestartRule

        init(_ configuration: RunConfiguration) throws {
            x0 = [Double](repeating: 0, count: configuration.dimension)
            sigma0 = configuration.number(.sigma0) ?? 0.5
            guard sigma0 > 0 else { throw ConfigurationError(setting: .sigma0, problem: "must be above 0 (got \(sigma0))") }
            batch = configuration.batchSize
            guard batch >= 2 else { throw ConfigurationError(setting: .batchSize, problem: "must be at least 2 for a CMA emitter (got \(batch))") }
            bounds = configuration.task.genomeBounds(dimension: configuration.dimension)?.box
            restart = RestartRule(configuration.value(.restartRule)?.text ?? "basic") ?? .basic
        }

        /// An emitter of `strategy` with these parts.
        func emitter<S: EvolutionStrategy>(_ strategy: S, ranker: Ranker, selection: SelectionRule,
                                           restart: RestartRule) throws -> EvolutionStrategyEmitter<S> {
            try EvolutionStrategyEmitter(strategy: strategy, batchSize: batch, ranker: ranker, selection: selection,
                                         restartRule: restart, bounds: bounds)
        }
    }
}

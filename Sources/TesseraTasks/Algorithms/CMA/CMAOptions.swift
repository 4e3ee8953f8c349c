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
    static func emitter(_ configuration: RunConfiguration, ranker: Ranker, selection: SelectionRule,
                        restart: RestartRule? = nil) throws -> any Emitter<[Double]> {
        let parts = try Parts(configuration)
        let rule = restart ?? parts.restart
        switch configuration.value(.es)?.text {
        case "sep":
            return try EvolutionStrategyEmitter(strategy: SeparableCMAEvolutionStrategy(mean: parts.x0, sigma: parts.sigma0, populationSize: parts.batch),
                                                batchSize: parts.batch, ranker: ranker, selection: selection, restartRule: rule, bounds: parts.bounds)
        case "lm-ma":
            return try EvolutionStrategyEmitter(strategy: LMMAEvolutionStrategy(mean: parts.x0, sigma: parts.sigma0, populationSize: parts.batch),
                                                batchSize: parts.batch, ranker: ranker, selection: selection, restartRule: rule, bounds: parts.bounds)
        default:
            return try EvolutionStrategyEmitter(strategy: CMAEvolutionStrategy(mean: parts.x0, sigma: parts.sigma0, populationSize: parts.batch),
                                                batchSize: parts.batch, ranker: ranker, selection: selection, restartRule: rule, bounds: parts.bounds)
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
    }
}

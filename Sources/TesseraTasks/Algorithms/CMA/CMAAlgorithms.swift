import Foundation
import Tessera

extension AlgorithmDeclaration {
    /// CMA-ES on the objective alone: one evolution-strategy emitter ranking by objective,
    /// restarting at an elite when it converges; the archive keeps what it passes through.
    public static let cmaES = AlgorithmDeclaration(
        name: "cma-es",
        summary: "CMA-ES optimising the objective (one emitter, objective ranker, restarts at elites)",
        paper: "Hansen 2016, The CMA Evolution Strategy: A Tutorial (arXiv 1604.00772)",
        archive: .grid, options: CMAOptions.options(emitters: 1, ranker: .objective, selection: .mu, restart: .basic),
        defaultBatchSize: 36, batchSizeForDimension: { CMAParameters.defaultPopulationSize(dimension: max(1, $0)) },
        check: CMAOptions.validate, stateBytes: CMAOptions.stateBytes,
        emitters: { configuration, _ in try CMAOptions.emitters(configuration) })

    /// CMA-ME as pyribs' sphere benchmark runs it ("cma_me_basic", the CMA-MAE paper's
    /// baseline): 15 emitters of 36, two-stage improvement ranking, μ selection, restarts
    /// on convergence only.
    public static let cmaME = AlgorithmDeclaration(
        name: "cma-me",
        summary: "CMA-ME: 15 CMA-ES emitters, two-stage improvement ranking, mu selection, basic restarts",
        paper: "Fontaine, Togelius, Nikolaidis & Hoover 2020, Covariance Matrix Adaptation for the Rapid Illumination of Behavior Space (GECCO, arXiv 1912.02400)",
        archive: .grid, options: CMAOptions.options(emitters: 15, ranker: .twoStageImprovement, selection: .mu, restart: .basic),
        defaultBatchSize: 36, check: CMAOptions.validate, stateBytes: CMAOptions.stateBytes, emitters: { configuration, _ in try CMAOptions.emitters(configuration) })

    /// CMA-ME as pyribs suggests it ("cma_me_imp"): filter selection, restarts when no row
    /// enters the archive.
    public static let cmaMEImp = AlgorithmDeclaration(
        name: "cma-me-imp",
        summary: "CMA-ME improvement emitters: two-stage improvement ranking, filter selection, no_improvement restarts",
        paper: "Fontaine, Togelius, Nikolaidis & Hoover 2020, Covariance Matrix Adaptation for the Rapid Illumination of Behavior Space (GECCO, arXiv 1912.02400)",
        archive: .grid, options: CMAOptions.options(emitters: 15, ranker: .twoStageImprovement, selection: .filter, restart: .noImprovement),
        defaultBatchSize: 36, check: CMAOptions.validate, stateBytes: CMAOptions.stateBytes, emitters: { configuration, _ in try CMAOptions.emitters(configuration) })

    /// CMA-MAE: soft archive thresholds (α = 0.01, starting at the task's lowest objective),
    /// improvement ranking, μ selection, an elitist result archive for the figures.
    public static let cmaMAE = AlgorithmDeclaration(
        name: "cma-mae",
        summary: "CMA-MAE: soft thresholds (alpha 0.01), improvement ranking, mu selection, elitist result archive",
        paper: "Fontaine & Nikolaidis 2023, Covariance Matrix Adaptation MAP-Annealing (GECCO, arXiv 2205.10752)",
        archive: .grid, options: CMAOptions.options(emitters: 15, ranker: .improvement, selection: .mu, restart: .basic) + [CMAOptions.alpha],
        defaultBatchSize: 36, acceptance: CMAOptions.acceptance, check: CMAOptions.validate, stateBytes: CMAOptions.stateBytes,
        emitters: { configuration, _ in try CMAOptions.emitters(configuration) })

    /// CMA-ME with a bandit over a pool of emitters (pyribs' `BanditScheduler`, UCB1):
    /// `--emitters` are active at a time out of a pool three times larger, one third each
    /// of improvement, random-direction and optimising emitters.
    public static let cmaMEBandit = AlgorithmDeclaration(
        name: "cma-me-bandit",
        summary: "CMA-ME with a UCB1 bandit choosing the active emitters from a pool of improvement, random-direction and optimising emitters",
        paper: "Cully 2021, Multi-Emitter MAP-Elites (GECCO, arXiv 2007.05352); pyribs BanditScheduler",
        archive: .grid, options: CMAOptions.options(emitters: 15, ranker: nil, selection: .filter, restart: .noImprovement)
            + [CMAOptions.pool],
        defaultBatchSize: 36, check: CMAOptions.validate, stateBytes: CMAOptions.stateBytes, emitters: { configuration, _ in [try CMAOptions.bandit(configuration)] })
}

extension RunSetting {
    /// The number of CMA emitters (active ones, for the bandit).
    public static let emitters = RunSetting("emitters")
    /// The CMA emitters' initial step size.
    public static let sigma0 = RunSetting("sigma0")
    /// The CMA emitters' ranker.
    public static let ranker = RunSetting("ranker")
    /// The CMA emitters' selection rule.
    public static let selectionRule = RunSetting("selection_rule")
    /// The CMA emitters' restart rule.
    public static let restartRule = RunSetting("restart_rule")
    /// The evolution strategy of the CMA emitters.
    public static let es = RunSetting("es")
    /// CMA-MAE's archive learning rate.
    public static let alpha = RunSetting("alpha")
    /// The bandit's pool size, as a multiple of the active emitters.
    public static let pool = RunSetting("pool")
}

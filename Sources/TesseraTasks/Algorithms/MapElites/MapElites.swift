import Tessera

extension AlgorithmDeclaration {
    /// MAP-Elites with Gaussian mutation on a grid (pyribs' `GaussianEmitter`).
    public static let mapElites = AlgorithmDeclaration(
        name: "map-elites",
        summary: "MAP-Elites: uniform parents + Gaussian mutation, grid archive",
        paper: "Mouret & Clune 2015, Illuminating search spaces by mapping elites (arXiv 1504.04909)",
        archive: .grid, options: [MapElitesOptions.selection, MapElitesOptions.sigma, MapElitesOptions.sampler]
            + LearnedDescriptorOptions.selectable,
        learning: LearnedDescriptorOptions.selectablePlan, emitter: MapElitesOptions.gaussianEmitter)

    /// MAP-Elites with Iso+LineDD variation on a grid (pyribs' `IsoLineEmitter`).
    public static let lineMapElites = AlgorithmDeclaration(
        name: "line-map-elites",
        summary: "MAP-Elites with Iso+LineDD variation, grid archive",
        paper: "Vassiliades & Mouret 2018, Discovering the elite hypervolume by leveraging interspecies correlation (GECCO)",
        archive: .grid, options: [MapElitesOptions.selection, MapElitesOptions.isoSigma, MapElitesOptions.lineSigma,
                                  MapElitesOptions.sampler] + LearnedDescriptorOptions.selectable,
        learning: LearnedDescriptorOptions.selectablePlan,
        emitter: { configuration, _ in
            try MapElitesOptions.emitter(IsoLineVariation(isoSigma: configuration.number(.isoSigma) ?? 0,
                                                          lineSigma: configuration.number(.lineSigma) ?? 0,
                                                          sampling: configuration.sampling), configuration)
        })

    /// CVT-MAP-Elites: Gaussian mutation on a centroidal Voronoi tessellation.
    public static let cvtMapElites = AlgorithmDeclaration(
        name: "cvt-map-elites",
        summary: "CVT-MAP-Elites: Gaussian mutation, k-means CVT archive",
        paper: "Vassiliades, Chatzilygeroudis & Mouret 2018, Using centroidal Voronoi tessellations to scale up MAP-Elites (IEEE TEVC)",
        archive: .cvt, options: [MapElitesOptions.selection, MapElitesOptions.sigma, MapElitesOptions.sampler],
        emitter: MapElitesOptions.gaussianEmitter)
}

/// The options and emitters the MAP-Elites algorithms share.
enum MapElitesOptions {
    /// How parents are chosen among the elites.
    static let selection = RunOption(.selection, choices: ["uniform", "curiosity", "novelty"],
                                     help: "Parent selection: uniform; curiosity (parents whose children entered the archive, first); "
                                        + "novelty (tournaments on each elite's novelty among the elites).") { _ in
        .text("uniform")
    }
    /// How normal deviates are drawn (``NormalSampling``). Files written before format 2
    /// have no such option and read as `serial`.
    static let sampler = RunOption(.sampler, choices: NormalSampling.allCases.map(\.rawValue).reversed(),
                                   help: "How normal deviates are drawn: lanes (four generators side by side on vector instructions) "
                                    + "or serial (one ziggurat per row: the sequence of files written before format 2).") { _ in
        .text(NormalSampling.lanes.rawValue)
    }
    static let sigma = RunOption(.sigma, kind: .number, help: "Gaussian mutation sigma.") {
        .number($0.defaultSigma)
    }
    static let isoSigma = RunOption(.isoSigma, kind: .number, help: "Iso sigma of Iso+LineDD.",
                                    legacyKey: "isoSigma") { .number($0.defaultSigma) }
    static let lineSigma = RunOption(.lineSigma, kind: .number, help: "Line sigma of Iso+LineDD.", legacyKey: "lineSigma") {
        .number($0.defaultLineSigma)
    }

    /// pyribs' sphere-benchmark emitter: uniform parents, Gaussian mutation, x0 = 0.
    @Sendable static func gaussianEmitter(_ configuration: RunConfiguration, _: any Domain<[Double]>) throws -> any Emitter<[Double]> {
        try emitter(MutationVariation(GaussianMutation(sigma: configuration.number(.sigma) ?? 0, sampling: configuration.sampling)),
                    configuration)
    }

    /// The MAP-Elites emitter of `variation` with the configuration's parent selection,
    /// from x0 = 0, clipped into the task's bounds when it has them.
    static func emitter<V: VectorVariation>(_ variation: V, _ configuration: RunConfiguration) throws -> any Emitter<[Double]> {
        let x0 = [Double](repeating: 0, count: configuration.dimension)
        let bounds = configuration.task.genomeBounds(dimension: configuration.dimension)
        switch configuration.value(.selection)?.text {
        case "curiosity":
            return try VectorEmitter(selection: CuriositySelection(), variation: variation, initialGenome: x0,
                                     batchSize: configuration.batchSize, bounds: bounds)
        case "novelty":
            return try VectorEmitter(selection: NoveltySelection(), variation: variation, initialGenome: x0,
                                     batchSize: configuration.batchSize, bounds: bounds)
        default:
            return try VectorEmitter(selection: UniformSelection(), variation: variation, initialGenome: x0,
                                     batchSize: configuration.batchSize, bounds: bounds)
        }
    }
}

extension RunConfiguration {
    /// How the run's operators draw normal deviates: its `sampler` option, or
    /// ``NormalSampling/serial`` for algorithms without one.
    public var sampling: NormalSampling {
        value(.sampler)?.text.flatMap(NormalSampling.init(rawValue:)) ?? .serial
    }
}

extension RunSetting {
    /// How normal deviates are drawn (``NormalSampling``).
    public static let sampler = RunSetting("sampler")
    /// MAP-Elites' parent selection.
    public static let selection = RunSetting("selection")
    /// The Gaussian mutation's σ.
    public static let sigma = RunSetting("sigma")
    /// Iso+LineDD's iso σ.
    public static let isoSigma = RunSetting("iso_sigma")
    /// Iso+LineDD's line σ.
    public static let lineSigma = RunSetting("line_sigma")
}

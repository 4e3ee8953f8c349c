import Tessera

extension AlgorithmDeclaration {
    /// TAXONS: novelty in a learned latent space and surprise, alternating.
    public static let taxons = taxons(.noveltyAndSurprise, name: "taxons",
                                      summary: "TAXONS: novelty in a learned latent space and surprise (reconstruction error), "
                                          + "alternating; population 100 (--batch-size)")
    /// TAXO-N: novelty in the learned space only.
    public static let taxonsN = taxons(.novelty, name: "taxons-n", summary: "TAXO-N: TAXONS with novelty in the learned space only")
    /// TAXO-S: surprise only.
    public static let taxonsS = taxons(.surprise, name: "taxons-s", summary: "TAXO-S: TAXONS with surprise (reconstruction error) only")

    private static func taxons(_ signal: TaxonsSignal, name: String, summary: String) -> AlgorithmDeclaration {
        AlgorithmDeclaration(
            name: name, summary: summary,
            paper: "Paolo, Laflaquière, Coninx & Doncieux 2020, Unsupervised learning and exploration of reachable outcome space (ICRA, arXiv 1909.05508)",
            archive: .unstructured(.everyRow),
            options: [LearnedDescriptorOptions.learner, LearnedDescriptorOptions.latent(10), LearnedDescriptorOptions.epochs(5),
                      LearnedDescriptorOptions.trainEvery(30), MapElitesOptions.sigma] + LearnedDescriptorOptions.common,
            defaultBatchSize: 100,
            learning: LearnedDescriptorPlan(latentDimension: { $0.integer(.latent) ?? 10 }) { configuration, observations in
                try DescriptorLearning(learner: LearnedDescriptorOptions.learner(configuration, observationDimension: observations),
                                       schedule: .every(configuration.integer(.trainEvery) ?? 30), trainingSet: .archiveAndRecent)
            },
            emitter: { configuration, _ in
                let d = configuration.dimension
                let initial = PopulationEmitter<GaussianMutation>.uniformPopulation(in: configuration.task.samplingBox(dimension: d),
                                                                                    count: configuration.batchSize, seed: configuration.seed)
                let mutation = try GaussianMutation(sigma: configuration.number(.sigma) ?? 0,
                                                    bounds: configuration.task.genomeBounds(dimension: d))
                return try TaxonsEmitter(signal: signal, mutation: mutation, initialPopulation: initial,
                                         selected: min(5, configuration.batchSize))
            })
    }
}

import Tessera

extension AlgorithmDeclaration {
    /// AURORA: an unstructured archive over descriptors an autoencoder (or PCA) learns from
    /// the task's observation images, re-trained on a growing schedule, every elite
    /// re-encoded after each training, and the container's distance steered so it holds
    /// `--target-size` elites.
    public static let aurora = AlgorithmDeclaration(
        name: "aurora",
        summary: "AURORA: descriptors learned from observation images (autoencoder or PCA), unstructured archive held near "
            + "--target-size elites; uniform (or curiosity, novelty) parents + Iso+LineDD",
        paper: "Grillotti & Cully 2022, Unsupervised behaviour discovery with quality-diversity optimisation (IEEE TEVC, arXiv 2106.05648)",
        archive: .unstructured(.distanceAbove(1e-12)),
        options: [LearnedDescriptorOptions.learner, LearnedDescriptorOptions.latent(2), LearnedDescriptorOptions.epochs(20),
                  AuroraOptions.trainGap, AuroraOptions.targetSize, MapElitesOptions.selection, MapElitesOptions.isoSigma,
                  MapElitesOptions.lineSigma]
            + LearnedDescriptorOptions.common,
        defaultBatchSize: 200,
        learning: LearnedDescriptorPlan(latentDimension: { $0.integer(.latent) ?? 2 }) { configuration, observations in
            try DescriptorLearning(learner: LearnedDescriptorOptions.learner(configuration, observationDimension: observations),
                                   schedule: .growing(minimum: configuration.integer(.trainGap) ?? 10, maximum: AuroraOptions.maximumGap),
                                   trainingSet: .archive,
                                   sizeControl: ContainerSizeControl(target: configuration.integer(.targetSize) ?? 10_000))
        },
        emitter: { configuration, _ in
            try MapElitesOptions.emitter(IsoLineVariation(isoSigma: configuration.number(.isoSigma) ?? 0,
                                                          lineSigma: configuration.number(.lineSigma) ?? 0), configuration)
        })
}

/// AURORA's own options.
enum AuroraOptions {
    /// The largest gap between trainings (the original's `max_update_period` for the maze).
    static let maximumGap = 15_000
    static let trainGap = RunOption(.trainGap, kind: .count,
                                    help: "The smallest gap between trainings in iterations; the gap grows by it after each training.",
                                    maximum: 1_000_000) { _ in .integer(10) }
    static let targetSize = RunOption(.targetSize, kind: .count, help: "The number of elites container-size control aims for.",
                                      maximum: 10_000_000) { _ in .integer(10_000) }
}

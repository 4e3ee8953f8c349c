import Tessera
import TesseraStore

/// The options of learned descriptors, shared by AURORA, TAXONS and MAP-Elites'
/// `--descriptor learned-pca|learned-ae`, and the learners and learning they build.
enum LearnedDescriptorOptions {
    /// The choice of descriptor of MAP-Elites and novelty search.
    static let descriptor = RunOption(.descriptor, choices: ["task", "learned-pca", "learned-ae"],
                                      help: "The archive's descriptors: the task's own, or learned from the task's observations "
                                          + "by PCA or an autoencoder (maze, arm).") { _ in .text("task") }
    /// AURORA's and TAXONS' learner.
    static let learner = RunOption(.learner, choices: ["ae", "pca"],
                                   help: "The learner of the descriptors: a dense autoencoder or PCA.") { _ in .text("ae") }
    /// The learned descriptors' dimension, with its default.
    static func latent(_ dimension: Int) -> RunOption {
        RunOption(.latent, kind: .count, help: "Components of the learned descriptor.", maximum: 64) { _ in .integer(dimension) }
    }
    static let imageSize = RunOption(.imageSize, kind: .count, help: "Side of the observation images in pixels (4 to 256).",
                                     maximum: 256) { _ in .integer(32) }
    static let observation = RunOption(.observation, choices: ["final", "trajectory"],
                                       help: "Maze observations: the final position, or the whole trajectory too.") { _ in .text("final") }
    static let layers = RunOption(.layers, kind: .shape, help: "The autoencoder's hidden layer sizes, joined by x (encoder side; "
                                  + "the decoder mirrors them).") { _ in .shape([256, 64]) }
    /// Epochs per training, with its default.
    static func epochs(_ count: Int) -> RunOption {
        RunOption(.epochs, kind: .count, help: "Autoencoder epochs per training (early stopping on a held-out tenth).",
                  maximum: 10_000) { _ in .integer(count) }
    }
    /// Iterations between trainings, with its default.
    static func trainEvery(_ count: Int) -> RunOption {
        RunOption(.trainEvery, kind: .count, help: "Iterations between trainings of the learner (the first follows iteration 1).",
                  maximum: 1_000_000) { _ in .integer(count) }
    }

    /// The options every learning algorithm has.
    static let common = [imageSize, observation, layers]

    /// The options of `--descriptor learned-pca|learned-ae` (MAP-Elites, novelty search).
    static let selectable = [descriptor, latent(2), epochs(10), trainEvery(20)] + common

    /// The learning of `--descriptor learned-*`: re-trained every `--train-every`
    /// iterations on the observations of the elites (and of the novelty archive and
    /// population), the grid re-fitted to the codes each time.
    static let selectablePlan = LearnedDescriptorPlan(isActive: { $0.value(.descriptor)?.text?.hasPrefix("learned-") ?? false },
                                                     latentDimension: { $0.integer(.latent) ?? 2 }) { configuration, observations in
        try DescriptorLearning(learner: learner(configuration, observationDimension: observations),
                               schedule: .every(configuration.integer(.trainEvery) ?? 20), trainingSet: .archive)
    }

    /// Checks what the options' kinds cannot.
    static func validate(_ configuration: RunConfiguration) throws(ConfigurationError) {
        guard configuration.learnsDescriptors else {
            // Saved configurations hold every option at its value, defaults included.
            for setting in [RunSetting.latent, .imageSize, .observation, .layers, .epochs, .trainEvery]
            where configuration.options[setting] != nil
                && configuration.options[setting] != configuration.option(setting)?.defaultValue(for: configuration.task) {
                throw ConfigurationError(setting: setting, problem: "applies only with --descriptor learned-pca or learned-ae")
            }
            return
        }
        guard configuration.task.observable else {
            throw ConfigurationError(setting: configuration.algorithm.option(.descriptor) != nil ? .descriptor : .algorithm,
                                     problem: "learns descriptors from observations, which \(configuration.task.name) does not give "
                                     + "(maze and arm do)")
        }
        if let size = configuration.integer(.imageSize), size < 4 {
            throw ConfigurationError(setting: .imageSize, problem: "must be between 4 and 256 (got \(size))")
        }
        if configuration.value(.observation)?.text == "trajectory", configuration.task != .maze {
            throw ConfigurationError(setting: .observation, problem: "trajectory applies to the maze only")
        }
        if let layers = configuration.shape(.layers), layers.count > 8 || layers.contains(where: { $0 > 4096 }) {
            throw ConfigurationError(setting: .layers, problem: "takes at most 8 layers of at most 4096 units")
        }
        if !usesPCA(configuration) {
            let side = configuration.integer(.imageSize) ?? 32
            let widths = [side * side] + (configuration.shape(.layers) ?? [256, 64]) + [configuration.integer(.latent) ?? 2]
            let parameters = zip(widths, widths.dropFirst()).reduce(0) { $0 + 2 * $1.0 * $1.1 + $1.0 + $1.1 }
            if parameters > maximumParameters {
                throw ConfigurationError(setting: .layers, problem: "is too large for \(side) x \(side) images: the autoencoder would have "
                    + "\(ReportNumber.grouped(parameters)) parameters, at most \(ReportNumber.grouped(maximumParameters))")
            }
        }
    }

    /// The most parameters an autoencoder of a built-in run may have (2^26: 256 MB of
    /// weights, about 1 GB with its gradient and Adam's moments), far beyond what
    /// 32 x 32 images need (1024-256-64 has about 560,000).
    static let maximumParameters = 1 << 26

    /// Whether the learner is PCA.
    static func usesPCA(_ configuration: RunConfiguration) -> Bool {
        configuration.value(.learner)?.text == "pca" || configuration.value(.descriptor)?.text == "learned-pca"
    }

    /// The learner of `configuration` over `observationDimension`-component observations.
    static func learner(_ configuration: RunConfiguration, observationDimension: Int) throws -> any DescriptorLearner {
        let latent = configuration.integer(.latent) ?? 2
        if usesPCA(configuration) {
            return try PCALearner(inputDimension: observationDimension, components: .count(latent))
        }
        let ae = Autoencoder.Configuration(inputDimension: observationDimension, hiddenSizes: configuration.shape(.layers) ?? [256, 64],
                                           codeDimension: latent, epochs: configuration.integer(.epochs) ?? 5)
        return try Autoencoder(configuration: ae, seed: configuration.seed)
    }
}

extension RunSetting {
    /// MAP-Elites' descriptor: the task's, or learned.
    public static let descriptor = RunSetting("descriptor")
    /// The learner of AURORA and TAXONS.
    public static let learner = RunSetting("learner")
    /// The learned descriptor's dimension.
    public static let latent = RunSetting("latent")
    /// The side of observation images.
    public static let imageSize = RunSetting("image_size")
    /// What maze observations show.
    public static let observation = RunSetting("observation")
    /// The autoencoder's hidden layers.
    public static let layers = RunSetting("layers")
    /// Autoencoder epochs per training.
    public static let epochs = RunSetting("epochs")
    /// Iterations between trainings.
    public static let trainEvery = RunSetting("train_every")
    /// AURORA's smallest gap between trainings.
    public static let trainGap = RunSetting("train_gap")
    /// AURORA's container size target.
    public static let targetSize = RunSetting("target_size")
}

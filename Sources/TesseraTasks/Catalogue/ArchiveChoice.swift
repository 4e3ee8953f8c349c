import Tessera
import TesseraStore

/// The archive a built-in algorithm keeps, with the options that size it: a grid
/// (`--grid`), a CVT made by k-means (`--cells`, `--cvt-samples`), or an unstructured
/// archive that grows (AURORA, TAXONS).
public enum ArchiveChoice: Sendable {
    /// A ``GridArchive`` of `--grid` bins per descriptor.
    case grid
    /// A ``CVTArchive`` of `--cells` centroids fitted by k-means on `--cvt-samples` samples.
    case cvt
    /// An ``UnstructuredArchive`` without capacity, admitting by this rule (its algorithm
    /// steers it: AURORA's distance, TAXONS' decisions).
    case unstructured(Admission)

    /// The kind recorded in archive files.
    public var kind: ArchiveHeader.ArchiveKind {
        switch self {
        case .grid: return .grid
        case .cvt: return .cvt
        case .unstructured: return .unstructured
        }
    }

    /// The options that size the archive.
    public var options: [RunOption] {
        switch self {
        case .grid: return [ArchiveChoice.gridOption]
        case .cvt: return [ArchiveChoice.cellsOption, ArchiveChoice.cvtSamplesOption]
        case .unstructured: return []
        }
    }

    /// The setting that sets the number of cells.
    public var sizeSetting: RunSetting {
        switch self {
        case .grid: return .grid
        case .cvt: return .cells
        case .unstructured: return .targetSize
        }
    }

    static let gridOption = RunOption(.grid, kind: .shape, help: "Grid archive shape, bins per descriptor dimension.") { _ in .shape([100, 100]) }
    static let cellsOption = RunOption(.cells, kind: .count, help: "CVT archive centroid count.") { _ in .integer(10_000) }
    static let cvtSamplesOption = RunOption(.cvtSamples, kind: .count, help: "Uniform samples for CVT k-means.",
                                            legacyKey: "cvtSamples") { _ in .integer(100_000) }

    /// The number of cells `configuration` asks for.
    public func cellCount(_ configuration: RunConfiguration) -> Int {
        switch self {
        case .grid: return (configuration.shape(.grid) ?? []).reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
        case .cvt: return configuration.integer(.cells) ?? 0
        case .unstructured:
            // AURORA holds about its target; TAXONS adds at most 5 a generation.
            return configuration.integer(.targetSize) ?? max(1, configuration.evaluations / max(1, configuration.batchSize) * 5)
        }
    }

    /// Checks what the options' kinds cannot: a grid's total size, samples against cells.
    func validate(_ configuration: RunConfiguration) throws(ConfigurationError) {
        switch self {
        case .grid:
            let bins = configuration.shape(.grid) ?? []
            let k = configuration.archiveDescriptorDimension
            guard bins.count == k else {
                throw ConfigurationError(setting: .grid, problem: k == 2 ? "must be two positive bin counts, like 100x100"
                                         : "must be \(k) positive bin counts joined by x, one per descriptor")
            }
            var product = 1
            for n in bins {
                let (next, overflow) = product.multipliedReportingOverflow(by: n)
                if overflow || next > RunConfiguration.maximumGridCells {
                    throw ConfigurationError(setting: .grid, problem: "has too many cells: at most \(ReportNumber.grouped(RunConfiguration.maximumGridCells))")
                }
                product = next
            }
        case .cvt:
            let cells = configuration.integer(.cells) ?? 0, samples = configuration.integer(.cvtSamples) ?? 0
            if samples < cells { throw ConfigurationError(setting: .cvtSamples, problem: "(\(samples)) must be at least the number of cells (\(cells))") }
        case .unstructured: break
        }
    }

    /// Bytes the archive's construction needs besides the archive (k-means samples), and
    /// the setting that sizes them.
    func constructionBytes(_ configuration: RunConfiguration) -> (RunSetting, bytesEach: Double, count: Int)? {
        switch self {
        case .grid, .unstructured: return nil
        case .cvt: return (.cvtSamples, Double(configuration.task.descriptorDimension * 8 + 12), configuration.integer(.cvtSamples) ?? 0)
        }
    }

    /// Builds the archive and wraps it with `emitter` in a run, with the run's learned
    /// descriptor and ground-truth grid when it has them.
    ///
    /// - Parameter resources: Saved CVT centroids (when resuming) and the stop poll of k-means.
    func makeRun(_ configuration: RunConfiguration, domain: any Domain<[Double]>, emitters: [any Emitter<[Double]>],
                 acceptance: Acceptance = .elitist, resources: RunResources) throws -> any TaskRun {
        let task = configuration.task, d = configuration.dimension
        let learned = configuration.learnsDescriptors
        let space = learned ? Box(dimension: configuration.archiveDescriptorDimension, range: -1...1) : domain.descriptorSpace
        switch self {
        case .grid:
            func grid(_ acceptance: Acceptance) throws -> GridArchive<[Double]> {
                try GridArchive<[Double]>(shape: configuration.shape(.grid) ?? [], descriptorSpace: space, genomeLayout: d,
                                          qdScoreOffset: task.qdScoreOffset, acceptance: acceptance)
            }
            return try Self.run(try grid(acceptance), results: acceptance.isElitist ? nil : try grid(.elitist), configuration,
                                domain: domain, emitters: emitters)
        case .cvt:
            let cells = configuration.integer(.cells) ?? 0
            let archive: CVTArchive<[Double]>
            if let centroids = resources.centroids {
                guard centroids.count == cells * domain.descriptorSpace.dimension else {
                    throw ConfigurationError(message: "\(centroids.count / domain.descriptorSpace.dimension) saved centroids for \(cells) cells")
                }
                archive = try CVTArchive(centroids: centroids, descriptorSpace: domain.descriptorSpace, genomeLayout: d,
                                         qdScoreOffset: task.qdScoreOffset, acceptance: acceptance,
                                         construction: resources.construction)
            } else {
                archive = try CVTArchive(centroidCount: cells, samples: configuration.integer(.cvtSamples) ?? 0,
                                         descriptorSpace: domain.descriptorSpace, genomeLayout: d, seed: configuration.seed,
                                         qdScoreOffset: task.qdScoreOffset, acceptance: acceptance,
                                         shouldStop: resources.shouldStop)
            }
            let results = acceptance.isElitist ? nil
                : try CVTArchive<[Double]>(centroids: archive.centroids, descriptorSpace: domain.descriptorSpace, genomeLayout: d,
                                           qdScoreOffset: task.qdScoreOffset, construction: archive.construction)
            return try Self.run(archive, results: results, configuration, domain: domain, emitters: emitters)
        case .unstructured(let admission):
            let archive = try UnstructuredArchive<[Double]>(descriptorSpace: space, genomeLayout: d, admission: admission,
                                                            qdScoreOffset: task.qdScoreOffset)
            return try Self.run(archive, results: nil, configuration, domain: domain, emitters: emitters)
        }
    }

    /// The run of `archive`: its scheduler, the learned descriptor when the run learns one,
    /// and a ground-truth grid when the task declares one.
    private static func run<A: Archive>(_ archive: A, results: A?, _ configuration: RunConfiguration, domain: any Domain<[Double]>,
                                        emitters: [any Emitter<[Double]>]) throws -> any TaskRun where A.Genome == [Double] {
        var scheduler = try Scheduler(archive: archive, resultArchive: results, emitters: emitters, seed: configuration.seed)
        if let plan = configuration.algorithm.learning, plan.isActive(configuration) {
            try scheduler.learnDescriptors(try plan.make(configuration, domain.observationDimension))
        }
        if let shape = configuration.task.groundTruthShape {
            scheduler.trackGroundTruth(try CoverageGrid(shape: shape, descriptorSpace: domain.descriptorSpace))
        }
        return SchedulerRun(configuration: configuration, scheduler: scheduler, domain: domain)
    }
}

extension RunSetting {
    /// The grid archive's bins per dimension.
    public static let grid = RunSetting("grid")
    /// The CVT archive's centroid count.
    public static let cells = RunSetting("cells")
    /// The k-means samples of CVT centroids.
    public static let cvtSamples = RunSetting("cvt_samples")
}

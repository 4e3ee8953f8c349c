import Tessera
import TesseraStore

/// The archive a built-in algorithm keeps, with the options that size it: a grid
/// (`--grid`) or a CVT made by k-means (`--cells`, `--cvt-samples`).
public enum ArchiveChoice: Sendable {
    /// A ``GridArchive`` of `--grid` bins per descriptor.
    case grid
    /// A ``CVTArchive`` of `--cells` centroids fitted by k-means on `--cvt-samples` samples.
    case cvt

    /// The kind recorded in archive files.
    public var kind: ArchiveHeader.ArchiveKind {
        switch self {
        case .grid: return .grid
        case .cvt: return .cvt
        }
    }

    /// The options that size the archive.
    public var options: [RunOption] {
        switch self {
        case .grid: return [ArchiveChoice.gridOption]
        case .cvt: return [ArchiveChoice.cellsOption, ArchiveChoice.cvtSamplesOption]
        }
    }

    /// The setting that sets the number of cells.
    public var sizeSetting: RunSetting {
        switch self {
        case .grid: return .grid
        case .cvt: return .cells
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
        }
    }

    /// Checks what the options' kinds cannot: a grid's total size, samples against cells.
    func validate(_ configuration: RunConfiguration) throws(ConfigurationError) {
        switch self {
        case .grid:
            let bins = configuration.shape(.grid) ?? []
            guard bins.count == configuration.task.descriptorDimension else {
                throw ConfigurationError(setting: .grid, problem: "must be two positive bin counts, like 100x100")
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
        }
    }

    /// Bytes the archive's construction needs besides the archive (k-means samples), and
    /// the setting that sizes them.
    func constructionBytes(_ configuration: RunConfiguration) -> (RunSetting, bytesEach: Double, count: Int)? {
        switch self {
        case .grid: return nil
        case .cvt: return (.cvtSamples, Double(configuration.task.descriptorDimension * 8 + 12), configuration.integer(.cvtSamples) ?? 0)
        }
    }

    /// Builds the archive and wraps it with `emitter` in a run.
    ///
    /// - Parameter resources: Saved CVT centroids (when resuming) and the stop poll of k-means.
    func makeRun(_ configuration: RunConfiguration, domain: any Domain<[Double]>, emitter: any Emitter<[Double]>,
                 resources: RunResources) throws -> any TaskRun {
        let task = configuration.task, seed = configuration.seed, d = configuration.dimension
        switch self {
        case .grid:
            let archive = try GridArchive<[Double]>(shape: configuration.shape(.grid) ?? [], descriptorSpace: domain.descriptorSpace,
                                                    genomeLayout: d, qdScoreOffset: task.qdScoreOffset)
            return SchedulerRun(configuration: configuration, scheduler: try Scheduler(archive: archive, emitters: [emitter], seed: seed),
                                domain: domain)
        case .cvt:
            let cells = configuration.integer(.cells) ?? 0
            let archive: CVTArchive<[Double]>
            if let centroids = resources.centroids {
                guard centroids.count == cells * domain.descriptorSpace.dimension else {
                    throw ConfigurationError(message: "\(centroids.count / domain.descriptorSpace.dimension) saved centroids for \(cells) cells")
                }
                archive = try CVTArchive(centroids: centroids, descriptorSpace: domain.descriptorSpace, genomeLayout: d,
                                         qdScoreOffset: task.qdScoreOffset, construction: resources.construction)
            } else {
                archive = try CVTArchive(centroidCount: cells, samples: configuration.integer(.cvtSamples) ?? 0,
                                         descriptorSpace: domain.descriptorSpace, genomeLayout: d, seed: seed,
                                         qdScoreOffset: task.qdScoreOffset, shouldStop: resources.shouldStop)
            }
            return SchedulerRun(configuration: configuration, scheduler: try Scheduler(archive: archive, emitters: [emitter], seed: seed),
                                domain: domain)
        }
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

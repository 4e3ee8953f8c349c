import Tessera
import TesseraStore

/// Everything that defines a run of a built-in task: enough to rebuild it exactly.
public struct RunConfiguration: Codable, Hashable, Sendable {
    /// The task.
    public var task: BuiltInTask
    /// The algorithm.
    public var algorithm: BuiltInAlgorithm
    /// The genome dimension (joints for the arm).
    public var dimension: Int
    /// The run seed.
    public var seed: UInt64
    /// Evaluations per iteration (pyribs' 540 by default).
    public var batchSize: Int
    /// Bins per descriptor dimension of grid archives.
    public var grid: [Int]
    /// Centroids of CVT archives.
    public var cells: Int
    /// k-means samples for CVT centroids.
    public var cvtSamples: Int
    /// Gaussian σ (map-elites, cvt-map-elites).
    public var sigma: Double
    /// Iso σ of Iso+LineDD.
    public var isoSigma: Double
    /// Line σ of Iso+LineDD.
    public var lineSigma: Double
    /// The evaluation budget (the run performs ceil(budget / batch) iterations).
    public var evaluations: Int

    /// A configuration with the task's and pyribs' defaults.
    public init(task: BuiltInTask, algorithm: BuiltInAlgorithm = .mapElites, dimension: Int? = nil, seed: UInt64 = 0,
                batchSize: Int = 540, grid: [Int] = [100, 100], cells: Int = 10_000, cvtSamples: Int = 100_000,
                sigma: Double? = nil, isoSigma: Double? = nil, lineSigma: Double? = nil, evaluations: Int = 100_000) {
        self.task = task
        self.algorithm = algorithm
        self.dimension = dimension ?? task.defaultDimension
        self.seed = seed
        self.batchSize = batchSize
        self.grid = grid
        self.cells = cells
        self.cvtSamples = cvtSamples
        self.sigma = sigma ?? task.defaultSigma
        self.isoSigma = isoSigma ?? task.defaultSigma
        self.lineSigma = lineSigma ?? task.defaultLineSigma
        self.evaluations = evaluations
    }

    /// The number of cells of the archive.
    public var cellCount: Int { algorithm.usesCVT ? cells : grid.reduce(1, *) }

    /// Checks the values before anything is built: ranges, and sizes against what this
    /// machine can hold (``MachineLimits``), so an absurd size is refused before any
    /// memory is allocated or any file written.
    ///
    /// - Throws: ``ConfigurationError`` naming the setting (its flag and its stored key).
    public func validate(limits: MachineLimits = .current) throws {
        func fail(_ setting: RunSetting, _ problem: String) throws -> Never {
            throw ConfigurationError(setting: setting, problem: problem)
        }
        let minimumDimension = task == .arm ? 1 : 2
        if dimension < minimumDimension { try fail(.dims, "must be at least \(minimumDimension) for \(task.rawValue)") }
        if batchSize <= 0 { try fail(.batchSize, "must be positive") }
        if evaluations <= 0 { try fail(.evaluations, "must be positive") }
        if evaluations > Self.maximumEvaluations {
            try fail(.evaluations, "must be at most \(ReportNumber.grouped(Self.maximumEvaluations)) (got \(ReportNumber.grouped(evaluations)))")
        }
        if algorithm.usesCVT {
            if cells <= 0 { try fail(.cells, "must be positive") }
            if cvtSamples < cells { try fail(.cvtSamples, "(\(cvtSamples)) must be at least the number of cells (\(cells))") }
        } else {
            if grid.count != 2 || grid.contains(where: { $0 <= 0 }) { try fail(.grid, "must be two positive bin counts, like 100x100") }
            let (product, overflow) = grid[0].multipliedReportingOverflow(by: grid[1])
            if overflow || product > Self.maximumGridCells {
                try fail(.grid, "has too many cells: at most \(ReportNumber.grouped(Self.maximumGridCells))")
            }
        }
        for (setting, value) in [(RunSetting.sigma, sigma), (.isoSigma, isoSigma), (.lineSigma, lineSigma)]
        where !(value >= 0 && value.isFinite) {
            try fail(setting, "must be a finite, non-negative number")
        }
        try checkMemory(limits)
    }

    /// The largest evaluation budget a run accepts (10^12: about four days at 3M
    /// evaluations per second), far below where counters could overflow.
    public static let maximumEvaluations = 1_000_000_000_000

    /// The largest grid archive (cells).
    public static let maximumGridCells = 50_000_000

    /// Bytes one genome row with its descriptor and bookkeeping takes in the archive.
    var archiveRowBytes: Double { Double(dimension + descriptorDimension + 4) * 8 }
    /// Bytes one row of a batch takes while it is made, evaluated and inserted (child,
    /// parent copy, evaluation, index), with room for the workers' chunk copies.
    var batchRowBytes: Double { Double(3 * dimension + descriptorDimension + 6) * 8 }
    /// Bytes one k-means sample takes (coordinates, label, distance).
    var sampleBytes: Double { Double(descriptorDimension * 8 + 12) }
    /// The descriptor dimension of the built-in tasks.
    var descriptorDimension: Int { 2 }

    /// Checks the archive, the batch and the k-means samples against `limits`, naming the
    /// setting to change and the largest value that fits.
    func checkMemory(_ limits: MachineLimits) throws {
        let budget = Double(limits.memoryBytes)
        let cells = Double(cellCount)
        let archiveBytes = cells * archiveRowBytes
        if archiveBytes > budget {
            let defaultCells = Double(algorithm.usesCVT ? 10_000 : 100 * 100)
            if defaultCells * archiveRowBytes > budget || cells <= defaultCells {
                let most = Int(budget / cells / 8) - descriptorDimension - 4
                throw ConfigurationError(setting: .dims, problem: "is too large: the archive of \(ReportNumber.grouped(cellCount)) cells would need "
                    + "\(limits.describe(archiveBytes)); at most \(ReportNumber.grouped(max(0, most))) fits \(limits.describeBudget)")
            }
            let most = Int(budget / archiveRowBytes)
            throw ConfigurationError(setting: algorithm.usesCVT ? .cells : .grid,
                                     problem: "is too large: \(ReportNumber.grouped(cellCount)) cells of \(dimension)-D genomes would need "
                                        + "\(limits.describe(archiveBytes)); at most \(ReportNumber.grouped(most)) cells fit \(limits.describeBudget)")
        }
        let batchBytes = Double(batchSize) * batchRowBytes
        if batchBytes > budget {
            throw ConfigurationError(setting: .batchSize, problem: "is too large: a batch of \(dimension)-D genomes would need "
                + "\(limits.describe(batchBytes)); at most \(ReportNumber.grouped(Int(budget / batchRowBytes))) fits \(limits.describeBudget)")
        }
        let sampleBytes = algorithm.usesCVT ? Double(cvtSamples) * self.sampleBytes : 0
        if sampleBytes > budget {
            throw ConfigurationError(setting: .cvtSamples, problem: "is too large: k-means would need \(limits.describe(sampleBytes)); "
                + "at most \(ReportNumber.grouped(Int(budget / self.sampleBytes))) fit \(limits.describeBudget)")
        }
        let total = archiveBytes + batchBytes + sampleBytes
        if total > budget {
            let largest: RunSetting = archiveBytes >= max(batchBytes, sampleBytes)
                ? (algorithm.usesCVT ? .cells : .grid) : batchBytes >= sampleBytes ? .batchSize : .cvtSamples
            throw ConfigurationError(setting: largest, problem: "is too large together with the other sizes: the run would need "
                + "\(limits.describe(total)) \(limits.describeBudget)")
        }
    }
}

/// A setting of a built-in run: its command-line flag and its key in archive files.
public enum RunSetting: String, CaseIterable, Sendable {
    /// The built-in task.
    case task
    /// The search algorithm.
    case algorithm
    /// The genome dimension (``RunConfiguration/dimension``).
    case dims
    /// The run seed.
    case seed
    /// The evaluation budget.
    case evaluations
    /// Evaluations per iteration.
    case batchSize = "batch_size"
    /// The grid archive's bins per dimension.
    case grid
    /// The CVT archive's centroid count.
    case cells
    /// The k-means samples of CVT centroids.
    case cvtSamples = "cvt_samples"
    /// The Gaussian mutation's σ.
    case sigma
    /// Iso+LineDD's iso σ.
    case isoSigma = "iso_sigma"
    /// Iso+LineDD's line σ.
    case lineSigma = "line_sigma"

    /// The command-line flag, such as `--batch-size`.
    public var flag: String { "--" + rawValue.replacingOccurrences(of: "_", with: "-") }
    /// The key in the file's `run_config` table, such as `batch_size`.
    public var key: String { rawValue }
}

/// A configuration value that cannot work.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    /// The setting at fault.
    public let setting: RunSetting?
    /// What is wrong with it, without its name ("must be positive").
    public let problem: String

    /// An error about `setting`.
    public init(setting: RunSetting?, problem: String) {
        self.setting = setting
        self.problem = problem
    }

    /// An error about no single setting.
    public init(message: String) {
        self.init(setting: nil, problem: message)
    }

    /// What is wrong, naming the flag (for the command line).
    public var message: String { setting.map { "\($0.flag) \(problem)" } ?? problem }
    /// What is wrong, naming the stored key (for a file's configuration).
    public var storedMessage: String { setting.map { "its \($0.key) \(problem)" } ?? problem }
    public var description: String { message }
}

import Tessera

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

    /// Checks the values before anything is built.
    ///
    /// - Throws: ``ConfigurationError`` naming the bad value.
    public func validate() throws {
        func fail(_ message: String) throws -> Never { throw ConfigurationError(message: message) }
        if dimension < (task == .arm ? 1 : 2) { try fail("--dims must be at least \(task == .arm ? 1 : 2) for \(task.rawValue)") }
        if batchSize <= 0 { try fail("--batch-size must be positive") }
        if evaluations <= 0 { try fail("--evaluations must be positive") }
        if grid.count != 2 || grid.contains(where: { $0 <= 0 }) { try fail("--grid must be two positive bin counts, like 100x100") }
        if grid.reduce(1, { $0 * $1 }) > 50_000_000 { try fail("--grid has too many cells") }
        if cells <= 0 { try fail("--cells must be positive") }
        if algorithm.usesCVT && cvtSamples < cells { try fail("--cvt-samples (\(cvtSamples)) must be at least --cells (\(cells))") }
        for (name, value) in [("--sigma", sigma), ("--iso-sigma", isoSigma), ("--line-sigma", lineSigma)]
        where !(value >= 0 && value.isFinite) {
            try fail("\(name) must be a finite, non-negative number")
        }
    }
}

/// A configuration value that cannot work.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, naming the flag.
    public let message: String
    public var description: String { message }
}

/// An emitter that adapts an evolution strategy to the archive: CMA-ME's emitters
/// (Fontaine, Togelius, Nikolaidis & Hoover 2020, arXiv 1912.02400) and CMA-MAE's
/// (Fontaine & Nikolaidis 2023, arXiv 2205.10752), pyribs' `EvolutionStrategyEmitter`.
///
/// Each iteration the strategy samples the batch (row `r` from its own random stream, so
/// any split of the rows over workers gives the same genomes); after insertion the
/// ``ranker`` orders the rows by what the archive made of them, the ``selection`` rule
/// says how many recombine, and the strategy updates. The emitter restarts the strategy
/// at an elite drawn uniformly from the archive (at ``initialMean`` while the archive is
/// empty) when the strategy converges (pyribs' tests: condition number above 10¹⁴,
/// σ·√λ_max below 10⁻¹¹, or the best and worst valid keys within 10⁻¹²) or when the
/// ``restartRule`` fires; a restart also draws a new random direction.
///
/// The strategy (``CMAEvolutionStrategy``, ``SeparableCMAEvolutionStrategy`` or
/// ``LMMAEvolutionStrategy``) is saved as binary parts, so a 100-dimensional covariance
/// costs 80 kB per checkpoint, not a JSON text.
public struct EvolutionStrategyEmitter<Strategy: EvolutionStrategy>: Emitter {
    public typealias Genome = [Double]

    public let batchSize: Int
    /// Where the strategy starts, and restarts while the archive is empty.
    public let initialMean: [Double]
    /// The order the strategy learns from.
    public let ranker: Ranker
    /// How many ranked rows recombine.
    public let selection: SelectionRule
    /// When to restart besides convergence.
    public let restartRule: RestartRule
    /// The box every child is kept in (redrawn up to ``maximumResamples`` times, then
    /// clipped), or `nil`.
    public let bounds: Box?
    /// The redraws of a child outside ``bounds`` before it is clipped.
    public let maximumResamples: Int

    /// The strategy being adapted.
    public internal(set) var strategy: Strategy
    /// The random direction of the descriptor space (random-direction rankers), drawn at
    /// the first iteration and at every restart; `nil` before.
    public internal(set) var direction: [Double]?
    /// Restarts so far.
    public internal(set) var restarts = 0
    /// Iterations told so far (pyribs' `itrs`).
    public internal(set) var iterations = 0
    /// Children that were still outside ``bounds`` after the last redraw, and clipped.
    public internal(set) var clippedRows = 0

    /// Creates an emitter around `strategy`, whose mean is the initial mean.
    ///
    /// - Parameters:
    ///   - strategy: The strategy, at its starting mean and step size.
    ///   - batchSize: Children per iteration, at least 2 (the strategy's λ by default).
    ///   - ranker: The ranker (`2imp`, CMA-ME's, by default).
    ///   - selection: The selection rule (`filter` by default, as pyribs').
    ///   - restartRule: The restart rule (`no_improvement` by default, as pyribs').
    ///   - bounds: A box of the strategy's dimension, or `nil`.
    ///   - maximumResamples: Redraws before clipping, in 0...10,000 (100 by default).
    /// - Throws: ``ParameterError`` for a value outside these ranges.
    public init(strategy: Strategy, batchSize: Int? = nil, ranker: Ranker = .twoStageImprovement,
                selection: SelectionRule = .filter, restartRule: RestartRule = .noImprovement, bounds: Box? = nil,
                maximumResamples: Int = 100) throws(ParameterError) {
        let size = batchSize ?? strategy.populationSize
        try ParameterError.require(size >= 2 && size <= 1_000_000, Self.self, "batchSize", "must be in 2...1000000 (got \(size))")
        if case .every(let n) = restartRule {
            try ParameterError.require(n >= 1, Self.self, "restartRule", "must restart every 1 or more iterations (got \(n))")
        }
        if let bounds {
            try ParameterError.require(bounds.dimension == strategy.dimension, Self.self, "bounds",
                                       "have dimension \(bounds.dimension), the strategy \(strategy.dimension)")
            try ParameterError.require(zip(bounds.lower, bounds.upper).allSatisfy { $0 <= $1 }, Self.self, "bounds",
                                       "have a lower bound above its upper bound")
        }
        try ParameterError.require((0...10_000).contains(maximumResamples), Self.self, "maximumResamples",
                                   "must be in 0...10000 (got \(maximumResamples))")
        self.batchSize = size
        self.initialMean = strategy.mean
        self.ranker = ranker
        self.selection = selection
        self.restartRule = restartRule
        self.bounds = bounds
        self.maximumResamples = maximumResamples
        self.strategy = strategy
    }

    public var genomeLayout: Int? { strategy.dimension }

    /// Samples rows `rows` of the batch from the strategy: one BLAS product over the rows,
    /// each row's normals from its own stream.
    public func generate<A: Archive>(rows: Range<Int>, into children: inout VectorColumn, parents: inout [Int32],
                                     archive: A, context: GenerationContext) where A.Genome == [Double] {
        let n = strategy.dimension
        precondition(children.dimension == n, "children and strategy differ in dimension")
        let made = sample(rows: rows, context: context).candidates
        children.storage.withUnsafeMutableBufferPointer { out in
            made.withUnsafeBufferPointer { x in
                for i in 0..<(rows.count * n) { out[i] = x[i] }
            }
        }
        for position in 0..<rows.count { parents[position] = -1 }
    }

    /// The candidates and normals of rows `rows` of this iteration's batch, with OpenBLAS
    /// on one thread (``blasThreads``).
    ///
    /// The batch is sampled in fixed blocks of ``samplingBlock`` rows (the last one
    /// shorter), whole blocks at a time, so each row comes out of the same product
    /// whatever range is asked for: OpenBLAS may round a product of 25 rows differently
    /// from one of 50, and the offspring must not depend on how the workers split the batch.
    func sample(rows: Range<Int>, context: GenerationContext) -> (candidates: [Double], normals: [Double], clipped: Int) {
        let n = strategy.dimension, block = Self.samplingBlock
        var candidates = [Double](), normals = [Double](), clipped = 0
        candidates.reserveCapacity(rows.count * n)
        normals.reserveCapacity(rows.count * n)
        var start = rows.lowerBound / block * block
        while start < rows.upperBound {
            let end = min(start + block, batchSize)
            let made = BLASThreads.pinned(Self.blasThreads) {
                strategy.sample(rows: end - start, bounds: bounds, maximumResamples: maximumResamples) {
                    context.stream(row: start + $0)
                }
            }
            let kept = max(start, rows.lowerBound) ..< min(end, rows.upperBound)
            let local = (kept.lowerBound - start) * n ..< (kept.upperBound - start) * n
            candidates.append(contentsOf: made.candidates[local])
            normals.append(contentsOf: made.normals[local])
            clipped += made.clipped
            start = end
        }
        return (candidates, normals, clipped)
    }

    /// The rows of a sampling block: 36, pyribs' batch of a CMA emitter, so a default batch
    /// is one product.
    static var samplingBlock: Int { 36 }

    /// The OpenBLAS threads of the emitter's products and decompositions: 1, since
    /// OpenBLAS rounds differently on different thread counts and the archive must not
    /// depend on `--workers` (the workers already run emitters side by side).
    public static var blasThreads: Int { 1 }
}

/// The purposes of an ``EvolutionStrategyEmitter``'s own draws in `tell`.
enum EvolutionStrategyDraw {
    /// The elite a restart re-centres on.
    static let restart: UInt64 = 0x4553_5245_5354  // "ESREST"
    /// The random direction of a random-direction ranker.
    static let direction: UInt64 = 0x45_5344_4952  // "ESDIR"
}

extension EvolutionStrategyEmitter {
    /// The emitter's update reads only its own state and the archive.
    public var tellsIndependently: Bool { true }
}

extension EvolutionStrategyEmitter: RestartingEmitter {
    /// ``restarts``.
    public var restartCount: Int? { restarts }
}

/// An evolution strategy that samples candidates from a Gaussian distribution and adapts
/// it from ranked candidates: the full-covariance ``CMAEvolutionStrategy``, the diagonal
/// ``SeparableCMAEvolutionStrategy`` and the limited-memory ``LMMAEvolutionStrategy``.
///
/// A candidate is `mean + σ · A z` for a row `z` of standard normals and the strategy's
/// linear map `A` (``transform(_:rows:)``). Sampling is split from the update so that an
/// emitter can draw each row from its own random stream, on any worker, and replay the
/// same normals when it is told (``sample(rows:bounds:maximumResamples:stream:)``).
/// Strategies minimise: `ranking` lists candidates best first.
public protocol EvolutionStrategy: Codable, Hashable, Sendable {
    /// The dimension n.
    var dimension: Int { get }
    /// The population size λ a generation has when the caller does not choose one.
    var populationSize: Int { get }
    /// The distribution's mean.
    var mean: [Double] { get }
    /// The step size σ.
    var sigma: Double { get }
    /// Generations told since the start or the last ``reset(mean:)``.
    var generation: Int { get }
    /// The ratio of the largest to the smallest eigenvalue of the covariance (as of the last
    /// decomposition; 1 for a fresh strategy).
    var conditionNumber: Double { get }
    /// σ times the largest standard deviation of the distribution along any direction
    /// (pyribs' "area" test for a converged emitter).
    var largestDeviation: Double { get }
    /// Why a run of this strategy should stop, by pycma's tests, or `nil` to go on.
    var stop: CMAStopReason? { get }
    /// Whether ``tell(_:normals:ranking:parents:)`` reads its `normals` (otherwise callers
    /// may pass an empty array and skip replaying their draws). The default is `true`.
    var usesNormals: Bool { get }

    /// The candidates of standard normal rows `z` (row-major, `rows` rows of ``dimension``):
    /// `mean + σ · A z` for each row, as one BLAS product where the map is a matrix.
    func transform(_ z: [Double], rows: Int) -> [Double]

    /// Updates the distribution from one generation.
    ///
    /// - Parameters:
    ///   - candidates: The generation's candidates, row-major (after any clipping).
    ///   - normals: The standard normal rows the candidates were made from, row-major.
    ///   - ranking: Indices of candidates, best first; the first `parents` are the parents.
    ///   - parents: How many candidates recombine (μ); the recombination weights and the
    ///     learning rates are those of `parents` parents. 0 changes nothing but the
    ///     evaluation count.
    /// - Precondition: Whole rows, `ranking` holds at least `parents` valid indices.
    mutating func tell(_ candidates: [Double], normals: [Double], ranking: [Int], parents: Int)

    /// Starts afresh at `mean`: the initial step size, the identity covariance, empty
    /// paths and counters (a restart of an emitter).
    mutating func reset(mean: [Double])

    /// The strategy's state as binary parts of `state`, every key prefixed by `prefix`.
    func save(into state: inout ComponentState, prefix: String)

    /// Restores the state ``save(into:prefix:)`` wrote, checking every part against this
    /// strategy's dimension and for finite numbers.
    ///
    /// - Throws: ``RestoreError`` for a missing, mismatched or impossible part.
    mutating func restore(from state: ComponentState, prefix: String) throws
}

/// Why a CMA-ES run should stop (pycma's termination tests).
public enum CMAStopReason: String, Codable, Hashable, Sendable, CaseIterable {
    /// The recent best values no longer change (`tolfun`).
    case functionTolerance
    /// The step is below the tolerance in every coordinate (`tolx`).
    case stepTolerance
    /// The covariance is too ill-conditioned (`conditioncov`).
    case condition
    /// A step of 0.1σ along a principal axis no longer changes the mean (`noeffectaxis`).
    case noEffectAxis
    /// A step of 0.2σ in a coordinate no longer changes the mean (`noeffectcoord`).
    case noEffectCoordinate
}

extension EvolutionStrategy {
    /// Strategies read the normals unless they say otherwise.
    public var usesNormals: Bool { true }

    /// Samples `count` candidates (λ by default), row-major: ``transform(_:rows:)`` of
    /// standard normals drawn from `rng`, row after row.
    public func ask(count: Int? = nil, using rng: inout Xoshiro256) -> [Double] {
        let rows = count ?? populationSize
        var z = [Double](repeating: 0, count: rows * dimension)
        z.withUnsafeMutableBufferPointer { NormalSampler.fill($0, using: &rng) }
        return transform(z, rows: rows)
    }

    /// Samples `rows` candidates, row `r` from its own stream `stream(r)`, keeping every
    /// candidate inside `bounds`: a row outside is redrawn from its stream at most
    /// `maximumResamples` times, then clipped into the box (bounded, unlike pyribs' endless
    /// resampling, its issue #392).
    ///
    /// - Returns: The candidates and the normals each was made from (row-major), and the
    ///   number of rows that were clipped after the last redraw.
    public func sample(rows: Int, bounds: Box? = nil, maximumResamples: Int = 100,
                       stream: (Int) -> Xoshiro256) -> (candidates: [Double], normals: [Double], clipped: Int) {
        let n = dimension
        var generators = (0..<rows).map(stream)
        var z = [Double](repeating: 0, count: rows * n)
        z.withUnsafeMutableBufferPointer { zb in
            for r in 0..<rows {
                NormalSampler.fill(UnsafeMutableBufferPointer(rebasing: zb[r * n ..< (r + 1) * n]), using: &generators[r])
            }
        }
        var x = transform(z, rows: rows)
        guard let bounds else { return (x, z, 0) }
        precondition(bounds.dimension == n, "bounds of dimension \(bounds.dimension) for a strategy of dimension \(n)")
        func outside(_ x: [Double], _ r: Int) -> Bool {
            (0..<n).contains { j in !(x[r * n + j] >= bounds.lower[j] && x[r * n + j] <= bounds.upper[j]) }
        }
        // A row outside is redrawn on its own (one row per product), so what it becomes does
        // not depend on which other rows were outside: BLAS may round a product of a few
        // rows differently from one of many.
        var clipped = 0
        for r in 0..<rows where outside(x, r) {
            var attempt = 0
            var redrawn = [Double](repeating: 0, count: n)
            while attempt < maximumResamples {
                attempt += 1
                redrawn.withUnsafeMutableBufferPointer { NormalSampler.fill($0, using: &generators[r]) }
                let candidate = transform(redrawn, rows: 1)
                for j in 0..<n {
                    z[r * n + j] = redrawn[j]
                    x[r * n + j] = candidate[j]
                }
                if !outside(x, r) { break }
            }
            guard outside(x, r) else { continue }
            clipped += 1
            for j in 0..<n { x[r * n + j] = min(max(x[r * n + j], bounds.lower[j]), bounds.upper[j]) }
        }
        return (x, z, clipped)
    }
}

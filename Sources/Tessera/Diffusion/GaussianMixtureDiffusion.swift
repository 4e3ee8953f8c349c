import Foundation

/// A diffusion model whose every quantity is known exactly: data from a mixture of K = 8
/// isotropic Gaussians in d dimensions, the exact noise prediction of its DDPM forward
/// process, and SD 2.1's 50-step DDIM sampler with η = 1 — the built-in model of EvoSearch
/// (issue 13), so search results can be checked against theory. Double precision throughout.
///
/// - Modes k = 0 … 7: means μ_k = R e_k with R = ½√d, shared standard deviation s = 0.25,
///   weights 0.16 (modes 0–5) and 0.02 (modes 6 and 7, the rare ones).
/// - Noise prediction at timestep t, with v_t = ᾱ_t s² + 1 − ᾱ_t:
///   ε(x, t) = (√(1 − ᾱ_t) / v_t) Σ_k γ_k(x) (x − √ᾱ_t μ_k), γ_k ∝ w_k exp(−‖x − √ᾱ_t μ_k‖² / (2 v_t))
///   (a softmax with its maximum subtracted); this is −√(1 − ᾱ_t) ∇ log p_t(x) exactly.
/// - A DDIM step i: x̂₀ = (x − √(1 − ᾱ) ε) / √ᾱ, x' = √ᾱ_prev x̂₀ + √(1 − ᾱ_prev − σ_i²) ε + σ_i z.
///
/// Fifty steps give a within-mode standard deviation of about 0.206, not 0.25: a property of
/// the coarse sampler (1,000 steps give about 0.246).
public struct GaussianMixtureDiffusion: Hashable, Sendable {
    /// The dimension d.
    public let dimension: Int
    /// The modes' means, row-major (mode k at `k * dimension`).
    public let means: [Double]
    /// The modes' weights.
    public let weights: [Double]
    /// Their logarithms, taken once (every step uses them).
    private let logWeights: [Double]
    /// The modes' shared standard deviation s.
    public let modeDeviation: Double
    /// The noise schedule and its sampling steps.
    public let schedule: DiffusionSchedule

    /// The number of modes.
    public static let modeCount = 8
    /// The weights: 0.16 six times, then 0.02 twice.
    public static let modeWeights = [0.16, 0.16, 0.16, 0.16, 0.16, 0.16, 0.02, 0.02]
    /// The largest dimension.
    public static let maximumDimension = 4096

    /// The model in `dimension` dimensions (16 by default; at least 8, one per mode).
    ///
    /// - Throws: ``ParameterError`` outside 8 … ``maximumDimension``.
    public init(dimension: Int = 16) throws(ParameterError) {
        try ParameterError.require((Self.modeCount...Self.maximumDimension).contains(dimension), Self.self, "dimension",
                                   "must be in \(Self.modeCount)...\(Self.maximumDimension) (got \(dimension))")
        self.dimension = dimension
        let radius = 0.5 * Double(dimension).squareRoot()
        var means = [Double](repeating: 0, count: Self.modeCount * dimension)
        for k in 0..<Self.modeCount { means[k * dimension + k] = radius }
        self.means = means
        weights = Self.modeWeights
        logWeights = Self.modeWeights.map { log($0) }
        modeDeviation = 0.25
        schedule = try DiffusionSchedule()
    }

    /// The sampling steps (50).
    public var stepCount: Int { schedule.stepCount }

    /// Mode `k`'s mean.
    public func mean(_ k: Int) -> ArraySlice<Double> { means[(k * dimension)..<((k + 1) * dimension)] }

    /// The log-weights of the modes at ᾱ in the posterior over modes: log w_k − ‖x − √ᾱ μ_k‖² / (2 v).
    private func logits(_ x: UnsafeBufferPointer<Double>, scale: Double, variance: Double) -> [Double] {
        (0..<Self.modeCount).map { k in
            var squared = 0.0
            let base = k * dimension
            for j in 0..<dimension {
                let difference = x[j] - scale * means[base + j]
                squared += difference * difference
            }
            return logWeights[k] - squared / (2 * variance)
        }
    }

    /// ε(x, t) at noise level ᾱ into `noise`.
    ///
    /// - Complexity: O(K d).
    public func noisePrediction(_ x: UnsafeBufferPointer<Double>, alphaBar: Double, into noise: UnsafeMutableBufferPointer<Double>) {
        let scale = alphaBar.squareRoot(), variance = alphaBar * modeDeviation * modeDeviation + 1 - alphaBar
        var gamma = logits(x, scale: scale, variance: variance)
        let top = gamma.max()!
        var total = 0.0
        for k in gamma.indices {
            gamma[k] = exp(gamma[k] - top)
            total += gamma[k]
        }
        let factor = (1 - alphaBar).squareRoot() / variance
        for j in 0..<dimension {
            var center = 0.0
            for k in 0..<Self.modeCount { center += gamma[k] * means[k * dimension + j] }
            noise[j] = factor * (x[j] - scale * center / total)
        }
    }

    /// log p_t(x) of the noised data at ᾱ: the mixture of N(√ᾱ μ_k, v I) (for checks).
    public func logDensity(_ x: [Double], alphaBar: Double) -> Double {
        let variance = alphaBar * modeDeviation * modeDeviation + 1 - alphaBar
        let values = x.withUnsafeBufferPointer { logits($0, scale: alphaBar.squareRoot(), variance: variance) }
        let top = values.max()!
        let sum = values.reduce(0) { $0 + exp($1 - top) }
        return top + log(sum) - 0.5 * Double(dimension) * log(2 * Double.pi * variance)
    }

    /// Fills `x` with initial noise N(0, I).
    public func initialNoise(into x: UnsafeMutableBufferPointer<Double>, using generator: inout Xoshiro256) {
        for j in 0..<dimension { x[j] = generator.nextNormal() }
    }

    /// Applies sampling steps `start ..< end` to `x` (step i goes from timestep t_i to the
    /// next), drawing each step's `dimension` normals from `generator`.
    ///
    /// - Returns: The network function evaluations spent: `end − start`.
    /// - Complexity: O((end − start) K d).
    @discardableResult
    public func advance(_ x: UnsafeMutableBufferPointer<Double>, from start: Int, to end: Int, using generator: inout Xoshiro256) -> Int {
        precondition(0 <= start && start <= end && end <= stepCount, "steps \(start)..<\(end) outside 0..<\(stepCount)")
        var noise = [Double](repeating: 0, count: (end - start) * dimension)
        for j in noise.indices { noise[j] = generator.nextNormal() }
        return noise.withUnsafeBufferPointer { advance(x, from: start, to: end, noise: $0) }
    }

    /// Applies sampling steps `start ..< end` to `x` with the given step noise: `dimension`
    /// standard normals per step, step after step.
    ///
    /// - Returns: The network function evaluations spent: `end − start`.
    /// - Complexity: O((end − start) K d).
    @discardableResult
    public func advance(_ x: UnsafeMutableBufferPointer<Double>, from start: Int, to end: Int, noise z: UnsafeBufferPointer<Double>) -> Int {
        precondition(0 <= start && start <= end && end <= stepCount, "steps \(start)..<\(end) outside 0..<\(stepCount)")
        precondition(z.count >= (end - start) * dimension, "\(z.count) noise numbers for \(end - start) steps")
        var noise = [Double](repeating: 0, count: dimension)
        for i in start..<end {
            let a = schedule.alphaBar(atStep: i), previous = schedule.previousAlphaBar(atStep: i), sigma = schedule.sigma(atStep: i)
            noise.withUnsafeMutableBufferPointer { noisePrediction(UnsafeBufferPointer(x), alphaBar: a, into: $0) }
            let rootA = a.squareRoot(), rootOneMinusA = (1 - a).squareRoot()
            let rootPrevious = previous.squareRoot(), direction = max(0, 1 - previous - sigma * sigma).squareRoot()
            let base = (i - start) * dimension
            for j in 0..<dimension {
                let predicted = (x[j] - rootOneMinusA * noise[j]) / rootA
                x[j] = rootPrevious * predicted + direction * noise[j] + sigma * z[base + j]
            }
        }
        return end - start
    }

    /// The mode an output belongs to: argmax_k [log w_k − ‖x − μ_k‖² / (2 s²)].
    public func mode(of x: UnsafeBufferPointer<Double>) -> Int {
        let values = logits(x, scale: 1, variance: modeDeviation * modeDeviation)
        return values.indices.max { values[$0] < values[$1] || (values[$0] == values[$1] && $0 > $1) }!
    }
}

/// A denoising generator as EvoSearch drives it: latents of a fixed shape, and sampling
/// steps that advance a batch of latents along their trajectories, every step of every row
/// one network function evaluation (NFE).
///
/// The generator never draws random numbers: each step's stochastic noise (DDIM's σ_i z, a
/// consistency model's re-noising) is given with the call, drawn by the caller from
/// Tessera's streams, so a trajectory is a pure function of its starting latent and its
/// stream, in this process or on a server (``RemoteDiffusionServer``).
///
/// A latent's numbers from ``noiseOffset`` on are standard-normal noise; the numbers before
/// it are context the sampler carries (zero in an initial latent). ``GaussianMixtureDiffusion``
/// is the built-in, exact generator (double precision); real models use `Float` latents.
public protocol DenoisingGenerator: Sendable {
    /// The latents' numbers: `Double` for the built-in model, `Float` for real ones.
    associatedtype Scalar: LatentScalar
    /// The shape of one latent, outermost first.
    var latentShape: [Int] { get }
    /// Sampling steps from noise to output.
    var stepCount: Int { get }
    /// Where a latent's standard-normal noise starts (0: the whole latent is noise).
    var noiseOffset: Int { get }
    /// Standard normals each step consumes per row.
    var stepNoiseCount: Int { get }
    /// How EvoSearch mutates a latent.
    var mutation: LatentMutation { get }
    /// σ_t of the ``LatentMutation/additive`` mutation at step `i` (the sampler's noise level).
    func noiseDeviation(atStep i: Int) -> Double
    /// Applies sampling steps `start ..< end` to `rows` latents.
    ///
    /// - Parameters:
    ///   - latents: `rows` latents of ``latentCount`` numbers, row after row, advanced in place.
    ///   - noise: `rows · (end − start) · stepNoiseCount` standard normals, row by row and,
    ///     within a row, step by step.
    /// - Returns: The NFE spent.
    /// - Throws: Whatever stops the generator (a server that failed).
    func advance(_ latents: inout [Scalar], rows: Int, from start: Int, to end: Int, noise: [Scalar]) async throws -> Int
}

extension DenoisingGenerator {
    /// Numbers per latent: the product of ``latentShape``.
    public var latentCount: Int { latentShape.reduce(1, *) }
    /// The whole latent is noise unless the generator says otherwise.
    public var noiseOffset: Int { 0 }
    /// One normal per latent number per step unless the generator says otherwise.
    public var stepNoiseCount: Int { latentCount }
    /// EvoSearch's own mutation unless the generator says otherwise.
    public var mutation: LatentMutation { .additive }
}

/// How EvoSearch mutates a latent at evolution step t with rate β.
public enum LatentMutation: String, Codable, Hashable, Sendable {
    /// The paper's rule for DDIM-style samplers: √(1 − β²) x + β ε at the initial noise
    /// (which keeps N(0, I)), x + σ_t ε later, σ_t the sampler's noise level at t.
    case additive
    /// For latents that keep their noise apart (``DenoisingGenerator/noiseOffset``): at every
    /// step only the noise part changes, z ← √(1 − β²) z + β ε, so the mutated latent has
    /// exactly the distribution of its noise level given its context.
    case noise
}

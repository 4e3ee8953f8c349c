/// A denoising generator as EvoSearch drives it: latents of a fixed size, initial noise,
/// and sampling steps that advance a latent along its trajectory, every step one network
/// function evaluation (NFE). Each step's stochastic noise comes from the caller's stream,
/// so a trajectory is a pure function of its starting latent and its stream.
///
/// ``GaussianMixtureDiffusion`` is the built-in, exact one (double precision).
public protocol DenoisingGenerator: Sendable {
    /// Numbers per latent.
    var latentCount: Int { get }
    /// Sampling steps from noise to output.
    var stepCount: Int { get }
    /// Fills `latent` with initial noise.
    func initialNoise(into latent: UnsafeMutableBufferPointer<Double>, using generator: inout Xoshiro256)
    /// Applies steps `start ..< end` to `latent`, and returns the NFE spent.
    func advance(_ latent: UnsafeMutableBufferPointer<Double>, from start: Int, to end: Int, using generator: inout Xoshiro256) -> Int
    /// The standard deviation of step `i`'s stochastic noise (EvoSearch's mutation size there).
    func noiseDeviation(atStep i: Int) -> Double
}

extension GaussianMixtureDiffusion: DenoisingGenerator {
    /// The dimension d.
    public var latentCount: Int { dimension }
    /// DDIM's σ_i with η = 1.
    public func noiseDeviation(atStep i: Int) -> Double { schedule.sigma(atStep: i) }
}

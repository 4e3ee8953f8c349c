extension GaussianMixtureDiffusion: DenoisingGenerator {
    /// Latents are points of d dimensions, in double precision.
    public typealias Scalar = Double
    /// `[dimension]`.
    public var latentShape: [Int] { [dimension] }
    /// DDIM's σ_i with η = 1.
    public func noiseDeviation(atStep i: Int) -> Double { schedule.sigma(atStep: i) }

    /// Applies steps `start ..< end` to every row, one after the other.
    public func advance(_ latents: inout [Double], rows: Int, from start: Int, to end: Int, noise: [Double]) -> Int {
        precondition(latents.count == rows * dimension && noise.count == rows * (end - start) * dimension,
                     "\(latents.count) latent and \(noise.count) noise numbers for \(rows) rows")
        let perRow = (end - start) * dimension
        var spent = 0
        latents.withUnsafeMutableBufferPointer { all in
            noise.withUnsafeBufferPointer { z in
                for row in 0..<rows {
                    let x = UnsafeMutableBufferPointer(rebasing: all[(row * dimension)..<((row + 1) * dimension)])
                    spent += advance(x, from: start, to: end, noise: UnsafeBufferPointer(rebasing: z[(row * perRow)..<((row + 1) * perRow)]))
                }
            }
        }
        return spent
    }
}

import Foundation

/// The rewards EvoSearch maximises on the built-in ``GaussianMixtureDiffusion``, each a
/// function of an output x. With u = e_{d−1} and the offset o = ½ s √d u:
public enum MixtureReward: String, CaseIterable, Codable, Hashable, Sendable {
    /// r(x) = −‖x − c‖² / d with c = μ_7 + o: a point beside the rarest mode.
    case rareTarget = "rare-target"
    /// r(x) = Σ_k a_k exp(−‖x − p_k‖² / (2 d ρ²)) with p_k = μ_k + o, ρ = s and heights a =
    /// (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.9, 1.0): a peak beside every mode, the rare ones
    /// highest.
    case multiPeak = "multi-peak"

    /// The multi-peak heights.
    public static let heights = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.9, 1.0]

    /// The reward of output `x` of `model`.
    ///
    /// - Complexity: O(K d).
    public func value(of x: UnsafeBufferPointer<Double>, model: GaussianMixtureDiffusion) -> Double {
        let d = model.dimension
        let offset = 0.5 * model.modeDeviation * Double(d).squareRoot()
        func squaredDistance(toPeakOf k: Int) -> Double {
            var squared = 0.0
            for j in 0..<d {
                let target = model.means[k * d + j] + (j == d - 1 ? offset : 0)
                let difference = x[j] - target
                squared += difference * difference
            }
            return squared
        }
        switch self {
        case .rareTarget:
            return -squaredDistance(toPeakOf: 7) / Double(d)
        case .multiPeak:
            let rho = model.modeDeviation
            return (0..<GaussianMixtureDiffusion.modeCount).reduce(0) { sum, k in
                sum + Self.heights[k] * exp(-squaredDistance(toPeakOf: k) / (2 * Double(d) * rho * rho))
            }
        }
    }
}

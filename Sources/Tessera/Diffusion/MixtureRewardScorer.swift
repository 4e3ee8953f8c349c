/// A ``MixtureReward`` of the built-in ``GaussianMixtureDiffusion``, with the mode as the
/// descriptor: the value k + ½ in [0, 8], so a grid of 8 cells over it has one cell per mode.
public struct MixtureRewardScorer: DenoisingReward {
    /// The model whose outputs are scored.
    public let model: GaussianMixtureDiffusion
    /// The reward.
    public let reward: MixtureReward

    /// Scores `model`'s outputs by `reward`.
    public init(model: GaussianMixtureDiffusion, reward: MixtureReward) {
        self.model = model
        self.reward = reward
    }

    /// `["mode"]`.
    public var descriptorNames: [String] { ["mode"] }
    /// [0, 8].
    public var descriptorSpace: Box? { Box(lower: [0], upper: [Double(GaussianMixtureDiffusion.modeCount)]) }

    /// The reward and mode of every row.
    public func score(_ outputs: [Double], rows: Int) -> [OutputScore] {
        let d = model.dimension
        precondition(outputs.count == rows * d, "\(outputs.count) numbers for \(rows) outputs of \(d)")
        return outputs.withUnsafeBufferPointer { all in
            (0..<rows).map { row in
                let x = UnsafeBufferPointer(rebasing: all[(row * d)..<((row + 1) * d)])
                return OutputScore(reward: reward.value(of: x, model: model), descriptor: [Double(model.mode(of: x)) + 0.5])
            }
        }
    }
}

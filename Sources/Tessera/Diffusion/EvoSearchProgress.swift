/// One rollout of a search, as a chunk returns it: its output, reward and descriptor, or
/// why it failed, and the NFE spent by the end of it.
public struct EvoSearchRollout<Scalar: LatentScalar>: Sendable {
    /// The generation (0 for the first population) and row.
    public var generation: Int
    public var row: Int
    /// The output: the latent after the last step.
    public var output: [Scalar]
    /// The reward, or `nil` when the output could not be scored.
    public var reward: Double?
    /// The descriptor (empty without descriptors).
    public var descriptor: [Double]
    /// Why the rollout failed, or `nil`.
    public var failure: String?
    /// NFE spent by the search by the end of this rollout.
    public var nfe: Int
    /// The best reward of the search by then.
    public var bestReward: Double
}

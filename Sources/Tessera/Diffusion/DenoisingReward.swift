/// The reward of a denoising generator's outputs, scored a batch at a time, with optional
/// descriptors of each output (for `evosearch-qd` and the run's archive).
public protocol DenoisingReward: Sendable {
    /// The outputs' numbers (the generator's latents after the last step).
    associatedtype Scalar: LatentScalar
    /// The descriptors' names, one per dimension; empty when there are none.
    var descriptorNames: [String] { get }
    /// The box the descriptors are expected in (values outside are clipped into an
    /// archive's edge cells); `nil` when there are no descriptors.
    var descriptorSpace: Box? { get }
    /// Scores `rows` outputs of `count` numbers each, row after row.
    ///
    /// - Returns: One score per row; a row may fail alone (``OutputScore/failure``).
    /// - Throws: Whatever fails the whole batch (a server that failed).
    func score(_ outputs: [Scalar], rows: Int) async throws -> [OutputScore]
}

/// What a reward made of one output: its reward and descriptor, or why it failed.
public struct OutputScore: Hashable, Sendable {
    /// The reward (higher is better), or `nil` when the row failed.
    public var reward: Double?
    /// The descriptor (empty without descriptors).
    public var descriptor: [Double]
    /// Why the row failed, or `nil`.
    public var failure: String?

    /// A scored output.
    public init(reward: Double, descriptor: [Double] = []) {
        self.reward = reward
        self.descriptor = descriptor
        failure = nil
    }

    /// A failed output.
    public init(failure: String) {
        reward = nil
        descriptor = []
        self.failure = failure
    }
}

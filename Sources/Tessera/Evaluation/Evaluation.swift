/// The result of evaluating one genome: its objective, its descriptor, optional metadata,
/// and the raw observation a domain that declares one reports (see
/// ``Domain/observationDimension``).
public struct Evaluation: Sendable, Hashable {
    /// The objective (higher is better).
    public var objective: Double
    /// The descriptor: where the genome falls in descriptor space.
    public var descriptor: [Double]
    /// Optional extra facts kept with the elite.
    public var metadata: Metadata?
    /// The raw observation (an image, a trajectory) that learned descriptors are made from,
    /// or `nil` for domains that declare none.
    public var observation: [Float]?

    /// Creates an evaluation.
    public init(objective: Double, descriptor: [Double], metadata: Metadata? = nil, observation: [Float]? = nil) {
        self.objective = objective
        self.descriptor = descriptor
        self.metadata = metadata
        self.observation = observation
    }
}

/// The result of evaluating one genome: its objective, its descriptor and optional metadata.
public struct Evaluation: Sendable, Hashable {
    /// The objective (higher is better).
    public var objective: Double
    /// The descriptor: where the genome falls in descriptor space.
    public var descriptor: [Double]
    /// Optional extra facts kept with the elite.
    public var metadata: Metadata?

    /// Creates an evaluation.
    public init(objective: Double, descriptor: [Double], metadata: Metadata? = nil) {
        self.objective = objective
        self.descriptor = descriptor
        self.metadata = metadata
    }
}

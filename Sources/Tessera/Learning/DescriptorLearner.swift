// Placeholder for the merge: the learners branch owns this file.
public protocol DescriptorLearner: Codable, Sendable {
    var inputDimension: Int { get }
    var codeDimension: Int { get }
    var isFitted: Bool { get }
    mutating func fit(_ observations: [Float], count: Int, seed: UInt64) throws -> LearnerFit
    func encode(_ observations: [Float], count: Int) -> [Double]
    func reconstructionErrors(_ observations: [Float], count: Int) -> [Double]
    func encodeWithErrors(_ observations: [Float], count: Int) -> (codes: [Double], errors: [Double])
}

public struct LearnerFit: Codable, Hashable, Sendable {
    public var rows: Int
    public var epochs: Int
    public var trainingLoss: Double
    public var heldOutLoss: Double?
    public var explainedVarianceRatio: Double?
    public var stoppedEarly: Bool
    public var seconds: Double
    public init(rows: Int, epochs: Int, trainingLoss: Double, heldOutLoss: Double?, explainedVarianceRatio: Double?,
                stoppedEarly: Bool, seconds: Double) {
        self.rows = rows; self.epochs = epochs; self.trainingLoss = trainingLoss; self.heldOutLoss = heldOutLoss
        self.explainedVarianceRatio = explainedVarianceRatio; self.stoppedEarly = stoppedEarly; self.seconds = seconds
    }
}

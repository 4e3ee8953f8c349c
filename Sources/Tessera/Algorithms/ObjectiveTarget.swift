/// A level of the objective a run is racing to, and the evaluation that first passed it:
/// "solved" for the maze (the robot ends within 5 of the goal), "evaluations to f < 1e-8"
/// for a benchmark function.
///
/// The level is configuration (set when the scheduler is built); when it was reached is
/// state, saved with the run and restored, so a resumed run reports the same evaluation
/// as an uninterrupted one.
public struct ObjectiveTarget: Codable, Hashable, Sendable {
    /// The level an objective must exceed (strictly) to reach the target.
    public let level: Double
    /// The number of evaluations performed up to and including the first one whose
    /// objective exceeded ``level`` (1 for the very first evaluation), or `nil` while none has.
    public internal(set) var reachedAfter: Int?

    /// A target not reached yet.
    public init(exceeding level: Double) {
        self.level = level
        reachedAfter = nil
    }

    /// Whether some evaluation has passed the level.
    public var isReached: Bool { reachedAfter != nil }

    /// Notes the first row of `batch` that passes the level, `firstEvaluation` being the
    /// number of evaluations before the batch. Failed rows never count.
    mutating func record(_ batch: EvaluationBatch, firstEvaluation: Int) {
        guard reachedAfter == nil else { return }
        for row in 0..<batch.count where batch.failures[row] == nil && batch.objectives[row] > level {
            reachedAfter = firstEvaluation + row + 1
            return
        }
    }
}

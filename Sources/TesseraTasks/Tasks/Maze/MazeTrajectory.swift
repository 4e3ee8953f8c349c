/// The path of one robot through a maze, for tests and plots: its centre at the start and
/// after every time step.
public struct MazeTrajectory: Hashable, Sendable {
    /// The x coordinate at the start (index 0) and after each step (index t), `steps + 1` values.
    public let x: [Double]
    /// The y coordinate, indexed as ``x``.
    public let y: [Double]
    /// The step after which the robot was within ``MazeDomain/goalRadius`` of the goal
    /// (0 when it starts there), or `nil` when it never got there.
    public let goalStep: Int?

    /// Creates a trajectory from its coordinates.
    public init(x: [Double], y: [Double], goalStep: Int?) {
        precondition(x.count == y.count, "x and y differ in length")
        self.x = x
        self.y = y
        self.goalStep = goalStep
    }

    /// The number of recorded positions (steps + 1).
    public var count: Int { x.count }

    /// The position at index `t`.
    public subscript(t: Int) -> MazePoint { MazePoint(x: x[t], y: y[t]) }

    /// The last position.
    public var final: MazePoint { self[count - 1] }
}

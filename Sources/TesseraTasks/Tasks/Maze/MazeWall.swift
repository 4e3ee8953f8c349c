/// One wall of a maze: a straight segment between two distinct points.
///
/// Walls have no thickness; the robot's body (radius ``MazeRobot/radius``) keeps it away
/// from them. The boundary of a map is made of ordinary walls.
public struct MazeWall: Codable, Hashable, Sendable {
    /// One end of the segment.
    public var from: MazePoint
    /// The other end of the segment.
    public var to: MazePoint

    /// Creates the wall from (`x1`, `y1`) to (`x2`, `y2`).
    public init(x1: Double, y1: Double, x2: Double, y2: Double) {
        self.from = MazePoint(x: x1, y: y1)
        self.to = MazePoint(x: x2, y: y2)
    }

    /// Creates the wall between two points.
    public init(from: MazePoint, to: MazePoint) {
        self.from = from
        self.to = to
    }

    /// The length of the segment.
    public var length: Double { from.distance(to: to) }
}

import Tessera

/// A maze of the deceptive maze-navigation domain (Lehman & Stanley 2011): wall segments,
/// the robot's start position and heading, and the goal.
///
/// Build one from text with ``parse(_:name:)``, from a file with ``load(path:)``, or take
/// the paper's maps ``medium`` and ``hard``. Every map satisfies: at least one wall and at
/// most ``maximumWallCount``; finite coordinates; no zero-length wall; walls whose bounding
/// box ``bounds`` has positive width and height; start and goal inside that box.
public struct MazeMap: Hashable, Sendable {
    /// The largest number of walls a map may have.
    public static let maximumWallCount = 100_000

    /// A short name for messages, e.g. `"medium"` or a file name.
    public let name: String
    /// The wall segments, in file order.
    public let walls: [MazeWall]
    /// The robot's start position.
    public let start: MazePoint
    /// The robot's start heading in degrees (0 faces +x, 90 faces +y).
    public let heading: Double
    /// The goal position.
    public let goal: MazePoint
    /// The bounding box of the walls' end points, `[minX, maxX] × [minY, maxY]`.
    public let bounds: Box

    /// Creates a map from values given in code, checking that they make a maze.
    ///
    /// - Parameters:
    ///   - name: A short name for messages.
    ///   - walls: The wall segments: 1 to ``maximumWallCount``, finite, none of zero length,
    ///     spanning a box of positive width and height.
    ///   - start: The robot's start, inside the walls' box.
    ///   - heading: The start heading in degrees, finite.
    ///   - goal: The goal, inside the walls' box.
    /// - Throws: ``MazeMapError`` (without a line) naming the first problem.
    public init(name: String, walls: [MazeWall], start: MazePoint, heading: Double, goal: MazePoint) throws(MazeMapError) {
        try self.init(name: name, walls: walls, start: start, heading: heading, goal: goal, lines: nil)
    }

    /// The file lines the values came from, so errors can name them.
    struct SourceLines {
        var start: Int
        var heading: Int
        var goal: Int
        var walls: [Int]
    }

    /// Creates a map, naming `lines` in errors when the values came from a file.
    init(name: String, walls: [MazeWall], start: MazePoint, heading: Double, goal: MazePoint,
         lines: SourceLines?) throws(MazeMapError) {
        func fail(_ line: Int?, _ message: String) -> MazeMapError {
            MazeMapError(name: name, line: line, message: message)
        }
        guard !walls.isEmpty else { throw fail(nil, "a map needs at least 1 wall") }
        guard walls.count <= Self.maximumWallCount else {
            throw fail(nil, "\(walls.count) walls are above the limit of \(Self.maximumWallCount)")
        }
        guard heading.isFinite else { throw fail(lines?.heading, "the start heading \(heading) is not finite") }
        var minX = Double.infinity, maxX = -Double.infinity
        var minY = Double.infinity, maxY = -Double.infinity
        for (index, wall) in walls.enumerated() {
            let line = lines?.walls[index]
            let ends = [wall.from.x, wall.from.y, wall.to.x, wall.to.y]
            guard ends.allSatisfy(\.isFinite) else {
                let text = ends.map(Self.format).joined(separator: " ")
                throw fail(line, "wall \(index + 1) has a coordinate that is not finite (\(text))")
            }
            guard wall.from != wall.to else {
                throw fail(line, "wall \(index + 1) has zero length (both ends at \(Self.format(wall.from)))")
            }
            minX = min(minX, wall.from.x, wall.to.x)
            maxX = max(maxX, wall.from.x, wall.to.x)
            minY = min(minY, wall.from.y, wall.to.y)
            maxY = max(maxY, wall.from.y, wall.to.y)
        }
        let box = "[\(Self.format(minX)), \(Self.format(maxX))] × [\(Self.format(minY)), \(Self.format(maxY))]"
        guard minX < maxX, minY < maxY else { throw fail(nil, "the walls span no area (their box is \(box))") }
        for (what, point, line) in [("start", start, lines?.start), ("goal", goal, lines?.goal)] {
            guard point.x.isFinite, point.y.isFinite else {
                throw fail(line, "the \(what) \(Self.format(point)) is not finite")
            }
            guard point.x >= minX, point.x <= maxX, point.y >= minY, point.y <= maxY else {
                throw fail(line, "the \(what) \(Self.format(point)) is outside the walls' box \(box)")
            }
        }
        self.name = name
        self.walls = walls
        self.start = start
        self.heading = heading
        self.goal = goal
        self.bounds = Box(lower: [minX, minY], upper: [maxX, maxY])
    }

    /// A coordinate as the map text writes it: whole numbers without a fraction, others in
    /// Swift's shortest form that reads back to the same `Double`.
    static func format(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            return String(Int(value))
        }
        return "\(value)"
    }

    /// A point as `(x, y)` for messages.
    static func format(_ point: MazePoint) -> String {
        "(\(format(point.x)), \(format(point.y)))"
    }
}

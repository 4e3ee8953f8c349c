import Foundation

/// The maze robot of Lehman & Stanley 2011 (section 5 and Lehman's original code): its
/// body, its sensors and its limits, with the sensor geometry as functions of one pose.
///
/// The robot is a disc of radius ``radius`` with six rangefinders and four pie-slice goal
/// radars, all relative to its heading (degrees, 0 faces +x, 90 faces +y). The batch
/// simulation inside ``MazeDomain`` runs the same kernels as these one-pose functions.
public enum MazeRobot {
    /// The body radius: a move that would bring the centre closer than this to a wall is
    /// rejected.
    public static let radius = 8.0

    /// The rangefinder directions in degrees relative to the heading, in input order.
    public static let rangefinderAngles: [Double] = [-90, -45, 0, 45, 90, -180]

    /// The rangefinders' reach; a reading is the distance to the nearest wall along the
    /// ray divided by this (1 when no wall is within reach).
    public static let rangefinderRange = 100.0

    /// The number of goal radars. Radar `k` covers the bearings [315 + 90k, 405 + 90k)
    /// degrees (mod 360) relative to the heading: front, left (+y side), back, right.
    public static let radarCount = 4

    /// The largest absolute speed, in units per step.
    public static let maximumSpeed = 3.0

    /// The largest absolute angular velocity, in degrees per step.
    public static let maximumAngularVelocity = 3.0

    /// The slope of NEAT's steep sigmoid, `1 / (1 + exp(−4.924273 x))`.
    public static let sigmoidSlope = 4.924273

    /// NEAT's steep sigmoid, `1 / (1 + exp(−4.924273 x))`: 0.5 at 0, in (0, 1).
    @inline(__always)
    public static func steepSigmoid(_ x: Double) -> Double {
        1 / (1 + exp(-sigmoidSlope * x))
    }

    /// The unit direction of each rangefinder at heading 0, exact (cos, sin) of
    /// ``rangefinderAngles`` (so the 0°, ±90° and −180° rays have exact zero components).
    static let rangefinderDirections: [(x: Double, y: Double)] = {
        let h = 0.5.squareRoot()
        return [(0, -1), (h, -h), (1, 0), (h, h), (0, 1), (-1, 0)]
    }()

    /// Degrees to radians.
    static let radiansPerDegree = Double.pi / 180
    /// Radians to degrees.
    static let degreesPerRadian = 180 / Double.pi

    /// The six rangefinder readings of a robot at `position` facing `heading`.
    ///
    /// - Parameters:
    ///   - position: The robot's centre.
    ///   - heading: The heading in degrees.
    ///   - map: The maze.
    /// - Returns: Six readings in [0, 1], in the order of ``rangefinderAngles``.
    /// - Complexity: O(walls).
    public static func rangefinders(at position: MazePoint, heading: Double, in map: MazeMap) -> [Double] {
        let walls = MazeWallTable(map)
        let rad = heading * radiansPerDegree
        let c = cos(rad), s = sin(rad)
        return rangefinderDirections.map { direction in
            let dx = c * direction.x - s * direction.y
            let dy = s * direction.x + c * direction.y
            var best = rangefinderRange
            for w in 0..<walls.count {
                walls.ray(fromX: position.x, y: position.y, dx: dx, dy: dy, wall: w, nearest: &best)
            }
            return best / rangefinderRange
        }
    }

    /// The radar that sees the goal from `position` facing `heading`.
    ///
    /// - Returns: The sector index in 0..<4: 0 for bearings [315, 45) relative to the
    ///   heading, 1 for [45, 135), 2 for [135, 225), 3 for [225, 315).
    public static func radarSector(at position: MazePoint, heading: Double, goal: MazePoint) -> Int {
        radarSector(x: position.x, y: position.y, heading: heading, goalX: goal.x, goalY: goal.y)
    }

    /// The radar kernel: the sector of the bearing of the goal relative to the heading.
    @inline(__always)
    static func radarSector(x: Double, y: Double, heading: Double, goalX: Double, goalY: Double) -> Int {
        var bearing = atan2(goalY - y, goalX - x) * degreesPerRadian - heading
        bearing = bearing.truncatingRemainder(dividingBy: 360)
        if bearing < 0 { bearing += 360 }
        return Int((bearing + 45) / 90) % 4
    }

    /// Whether a robot centred at `position` would touch a wall (be closer than ``radius``).
    ///
    /// - Complexity: O(walls).
    public static func collides(at position: MazePoint, in map: MazeMap) -> Bool {
        let walls = MazeWallTable(map)
        for w in 0..<walls.count where walls.touches(x: position.x, y: position.y, wall: w) {
            return true
        }
        return false
    }
}

/// A map's walls as flat arrays for the simulation's inner loops: each wall's first end
/// `a`, its direction `e = b − a` and `e · e`, with the ray and contact kernels.
struct MazeWallTable: Sendable {
    /// First ends.
    let ax: [Double], ay: [Double]
    /// Directions `b − a`.
    let ex: [Double], ey: [Double]
    /// Squared lengths `e · e` (positive: maps have no zero-length wall).
    let lengthSquared: [Double]

    init(_ map: MazeMap) {
        ax = map.walls.map(\.from.x)
        ay = map.walls.map(\.from.y)
        ex = map.walls.map { $0.to.x - $0.from.x }
        ey = map.walls.map { $0.to.y - $0.from.y }
        lengthSquared = zip(ex, ey).map { $0 * $0 + $1 * $1 }
    }

    /// The number of walls.
    var count: Int { ax.count }

    /// Shortens `nearest` to the distance along the unit ray from (`x`, `y`) in direction
    /// (`dx`, `dy`) at which it meets wall `w`, when that is nearer.
    @inline(__always)
    func ray(fromX x: Double, y: Double, dx: Double, dy: Double, wall w: Int, nearest: inout Double) {
        nearest = min(nearest, Self.hitDistance(fromX: x, y: y, dx: dx, dy: dy, ax: ax[w], ay: ay[w], ex: ex[w], ey: ey[w]))
    }

    /// The distance along the unit ray from (`x`, `y`) in direction (`dx`, `dy`) to the
    /// segment `a + u·e`, u ∈ [0, 1], or +∞ when the ray does not meet it.
    ///
    /// Solves `p + t·d = a + u·e` with cross products; a hit needs `t ≥ 0` and `u ∈ [0, 1]`.
    /// A parallel wall gives an infinite or NaN `t`, which the tests refuse. Written without
    /// branches so the batch loop over robots compiles to selects.
    @inline(__always)
    static func hitDistance(fromX x: Double, y: Double, dx: Double, dy: Double,
                            ax: Double, ay: Double, ex: Double, ey: Double) -> Double {
        let wx = ax - x, wy = ay - y
        let denominator = dx * ey - dy * ex
        let t = (wx * ey - wy * ex) / denominator
        let u = (wx * dy - wy * dx) / denominator
        let hit = (t >= 0) && (u >= 0) && (u <= 1)
        return hit ? t : .infinity
    }

    /// Whether a disc of radius ``MazeRobot/radius`` centred at (`x`, `y`) comes closer
    /// than its radius to wall `w` (distance to the segment, not to its line).
    @inline(__always)
    func touches(x: Double, y: Double, wall w: Int) -> Bool {
        Self.touches(x: x, y: y, ax: ax[w], ay: ay[w], ex: ex[w], ey: ey[w], lengthSquared: lengthSquared[w])
    }

    /// The contact kernel on one wall's values (see ``touches(x:y:wall:)``).
    @inline(__always)
    static func touches(x: Double, y: Double, ax: Double, ay: Double, ex: Double, ey: Double,
                        lengthSquared: Double) -> Bool {
        let qx = x - ax, qy = y - ay
        let u = min(max((qx * ex + qy * ey) / lengthSquared, 0), 1)
        let cx = qx - u * ex, cy = qy - u * ey
        return cx * cx + cy * cy < MazeRobot.radius * MazeRobot.radius
    }
}

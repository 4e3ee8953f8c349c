import Foundation

/// A batch of maze robots stepped together, one time step at a time, on a structure of
/// arrays: every per-robot quantity is a run of `count` doubles in one flat buffer.
///
/// A step follows Lehman's original code: read the sensors at the current pose; run the
/// network; `angular += o₁ − 0.5` and `speed += o₂ − 0.5`, each clamped to ±3; move by
/// `speed · (cos h, sin h)` with the heading `h` from before the update; add the angular
/// velocity to the heading (wrapped once into [0, 360]); reject the move, keeping the speed,
/// if the new centre is closer than ``MazeRobot/radius`` to a wall; stop the robot for good
/// once its centre is within ``MazeDomain/goalRadius`` of the goal.
///
/// Each robot's arithmetic is the same sequence of IEEE operations whatever the batch size
/// (sums run in a fixed order; no BLAS), so a batch gives bit-identical results to
/// evaluating its genomes one at a time. The network cannot be one matrix product per
/// layer, because every robot has its own weights: each layer is a loop over the inputs of
/// multiply-adds over contiguous runs of the batch (weights are stored transposed, gene-major).
struct MazeSimulation {
    /// The number of robots.
    let count: Int
    /// The number of hidden units.
    let hidden: Int
    /// The number of robots that reached the goal.
    private(set) var stoppedCount = 0

    private let wallCount: Int
    private let goalX: Double, goalY: Double
    private var buffer: [Double]
    // Offsets of the runs in `buffer`, each `count` long unless noted.
    private let xAt, yAt, headingAt, speedAt, angularAt, cosineAt, sineAt: Int
    private let directionXAt, directionYAt, nearestAt, nextXAt, nextYAt, blockedAt, stoppedAt: Int
    /// `inputCount` runs.
    private let inputsAt: Int
    /// `hidden` runs.
    private let hiddenAt: Int
    /// `outputCount` runs.
    private let outputsAt: Int
    /// `genomeSize` runs: gene-major scaled weights.
    private let weightsAt: Int
    /// Five runs of `wallCount`: ax, ay, ex, ey, e·e.
    private let wallsAt: Int

    /// Places `genomes.count / genomeSize` robots at the map's start.
    ///
    /// - Parameters:
    ///   - map: The maze.
    ///   - hidden: The number of hidden units.
    ///   - genomes: Whole genomes, row-major, `genomeSize(hidden:)` genes each.
    init(map: MazeMap, hidden: Int, genomes: UnsafeBufferPointer<Double>) {
        let n = MazeController.genomeSize(hidden: hidden)
        precondition(genomes.count % n == 0, "genomes are not whole rows of \(n) genes")
        let count = genomes.count / n
        self.count = count
        self.hidden = hidden
        wallCount = map.walls.count
        goalX = map.goal.x
        goalY = map.goal.y
        var next = 0
        func run(_ length: Int) -> Int {
            defer { next += length }
            return next
        }
        xAt = run(count); yAt = run(count); headingAt = run(count); speedAt = run(count)
        angularAt = run(count); cosineAt = run(count); sineAt = run(count)
        directionXAt = run(count); directionYAt = run(count); nearestAt = run(count)
        nextXAt = run(count); nextYAt = run(count); blockedAt = run(count); stoppedAt = run(count)
        inputsAt = run(MazeController.inputCount * count)
        hiddenAt = run(hidden * count)
        outputsAt = run(MazeController.outputCount * count)
        weightsAt = run(n * count)
        wallsAt = run(5 * wallCount)
        buffer = [Double](repeating: 0, count: next)

        let table = MazeWallTable(map)
        let stopped = (map.start.x - goalX) * (map.start.x - goalX) + (map.start.y - goalY) * (map.start.y - goalY)
            < MazeDomain.goalRadius * MazeDomain.goalRadius
        stoppedCount = stopped ? count : 0
        buffer.withUnsafeMutableBufferPointer { b in
            let p = b.baseAddress!
            for r in 0..<count {
                p[xAt + r] = map.start.x
                p[yAt + r] = map.start.y
                p[headingAt + r] = map.heading
                p[stoppedAt + r] = stopped ? 1 : 0
                p[inputsAt + r] = 1  // the bias input
            }
            for g in 0..<n {
                for r in 0..<count { p[weightsAt + g * count + r] = MazeController.weightScale * genomes[r * n + g] }
            }
            for w in 0..<wallCount {
                p[wallsAt + w] = table.ax[w]
                p[wallsAt + wallCount + w] = table.ay[w]
                p[wallsAt + 2 * wallCount + w] = table.ex[w]
                p[wallsAt + 3 * wallCount + w] = table.ey[w]
                p[wallsAt + 4 * wallCount + w] = table.lengthSquared[w]
            }
        }
    }

    /// Whether every robot has reached the goal (further steps change nothing).
    var allStopped: Bool { stoppedCount == count }

    /// The centre of robot `r`.
    func position(_ r: Int) -> MazePoint {
        MazePoint(x: buffer[xAt + r], y: buffer[yAt + r])
    }

    /// Whether robot `r` has reached the goal.
    func isStopped(_ r: Int) -> Bool { buffer[stoppedAt + r] != 0 }

    /// Advances every robot by one time step.
    ///
    /// - Complexity: O(count × (walls + genome size)).
    mutating func step() {
        let b = count, h = hidden, walls = wallCount
        let inputs = MazeController.inputCount
        let range = MazeRobot.rangefinderRange
        let goalX = goalX, goalY = goalY
        var newlyStopped = 0
        buffer.withUnsafeMutableBufferPointer { buffer in
            let p = buffer.baseAddress!
            let x = p + xAt, y = p + yAt, heading = p + headingAt, speed = p + speedAt
            let angular = p + angularAt, cosine = p + cosineAt, sine = p + sineAt
            let dx = p + directionXAt, dy = p + directionYAt, nearest = p + nearestAt
            let nextX = p + nextXAt, nextY = p + nextYAt, blocked = p + blockedAt, stopped = p + stoppedAt
            let input = p + inputsAt, hiddenOut = p + hiddenAt, output = p + outputsAt, weight = p + weightsAt
            let ax = p + wallsAt, ay = ax + walls, ex = ay + walls, ey = ex + walls, lengthSquared = ey + walls

            for r in 0..<b {
                let rad = heading[r] * MazeRobot.radiansPerDegree
                cosine[r] = cos(rad)
                sine[r] = sin(rad)
            }
            // Rangefinders: inputs 1...6.
            for (s, direction) in MazeRobot.rangefinderDirections.enumerated() {
                for r in 0..<b {
                    dx[r] = cosine[r] * direction.x - sine[r] * direction.y
                    dy[r] = sine[r] * direction.x + cosine[r] * direction.y
                    nearest[r] = range
                }
                for w in 0..<walls {
                    let wax = ax[w], way = ay[w], wex = ex[w], wey = ey[w]
                    for r in 0..<b {
                        nearest[r] = min(nearest[r], MazeWallTable.hitDistance(fromX: x[r], y: y[r], dx: dx[r], dy: dy[r],
                                                                               ax: wax, ay: way, ex: wex, ey: wey))
                    }
                }
                let reading = input + (1 + s) * b
                for r in 0..<b { reading[r] = nearest[r] / range }
            }
            // Radars: inputs 7...10. (Lehman's original code writes them one slot early,
            // over the rear rangefinder, and leaves the last input unset; here all 11
            // inputs are meaningful, as in his later code.)
            let radar = input + 7 * b
            for i in 0..<(MazeRobot.radarCount * b) { radar[i] = 0 }
            for r in 0..<b {
                let sector = MazeRobot.radarSector(x: x[r], y: y[r], heading: heading[r], goalX: goalX, goalY: goalY)
                radar[sector * b + r] = 1
            }
            // Hidden layer: unit j sums its 11 weighted inputs in input order.
            for j in 0..<h {
                let sum = hiddenOut + j * b
                for r in 0..<b { sum[r] = 0 }
                for i in 0..<inputs {
                    let wji = weight + (j * inputs + i) * b, xi = input + i * b
                    for r in 0..<b { sum[r] += wji[r] * xi[r] }
                }
                for r in 0..<b { sum[r] = MazeRobot.steepSigmoid(sum[r]) }
            }
            // Output layer: bias, then the hidden units in order.
            for k in 0..<MazeController.outputCount {
                let base = inputs * h + k * (h + 1)
                let sum = output + k * b, bias = weight + base * b
                for r in 0..<b { sum[r] = bias[r] }
                for j in 0..<h {
                    let wkj = weight + (base + 1 + j) * b, hj = hiddenOut + j * b
                    for r in 0..<b { sum[r] += wkj[r] * hj[r] }
                }
                for r in 0..<b { sum[r] = MazeRobot.steepSigmoid(sum[r]) }
            }
            // Motion.
            let turn = output, push = output + b
            let maxTurn = MazeRobot.maximumAngularVelocity, maxSpeed = MazeRobot.maximumSpeed
            for r in 0..<b {
                if stopped[r] != 0 {
                    blocked[r] = 1
                    continue
                }
                angular[r] = min(max(angular[r] + (turn[r] - 0.5), -maxTurn), maxTurn)
                speed[r] = min(max(speed[r] + (push[r] - 0.5), -maxSpeed), maxSpeed)
                nextX[r] = x[r] + cosine[r] * speed[r]
                nextY[r] = y[r] + sine[r] * speed[r]
                var newHeading = heading[r] + angular[r]
                if newHeading > 360 { newHeading -= 360 }
                if newHeading < 0 { newHeading += 360 }
                heading[r] = newHeading
                blocked[r] = 0
            }
            for w in 0..<walls {
                let wax = ax[w], way = ay[w], wex = ex[w], wey = ey[w], wll = lengthSquared[w]
                for r in 0..<b {
                    let touches = MazeWallTable.touches(x: nextX[r], y: nextY[r], ax: wax, ay: way,
                                                        ex: wex, ey: wey, lengthSquared: wll)
                    blocked[r] = touches ? 1 : blocked[r]
                }
            }
            let goal2 = MazeDomain.goalRadius * MazeDomain.goalRadius
            for r in 0..<b where blocked[r] == 0 {
                x[r] = nextX[r]
                y[r] = nextY[r]
                let gx = x[r] - goalX, gy = y[r] - goalY
                if gx * gx + gy * gy < goal2 {
                    stopped[r] = 1
                    newlyStopped += 1
                }
            }
        }
        stoppedCount += newlyStopped
    }
}

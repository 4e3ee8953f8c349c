import Foundation
import Testing
import Tessera
import TesseraTestSupport
@testable import TesseraTasks

@Suite struct MazeSimulationTests {
    /// A 150 × 100 box with the goal at `goal` and the robot at `start` facing +x.
    static func box(start: MazePoint = MazePoint(x: 60, y: 40), goal: MazePoint = MazePoint(x: 140, y: 90)) -> MazeMap {
        try! MazeMap(name: "box", walls: [MazeWall(x1: 0, y1: 0, x2: 150, y2: 0), MazeWall(x1: 150, y1: 0, x2: 150, y2: 100),
                                          MazeWall(x1: 150, y1: 100, x2: 0, y2: 100), MazeWall(x1: 0, y1: 100, x2: 0, y2: 0)],
                     start: start, heading: 0, goal: goal)
    }

    /// A genome whose robot never turns and speeds up to full speed ahead: every weight 0
    /// (so the turn output is exactly 0.5) except the speed output's bias.
    static func straightAhead(hidden: Int = 5) -> [Double] {
        var genome = [Double](repeating: 0, count: MazeController.genomeSize(hidden: hidden))
        genome[MazeController.inputCount * hidden + (hidden + 1)] = 1
        return genome
    }

    static func randomGenomes(_ count: Int, size: Int, seed: UInt64) -> [[Double]] {
        var rng = TestSeeds.generator(seed)
        return (0..<count).map { _ in (0..<size).map { _ in Double.random(in: -1...1, using: &rng) } }
    }

    @Test func rangefindersMeasureTheDistanceToTheNearestWall() {
        let map = Self.box()
        let h = 0.5.squareRoot()
        let facingX = MazeRobot.rangefinders(at: MazePoint(x: 60, y: 40), heading: 0, in: map)
        let expectedX = [0.4, 0.4 / h, 0.9, 0.6 / h, 0.6, 0.6]
        let facingY = MazeRobot.rangefinders(at: MazePoint(x: 60, y: 40), heading: 90, in: map)
        let expectedY = [0.9, 0.6 / h, 0.6, 0.6 / h, 0.6, 0.4]
        for i in 0..<6 {
            #expect(abs(facingX[i] - expectedX[i]) < 1e-12, "heading 0, sensor \(i): \(facingX[i])")
            #expect(abs(facingY[i] - expectedY[i]) < 1e-12, "heading 90, sensor \(i): \(facingY[i])")
        }
        // −45° from (60, 40): the floor at 40·√2 = 56.57.
        #expect(abs(facingX[1] - 0.4 * 2.0.squareRoot()) < 1e-12)
        // Nothing within reach reads 1.
        let open = MazeRobot.rangefinders(at: MazePoint(x: 0, y: 0), heading: 0,
                                          in: try! MazeMap(name: "open", walls: [MazeWall(x1: 200, y1: -200, x2: 300, y2: 200)],
                                                           start: MazePoint(x: 250, y: 0), heading: 0, goal: MazePoint(x: 250, y: 0)))
        #expect(open == [1, 1, 1, 1, 1, 1])
    }

    @Test func radarSeesTheGoalInOneSectorPerQuadrant() {
        let origin = MazePoint(x: 0, y: 0)
        let cases: [(MazePoint, Double, Int)] = [
            (MazePoint(x: 10, y: 1), 0, 0), (MazePoint(x: 10, y: -1), 0, 0), (MazePoint(x: 1, y: 10), 0, 1),
            (MazePoint(x: -10, y: 1), 0, 2), (MazePoint(x: -10, y: -1), 0, 2), (MazePoint(x: 1, y: -10), 0, 3),
            (MazePoint(x: 10, y: 10), 0, 1), (MazePoint(x: 10, y: -10), 0, 0),  // 45° opens [45, 135); 315° opens [315, 405)
            (MazePoint(x: 10, y: 0), 90, 3), (MazePoint(x: 10, y: 0), 180, 2), (MazePoint(x: 10, y: 0), 270, 1),
            (MazePoint(x: 10, y: 0), -90, 1), (MazePoint(x: 10, y: 0), 720, 0),
        ]
        for (goal, heading, sector) in cases {
            #expect(MazeRobot.radarSector(at: origin, heading: heading, goal: goal) == sector, "goal \(goal), heading \(heading)")
        }
    }

    @Test func aRobotDrivingIntoAWallStopsShortOfIt() throws {
        let map = Self.box(start: MazePoint(x: 20, y: 50), goal: MazePoint(x: 20, y: 10))
        let domain = try MazeDomain(map: map, steps: 200)
        let path = domain.trajectory(of: Self.straightAhead())
        #expect(path.count == 201)
        #expect(path.goalStep == nil)
        for t in 0..<path.count {
            #expect(!MazeRobot.collides(at: path[t], in: map), "step \(t): \(path[t])")
            #expect(path[t].x <= 150 - MazeRobot.radius && path[t].y == 50, "step \(t): \(path[t])")
        }
        // It got as close as a full-speed step allows, and stayed.
        #expect(path.final.x > 150 - MazeRobot.radius - MazeRobot.maximumSpeed)
        #expect(path[150] == path.final)
        var batch = EvaluationBatch(count: 1, descriptorDimension: 2)
        try domain.evaluate(VectorColumn(rows: [Self.straightAhead()]), into: &batch)
        #expect(batch.descriptor(0) == [path.final.x, path.final.y])
    }

    @Test func aRobotStopsAtTheGoal() throws {
        let map = Self.box(start: MazePoint(x: 20, y: 50), goal: MazePoint(x: 100, y: 50))
        let domain = try MazeDomain(map: map)
        let path = domain.trajectory(of: Self.straightAhead())
        let step = try #require(path.goalStep)
        #expect(path[step].distance(to: map.goal) < MazeDomain.goalRadius)
        #expect(path[step - 1].distance(to: map.goal) >= MazeDomain.goalRadius)
        for t in step..<path.count { #expect(path[t] == path[step]) }
        var batch = EvaluationBatch(count: 1, descriptorDimension: 2)
        try domain.evaluate(VectorColumn(rows: [Self.straightAhead()]), into: &batch)
        #expect(MazeDomain.solved(objective: batch.objectives[0]))
        #expect(batch.objectives[0] == 300 - path.final.distance(to: map.goal))
        // The same robot in the medium maze runs into the first inner wall far from the goal.
        var medium = EvaluationBatch(count: 1, descriptorDimension: 2)
        try MazeDomain(map: .medium).evaluate(VectorColumn(rows: [Self.straightAhead()]), into: &medium)
        #expect(!MazeDomain.solved(objective: medium.objectives[0]))
    }

    @Test func batchEqualsOneAtATimeBitForBit() throws {
        for map in [MazeMap.medium, MazeMap.hard] {
            let domain = try MazeDomain(map: map)
            let genomes = Self.randomGenomes(12, size: domain.genomeLayout, seed: 7)
            var batch = EvaluationBatch(count: genomes.count, descriptorDimension: 2)
            try domain.evaluate(VectorColumn(rows: genomes), into: &batch)
            var again = EvaluationBatch(count: genomes.count, descriptorDimension: 2)
            try domain.evaluate(VectorColumn(rows: genomes), into: &again)
            #expect(batch.objectives == again.objectives && batch.descriptors == again.descriptors)
            for (row, genome) in genomes.enumerated() {
                var single = EvaluationBatch(count: 1, descriptorDimension: 2)
                try domain.evaluate(VectorColumn(rows: [genome]), into: &single)
                #expect(single.objectives[0].bitPattern == batch.objectives[row].bitPattern, "\(map.name) row \(row)")
                #expect(single.descriptors == batch.descriptor(row), "\(map.name) row \(row)")
                #expect(domain.descriptorSpace.contains(batch.descriptor(row)))
            }
            // Random controllers go somewhere: not all to the same point.
            #expect(Set(batch.descriptors).count > 4)
        }
    }

    @Test func batchesLargerThanAChunkEqualOneAtATime() throws {
        let domain = try MazeDomain(map: .medium, steps: 30)
        let count = MazeDomain.chunkSize + 3
        let genomes = Self.randomGenomes(count, size: domain.genomeLayout, seed: 3)
        var batch = EvaluationBatch(count: count, descriptorDimension: 2)
        try domain.evaluate(VectorColumn(rows: genomes), into: &batch)
        for row in [0, MazeDomain.chunkSize - 1, MazeDomain.chunkSize, count - 1] {
            var single = EvaluationBatch(count: 1, descriptorDimension: 2)
            try domain.evaluate(VectorColumn(rows: [genomes[row]]), into: &single)
            #expect(single.objectives[0] == batch.objectives[row] && single.descriptors == batch.descriptor(row), "row \(row)")
        }
    }

    @Test func domainShapeAndParameters() throws {
        let domain = try MazeDomain(map: .hard)
        #expect(domain.genomeLayout == 67)
        #expect(try MazeDomain(map: .hard, hidden: 10).genomeLayout == 11 * 10 + 11 * 2)
        #expect(domain.genomeBounds == Box(dimension: 67, range: -1...1))
        #expect(domain.descriptorSpace == MazeMap.hard.bounds)
        #expect(throws: ParameterError.self) { try MazeDomain(map: .hard, hidden: 0) }
        #expect(throws: ParameterError.self) { try MazeDomain(map: .hard, steps: 0) }
        #expect(MazeDomain.solved(objective: 295) && !MazeDomain.solved(objective: 294.99))
    }

    @Test func swiftAgreesWithTheNumpyCrossCheckFixture() throws {
        let url = MazeMapTests.mapsFolder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scripts/maze_check.json")
        let fixture = try JSONDecoder().decode(MazeCheckFixture.self, from: Data(contentsOf: url))
        #expect(fixture.cases.count >= 4)
        for (index, check) in fixture.cases.enumerated() {
            let domain = try MazeDomain(map: check.map == "hard" ? .hard : .medium, hidden: fixture.hidden, steps: fixture.steps)
            let final = domain.trajectory(of: check.genome).final
            #expect(final.x == check.x && final.y == check.y, "case \(index): \(final) against (\(check.x), \(check.y))")
        }
    }
}

/// Genomes and the final positions Swift computes for them, which `Scripts/maze_numpy.py
/// --check` compares against its own simulation.
struct MazeCheckFixture: Codable {
    struct Case: Codable {
        var map: String
        var genome: [Double]
        var x: Double
        var y: Double
    }
    var hidden: Int
    var steps: Int
    var cases: [Case]
}

import Tessera

/// The deceptive maze-navigation domain of Novelty Search (Lehman & Stanley 2011,
/// "Abandoning Objectives: Evolution through the Search for Novelty Alone", Evolutionary
/// Computation 19(2), section 5).
///
/// A genome is the weight vector of a ``MazeController`` network (``genomeLayout`` genes in
/// [−1, 1], 67 with 5 hidden units) that drives a ``MazeRobot`` for ``steps`` time steps
/// from the map's start. The objective is `300 − d`, with `d` the final distance to the
/// goal (not floored at 0.1 as in the original); a run that reached the goal has objective
/// at least `300 − goalRadius` (see ``solved(objective:)``). The descriptor is the final
/// position (x, y); ``descriptorSpace`` is the walls' bounding box, which contains every
/// final position in a closed maze such as ``MazeMap/medium`` and ``MazeMap/hard`` (a robot
/// that leaves an open user map is reported at the nearest point of the box).
///
/// With a ``MazeObservation`` each evaluation also reports a top-down image of the final
/// position, and optionally of the path (see ``observation``).
///
/// Evaluation is vectorised over the batch (see `MazeSimulation`): the robots' states
/// are flat arrays stepped together, and results equal one-at-a-time evaluation bit for bit.
public struct MazeDomain: Domain {
    public typealias Genome = [Double]

    /// The objective of a robot at distance 0 from the goal.
    public static let objectiveOffset = 300.0
    /// A robot whose centre comes closer than this to the goal stops there: the run is solved.
    public static let goalRadius = 5.0
    /// The number of time steps of the paper.
    public static let defaultSteps = 400
    /// Robots simulated together; larger batches are split into chunks of this many.
    static let chunkSize = 128

    /// The maze.
    public let map: MazeMap
    /// The number of hidden units of the controller.
    public let hidden: Int
    /// The number of time steps per evaluation.
    public let steps: Int
    /// The walls' bounding box, `[minX, maxX] × [minY, maxY]`.
    public let descriptorSpace: Box
    /// The image each evaluation reports, or `nil` for none.
    public let observation: MazeObservation?

    /// Creates the domain.
    ///
    /// - Parameters:
    ///   - map: The maze, e.g. ``MazeMap/medium`` or ``MazeMap/hard``.
    ///   - hidden: The number of hidden units, 1 to 1,000 (5 by default).
    ///   - steps: The number of time steps per evaluation, 1 to 1,000,000 (400 by default).
    ///   - observation: The image each evaluation reports, or `nil` (the default) for none.
    /// - Throws: ``ParameterError`` for `hidden` or `steps` out of range.
    public init(map: MazeMap, hidden: Int = MazeController.defaultHidden,
                steps: Int = MazeDomain.defaultSteps, observation: MazeObservation? = nil) throws(ParameterError) {
        guard (1...1_000).contains(hidden) else {
            throw ParameterError(type: "MazeDomain", parameter: "hidden", problem: "must be from 1 to 1000 (got \(hidden))")
        }
        guard (1...1_000_000).contains(steps) else {
            throw ParameterError(type: "MazeDomain", parameter: "steps", problem: "must be from 1 to 1000000 (got \(steps))")
        }
        self.map = map
        self.hidden = hidden
        self.steps = steps
        self.observation = observation
        self.descriptorSpace = map.bounds
    }

    /// The number of genes: `11·hidden + 2·(hidden + 1)` (67 for 5 hidden units).
    public var genomeLayout: Int { MazeController.genomeSize(hidden: hidden) }

    /// Genes live in [−1, 1]; weights are ``MazeController/weightScale`` times the genes.
    public var genomeBounds: Box? { Box(dimension: genomeLayout, range: -1...1) }

    /// `size × size` with an ``observation``, 0 without.
    public var observationDimension: Int { observation?.dimension ?? 0 }

    /// Whether `objective` belongs to a run that reached the goal, i.e. is at least
    /// `objectiveOffset − goalRadius` = 295.
    public static func solved(objective: Double) -> Bool {
        objective >= objectiveOffset - goalRadius
    }

    /// Simulates every genome for ``steps`` steps and writes `300 − distance to goal` and
    /// the final position, and with an ``observation`` the image of each robot.
    ///
    /// - Precondition: `genomes.dimension == genomeLayout`.
    /// - Complexity: O(count × steps × (walls + genomeLayout)).
    public func evaluate(_ genomes: VectorColumn, into results: inout EvaluationBatch) throws {
        let n = genomeLayout
        precondition(genomes.dimension == n, "genomes have \(genomes.dimension) genes, the domain needs \(n)")
        let lower = descriptorSpace.lower, upper = descriptorSpace.upper
        let goal = map.goal
        genomes.storage.withUnsafeBufferPointer { g in
            var start = 0
            while start < genomes.count {
                let end = min(start + Self.chunkSize, genomes.count)
                let rows = UnsafeBufferPointer(rebasing: g[start * n ..< end * n])
                var simulation = MazeSimulation(map: map, hidden: hidden, genomes: rows)
                if let observation, observation.trajectory {
                    trace(&simulation, rows: start..<end, observation, into: &results)
                } else {
                    for _ in 0..<steps where !simulation.allStopped { simulation.step() }
                }
                for r in 0..<(end - start) {
                    let position = simulation.position(r)
                    results.objectives[start + r] = Self.objectiveOffset - position.distance(to: goal)
                    results.descriptors[2 * (start + r)] = min(max(position.x, lower[0]), upper[0])
                    results.descriptors[2 * (start + r) + 1] = min(max(position.y, lower[1]), upper[1])
                }
                if let observation { drawFinal(simulation, rows: start..<end, observation, into: &results) }
                start = end
            }
        }
    }
}

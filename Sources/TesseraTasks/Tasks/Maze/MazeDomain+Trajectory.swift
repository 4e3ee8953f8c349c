extension MazeDomain {
    /// The path of one genome's robot, simulated by the same step code as
    /// ``evaluate(_:into:)`` (its final position is the evaluation's descriptor, up to the
    /// clamping of a robot that left an open map).
    ///
    /// - Parameter genome: ``genomeLayout`` genes.
    /// - Returns: The start and the position after each of the ``steps`` steps.
    /// - Precondition: `genome.count == genomeLayout`.
    /// - Complexity: O(steps × (walls + genomeLayout)).
    public func trajectory(of genome: [Double]) -> MazeTrajectory {
        precondition(genome.count == genomeLayout, "the genome has \(genome.count) genes, the domain needs \(genomeLayout)")
        var simulation = genome.withUnsafeBufferPointer { MazeSimulation(map: map, hidden: hidden, genomes: $0) }
        var xs = [map.start.x], ys = [map.start.y]
        xs.reserveCapacity(steps + 1)
        ys.reserveCapacity(steps + 1)
        var goalStep: Int? = simulation.isStopped(0) ? 0 : nil
        for t in 1...steps {
            simulation.step()
            let position = simulation.position(0)
            xs.append(position.x)
            ys.append(position.y)
            if goalStep == nil, simulation.isStopped(0) { goalStep = t }
        }
        return MazeTrajectory(x: xs, y: ys, goalStep: goalStep)
    }
}

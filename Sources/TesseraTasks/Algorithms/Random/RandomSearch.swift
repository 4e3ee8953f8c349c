import Tessera

extension AlgorithmDeclaration {
    /// Uniform random sampling of the genome box on a grid: the baseline every
    /// quality-diversity algorithm must beat.
    public static let random = AlgorithmDeclaration(
        name: "random",
        summary: "random search: uniform samples of the genome box, grid archive (a baseline)",
        paper: "a baseline (no paper): each child is drawn uniformly from the task's genome box",
        archive: .grid,
        emitter: { configuration, _ in
            try UniformEmitter(box: configuration.task.samplingBox(dimension: configuration.dimension), batchSize: configuration.batchSize)
        })
}

/// Samples every child uniformly from the genome box, ignoring the archive: the `random`
/// baseline.
public struct UniformEmitter: Emitter, Hashable {
    public typealias Genome = [Double]

    public let batchSize: Int
    /// The box children are drawn from.
    public let box: Box

    /// Creates the emitter.
    public init(box: Box, batchSize: Int) {
        precondition(batchSize > 0, "batch size must be positive")
        self.box = box
        self.batchSize = batchSize
    }

    public func generate<A: Archive>(rows: Range<Int>, into children: inout VectorColumn, parents: inout [Int32],
                                     archive: A, context: GenerationContext) where A.Genome == [Double] {
        let d = box.dimension
        children.storage.withUnsafeMutableBufferPointer { out in
            for (position, row) in rows.enumerated() {
                var rng = context.stream(row: row)
                parents[position] = -1
                box.sample(into: UnsafeMutableBufferPointer(rebasing: out[position * d ..< (position + 1) * d]), using: &rng)
            }
        }
    }
}

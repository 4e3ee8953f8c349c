/// Samples every child uniformly from the genome box, ignoring the archive: the `random`
/// baseline.
public struct UniformEmitter: Emitter, Hashable {
    public typealias Genome = [Double]

    public let batchSize: Int
    /// The box children are drawn from.
    public let box: Box

    /// Creates the emitter.
    ///
    /// - Parameters:
    ///   - box: The box children are drawn from; its dimension is the emitter's ``genomeLayout``.
    ///   - batchSize: Children per iteration, at least 1.
    /// - Throws: ``ParameterError`` for a batch size below 1.
    public init(box: Box, batchSize: Int) throws(ParameterError) {
        try ParameterError.requirePositive(batchSize, Self.self, "batchSize")
        self.box = box
        self.batchSize = batchSize
    }

    /// Decodes the emitter, checking it as ``init(box:batchSize:)`` does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ParameterError``'s message
    ///   for a bad box or batch size; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let box = try c.decode(Box.self, forKey: .box)
        let batchSize = try c.decode(Int.self, forKey: .batchSize)
        self = try DecodingError.validating(decoder) { () throws(ParameterError) in try Self(box: box, batchSize: batchSize) }
    }

    /// The dimension of the children: the box's.
    public var genomeLayout: Int? { box.dimension }

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

/// The MAP-Elites emitter for any genome type: select a parent among the elites and
/// mutate it with a user's ``Mutation``.
///
/// While the archive is empty, parents are taken in turn from ``initialGenomes``.
public struct MutationEmitter<S: Selection, M: Mutation>: Emitter where M.Genome: Genome {
    public typealias Genome = M.Genome

    public let batchSize: Int
    /// Parent selection (and its state).
    public var selection: S
    /// The mutation.
    public var mutation: M
    /// Seeds used while the archive is empty.
    public let initialGenomes: [Genome]

    /// Creates the emitter.
    ///
    /// - Parameters:
    ///   - selection: How parents are chosen among the elites.
    ///   - mutation: How a child is made from its parent; a ``VectorMutation`` with a box
    ///     (``VectorMutation/genomeDimension``) must fit the initial genomes.
    ///   - initialGenomes: The parents while the archive is empty, taken in turn: at least
    ///     one; real vectors must all have the same, non-zero length, and tensors
    ///     (``FloatTensor``) the same shape.
    ///   - batchSize: Children per iteration, at least 1.
    /// - Throws: ``ParameterError`` for a batch size below 1, no initial genome, real
    ///   vectors of different or zero lengths, tensors of different shapes, or a
    ///   mutation's box of another dimension.
    public init(selection: S, mutation: M, initialGenomes: [Genome], batchSize: Int) throws(ParameterError) {
        try ParameterError.requirePositive(batchSize, Self.self, "batchSize")
        try ParameterError.require(!initialGenomes.isEmpty, Self.self, "initialGenomes", "must hold at least one genome")
        if let vectors = initialGenomes as? [[Double]] {
            let lengths = Set(vectors.map(\.count))
            try ParameterError.require(lengths.count == 1 && !lengths.contains(0), Self.self, "initialGenomes",
                                       "must all have the same, non-zero length (got lengths \(lengths.sorted()))")
            if let dimension = (mutation as? any VectorMutation)?.genomeDimension, let length = lengths.first {
                try ParameterError.require(dimension == length, Self.self, "mutation",
                                           "has dimension \(dimension) (its box), the initial genomes \(length)")
            }
        }
        if let tensors = initialGenomes as? [FloatTensor] {
            let shapes = Set(tensors.map(\.shape))
            try ParameterError.require(shapes.count == 1, Self.self, "initialGenomes",
                                       "must all have the same shape (got shapes \(shapes.map(TensorColumn.describe).sorted()))")
        }
        self.selection = selection
        self.mutation = mutation
        self.initialGenomes = initialGenomes
        self.batchSize = batchSize
    }

    /// Decodes the emitter and its selection's state, checking it as
    /// ``init(selection:mutation:initialGenomes:batchSize:)`` does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ParameterError``'s message
    ///   for a value the initialiser refuses; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let batchSize = try c.decode(Int.self, forKey: .batchSize)
        let selection = try c.decode(S.self, forKey: .selection)
        let mutation = try c.decode(M.self, forKey: .mutation)
        let initialGenomes = try c.decode([Genome].self, forKey: .initialGenomes)
        self = try DecodingError.validating(decoder) { () throws(ParameterError) in
            try Self(selection: selection, mutation: mutation, initialGenomes: initialGenomes, batchSize: batchSize)
        }
    }

    /// The length of the initial genomes when they are real vectors, their shape when
    /// they are tensors; otherwise `nil` (other genome types are stored as values and
    /// share no layout).
    public var genomeLayout: Genome.Column.Layout? {
        if let tensors = initialGenomes as? [FloatTensor], let first = tensors.first { return first.shape as? Genome.Column.Layout }
        guard let vectors = initialGenomes as? [[Double]], let first = vectors.first else { return nil }
        return first.count as? Genome.Column.Layout
    }

    public func generate<A: Archive>(rows: Range<Int>, into children: inout Genome.Column, parents: inout [Int32],
                                     archive: A, context: GenerationContext) where A.Genome == Genome {
        let elites = EliteView(archive)
        let genomes = archive.store.genomes
        for (position, row) in rows.enumerated() {
            var rng = context.stream(row: row)
            let parent: Genome
            if elites.isEmpty {
                parent = initialGenomes[row % initialGenomes.count]
                parents[position] = -1
            } else {
                let cell = selection.select(from: elites, using: &rng)
                parent = genomes[cell]
                parents[position] = Int32(cell)
            }
            children[position] = mutation.mutate(parent, using: &rng)
        }
    }

    public mutating func tell<A: Archive>(_ feedback: EmitterFeedback<Genome>, archive: A) where A.Genome == Genome {
        selection.tell(parents: feedback.parents[...], report: feedback.report, rows: feedback.rows, archive: archive)
    }
}

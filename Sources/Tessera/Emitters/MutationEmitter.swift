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
    /// - Precondition: `batchSize > 0` and at least one initial genome.
    public init(selection: S, mutation: M, initialGenomes: [Genome], batchSize: Int) {
        precondition(batchSize > 0, "batch size must be positive")
        precondition(!initialGenomes.isEmpty, "give at least one initial genome")
        self.selection = selection
        self.mutation = mutation
        self.initialGenomes = initialGenomes
        self.batchSize = batchSize
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

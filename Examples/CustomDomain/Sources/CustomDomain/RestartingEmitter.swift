import Tessera

/// An emitter of our own: most children are mutated elites, but a share of each batch
/// is drawn uniformly from the genome box, and that share adapts — it grows while the
/// emitter's children stop entering the archive, and shrinks while they succeed.
struct RestartingEmitter<S: Selection, M: VectorMutation>: Emitter {
    typealias Genome = [Double]

    let batchSize: Int
    var selection: S
    var mutation: M
    let box: Box
    /// The probability that a child is a fresh uniform sample (state kept across
    /// iterations, and saved with the run because the emitter is `Codable`).
    private(set) var restartShare = 0.1

    init(selection: S, mutation: M, box: Box, batchSize: Int) {
        self.selection = selection
        self.mutation = mutation
        self.box = box
        self.batchSize = batchSize
    }

    func generate<A: Archive>(rows: Range<Int>, into children: inout VectorColumn, parents: inout [Int32],
                              archive: A, context: GenerationContext) where A.Genome == [Double] {
        let elites = EliteView(archive)
        let stored = archive.store.genomes
        for (position, row) in rows.enumerated() {
            var rng = context.stream(row: row)
            children.withMutableRow(position) { child in
                if elites.isEmpty || rng.nextUnitDouble() < restartShare {
                    parents[position] = -1
                    box.sample(into: child, using: &rng)
                } else {
                    let cell = selection.select(from: elites, using: &rng)
                    parents[position] = Int32(cell)
                    stored.withRow(cell) { parent in mutation.mutate(parent, into: child, using: &rng) }
                }
            }
        }
    }

    mutating func tell<A: Archive>(_ feedback: EmitterFeedback<[Double]>, archive: A) where A.Genome == [Double] {
        let added = feedback.rows.filter { feedback.report.statuses[$0].isAdded }.count
        let rate = Double(added) / Double(feedback.rows.count)
        restartShare = min(0.5, max(0.02, rate < 0.05 ? restartShare * 1.1 : restartShare * 0.9))
        selection.tell(parents: feedback.parents[...], report: feedback.report, rows: feedback.rows, archive: archive)
    }
}

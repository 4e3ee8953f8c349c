/// The MAP-Elites emitter for real vectors: select parents among the elites, vary them
/// with a ``VectorVariation``, bring the child back into the genome box.
///
/// While the archive is empty every parent is ``initialGenome`` (pyribs' `x0`).
/// `VectorEmitter(selection: UniformSelection(), variation: MutationVariation(GaussianMutation(sigma: 0.5)))`
/// is pyribs' `GaussianEmitter`; with ``IsoLineVariation`` it is its `IsoLineEmitter`.
public struct VectorEmitter<S: Selection, V: VectorVariation>: Emitter {
    public typealias Genome = [Double]

    public let batchSize: Int
    /// Parent selection (and its state).
    public var selection: S
    /// The variation operator.
    public var variation: V
    /// The parent used while the archive is empty.
    public let initialGenome: [Double]
    /// Applied to every child after variation.
    public let bounds: GenomeBounds?

    /// Creates the emitter.
    ///
    /// - Precondition: `batchSize > 0`; `bounds`, when given, matches `initialGenome`.
    public init(selection: S, variation: V, initialGenome: [Double], batchSize: Int, bounds: GenomeBounds? = nil) {
        precondition(batchSize > 0, "batch size must be positive")
        precondition(!initialGenome.isEmpty, "the initial genome is empty")
        precondition(bounds.map { $0.box.dimension == initialGenome.count } ?? true, "bounds and genome differ in dimension")
        self.batchSize = batchSize
        self.selection = selection
        self.variation = variation
        self.initialGenome = initialGenome
        self.bounds = bounds
    }

    public func generate<A: Archive>(rows: Range<Int>, into children: inout VectorColumn, parents: inout [Int32],
                                     archive: A, context: GenerationContext) where A.Genome == [Double] {
        let d = initialGenome.count
        precondition(children.dimension == d, "children and initial genome differ in dimension")
        let elites = EliteView(archive)
        let empty = elites.isEmpty
        let twoParents = variation.parentCount == 2
        archive.store.genomes.storage.withUnsafeBufferPointer { stored in
            initialGenome.withUnsafeBufferPointer { x0 in
                children.storage.withUnsafeMutableBufferPointer { out in
                    for (position, row) in rows.enumerated() {
                        var rng = context.stream(row: row)
                        let child = UnsafeMutableBufferPointer(rebasing: out[position * d ..< (position + 1) * d])
                        if empty {
                            parents[position] = -1
                            variation.vary(x0, x0, into: child, using: &rng)
                        } else {
                            let a = selection.select(from: elites, using: &rng)
                            let b = twoParents ? selection.select(from: elites, using: &rng) : a
                            parents[position] = Int32(a)
                            variation.vary(UnsafeBufferPointer(rebasing: stored[a * d ..< (a + 1) * d]),
                                           UnsafeBufferPointer(rebasing: stored[b * d ..< (b + 1) * d]),
                                           into: child, using: &rng)
                        }
                        bounds?.apply(to: child)
                    }
                }
            }
        }
    }

    public mutating func tell<A: Archive>(_ feedback: EmitterFeedback<[Double]>, archive: A) where A.Genome == [Double] {
        selection.tell(parents: feedback.parents[...], report: feedback.report, rows: feedback.rows, archive: archive)
    }
}

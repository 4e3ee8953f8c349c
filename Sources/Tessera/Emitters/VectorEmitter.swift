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
    /// - Parameters:
    ///   - selection: How parents are chosen among the elites.
    ///   - variation: How a child is made from its parents; when its operators have a box
    ///     (``VectorVariation/genomeDimension``), of `initialGenome`'s dimension.
    ///   - initialGenome: The parent while the archive is empty: non-empty and finite; its
    ///     length is the emitter's ``genomeLayout``.
    ///   - batchSize: Children per iteration, at least 1.
    ///   - bounds: Optional box children are brought back into, of `initialGenome`'s dimension.
    /// - Throws: ``ParameterError`` for a batch size below 1, an empty or non-finite
    ///   initial genome, or bounds or a variation of another dimension.
    public init(selection: S, variation: V, initialGenome: [Double], batchSize: Int,
                bounds: GenomeBounds? = nil) throws(ParameterError) {
        try ParameterError.requirePositive(batchSize, Self.self, "batchSize")
        try ParameterError.require(!initialGenome.isEmpty, Self.self, "initialGenome", "must not be empty")
        try ParameterError.require(initialGenome.allSatisfy(\.isFinite), Self.self, "initialGenome",
                                   "must be finite (holds NaN or an infinity)")
        if let bounds {
            try ParameterError.require(bounds.box.dimension == initialGenome.count, Self.self, "bounds",
                                       "have dimension \(bounds.box.dimension), the initial genome \(initialGenome.count)")
        }
        if let dimension = variation.genomeDimension {
            try ParameterError.require(dimension == initialGenome.count, Self.self, "variation",
                                       "has dimension \(dimension) (its operators' box), the initial genome \(initialGenome.count)")
        }
        self.batchSize = batchSize
        self.selection = selection
        self.variation = variation
        self.initialGenome = initialGenome
        self.bounds = bounds
    }

    /// Decodes the emitter and its operators' state, checking it as
    /// ``init(selection:variation:initialGenome:batchSize:bounds:)`` does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ParameterError``'s message
    ///   for a value the initialiser refuses; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let batchSize = try c.decode(Int.self, forKey: .batchSize)
        let selection = try c.decode(S.self, forKey: .selection)
        let variation = try c.decode(V.self, forKey: .variation)
        let initialGenome = try c.decode([Double].self, forKey: .initialGenome)
        let bounds = try c.decodeIfPresent(GenomeBounds.self, forKey: .bounds)
        self = try DecodingError.validating(decoder) { () throws(ParameterError) in
            try Self(selection: selection, variation: variation, initialGenome: initialGenome, batchSize: batchSize, bounds: bounds)
        }
    }

    /// The dimension of the children: the length of ``initialGenome``.
    public var genomeLayout: Int? { initialGenome.count }

    public func generate<A: Archive>(rows: Range<Int>, into children: inout VectorColumn, parents: inout [Int32],
                                     archive: A, context: GenerationContext) where A.Genome == [Double] {
        let d = initialGenome.count
        precondition(children.dimension == d, "children and initial genome differ in dimension")
        let elites = EliteView(archive)
        let twoParents = variation.parentCount == 2
        let n = rows.count
        guard n > 0 else { return }
        // Parents first, each row on its own stream; then the variation makes all rows at
        // once (vector kernels make several side by side and fetch parents ahead).
        var streams = [Xoshiro256]()
        streams.reserveCapacity(n)
        var chosen = [Int](repeating: -1, count: 2 * n)
        for (position, row) in rows.enumerated() {
            var rng = context.stream(row: row)
            if !elites.isEmpty {
                let a = selection.select(from: elites, using: &rng)
                chosen[2 * position] = a
                chosen[2 * position + 1] = twoParents ? selection.select(from: elites, using: &rng) : a
            }
            parents[position] = Int32(chosen[2 * position])
            streams.append(rng)
        }
        archive.store.genomes.storage.withUnsafeBufferPointer { stored in
            initialGenome.withUnsafeBufferPointer { x0 in
                children.storage.withUnsafeMutableBufferPointer { out in
                    func parent(_ index: Int) -> UnsafePointer<Double>? {
                        index < 0 ? x0.baseAddress : stored.baseAddress! + index * d
                    }
                    let firsts = (0..<n).map { parent(chosen[2 * $0]) }
                    let seconds = (0..<n).map { parent(chosen[2 * $0 + 1]) }
                    let childRows = (0..<n).map { Optional(out.baseAddress! + $0 * d) }
                    streams.withUnsafeMutableBufferPointer { streams in
                        variation.varyRows(VariationRows(count: n, dimension: d, firsts: firsts, seconds: seconds,
                                                         children: childRows, streams: streams.baseAddress!))
                    }
                    if let bounds {
                        for position in 0..<n { bounds.apply(to: UnsafeMutableBufferPointer(rebasing: out[position * d ..< (position + 1) * d])) }
                    }
                }
            }
        }
    }

    public mutating func tell<A: Archive>(_ feedback: EmitterFeedback<[Double]>, archive: A) where A.Genome == [Double] {
        selection.tell(parents: feedback.parents[...], report: feedback.report, rows: feedback.rows, archive: archive)
    }
}

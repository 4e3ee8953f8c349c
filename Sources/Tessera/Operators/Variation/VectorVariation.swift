/// Makes one real-vector child from one or two parents, writing into a row of a flat
/// buffer: the variation step of ``VectorEmitter``.
public protocol VectorVariation: Codable, Sendable {
    /// How many parents each child needs: 1 or 2.
    var parentCount: Int { get }

    /// The only genome dimension the variation works on (the dimension of its operators'
    /// boxes), or `nil` when it works on any. ``VectorEmitter`` refuses an initial genome
    /// of another dimension. The default is `nil`.
    var genomeDimension: Int? { get }

    /// Writes a child into `child`. `second` is `first` when ``parentCount`` is 1.
    func vary(_ first: UnsafeBufferPointer<Double>, _ second: UnsafeBufferPointer<Double>,
              into child: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256)

    /// Makes a batch of children, each row from its parents on its own stream, as
    /// ``vary(_:_:into:using:)`` would one row at a time. The default does exactly that;
    /// operators with a vector kernel make several rows at once. A row's child must
    /// depend only on its parents and its stream.
    func varyRows(_ rows: VariationRows)
}

extension VectorVariation {
    /// Varies the rows one at a time with ``vary(_:_:into:using:)``.
    public func varyRows(_ rows: VariationRows) {
        rows.forEachRow { r in vary(rows.first(r), rows.second(r), into: rows.child(r), using: &rows.streams[r]) }
    }

    /// Variations without a box work on any dimension.
    public var genomeDimension: Int? { nil }
}

/// A single-parent variation: copy the parent, then mutate.
public struct MutationVariation<M: VectorMutation>: VectorVariation {
    /// The mutation.
    public var mutation: M

    /// Wraps `mutation`.
    public init(_ mutation: M) { self.mutation = mutation }

    public var parentCount: Int { 1 }

    /// The mutation's genome dimension.
    public var genomeDimension: Int? { mutation.genomeDimension }

    @inlinable
    public func vary(_ first: UnsafeBufferPointer<Double>, _ second: UnsafeBufferPointer<Double>,
                     into child: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256) {
        mutation.mutate(first, into: child, using: &rng)
    }

    /// The mutation's batch of rows (``VectorMutation/mutateRows(_:)``).
    @inlinable
    public func varyRows(_ rows: VariationRows) {
        mutation.mutateRows(rows)
    }
}

/// A two-parent variation: cross, then mutate the child (NSGA-II style SBX + polynomial).
public struct CrossoverVariation<C: VectorCrossover, M: VectorMutation>: VectorVariation {
    /// The crossover.
    public var crossover: C
    /// The mutation applied to the child.
    public var mutation: M

    /// Combines `crossover` and `mutation`.
    ///
    /// - Throws: ``ParameterError`` when both have boxes, of different dimensions (no
    ///   genome would fit both).
    public init(_ crossover: C, then mutation: M) throws(ParameterError) {
        if let crossing = crossover.genomeDimension, let mutating = mutation.genomeDimension {
            try ParameterError.require(crossing == mutating, Self.self, "mutation",
                                       "has dimension \(mutating), the crossover \(crossing)")
        }
        self.crossover = crossover
        self.mutation = mutation
    }

    private enum CodingKeys: String, CodingKey { case crossover, mutation }

    /// Decodes the variation, checking it as ``init(_:then:)`` does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ParameterError``'s message
    ///   for operators of different dimensions; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let crossover = try c.decode(C.self, forKey: .crossover)
        let mutation = try c.decode(M.self, forKey: .mutation)
        self = try DecodingError.validating(decoder) { () throws(ParameterError) in try Self(crossover, then: mutation) }
    }

    public var parentCount: Int { 2 }

    /// The genome dimension of the crossover, or else of the mutation.
    public var genomeDimension: Int? { crossover.genomeDimension ?? mutation.genomeDimension }

    public func vary(_ first: UnsafeBufferPointer<Double>, _ second: UnsafeBufferPointer<Double>,
                     into child: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256) {
        crossover.cross(first, second, into: child, using: &rng)
        mutation.mutate(child, using: &rng)
    }
}

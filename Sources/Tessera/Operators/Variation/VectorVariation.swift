/// Makes one real-vector child from one or two parents, writing into a row of a flat
/// buffer: the variation step of ``VectorEmitter``.
public protocol VectorVariation: Codable, Sendable {
    /// How many parents each child needs: 1 or 2.
    var parentCount: Int { get }

    /// Writes a child into `child`. `second` is `first` when ``parentCount`` is 1.
    func vary(_ first: UnsafeBufferPointer<Double>, _ second: UnsafeBufferPointer<Double>,
              into child: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256)
}

/// A single-parent variation: copy the parent, then mutate.
public struct MutationVariation<M: VectorMutation>: VectorVariation {
    /// The mutation.
    public var mutation: M

    /// Wraps `mutation`.
    public init(_ mutation: M) { self.mutation = mutation }

    public var parentCount: Int { 1 }

    @inlinable
    public func vary(_ first: UnsafeBufferPointer<Double>, _ second: UnsafeBufferPointer<Double>,
                     into child: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256) {
        mutation.mutate(first, into: child, using: &rng)
    }
}

/// A two-parent variation: cross, then mutate the child (NSGA-II style SBX + polynomial).
public struct CrossoverVariation<C: VectorCrossover, M: VectorMutation>: VectorVariation {
    /// The crossover.
    public var crossover: C
    /// The mutation applied to the child.
    public var mutation: M

    /// Combines `crossover` and `mutation`.
    public init(_ crossover: C, then mutation: M) {
        self.crossover = crossover
        self.mutation = mutation
    }

    public var parentCount: Int { 2 }

    public func vary(_ first: UnsafeBufferPointer<Double>, _ second: UnsafeBufferPointer<Double>,
                     into child: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256) {
        crossover.cross(first, second, into: child, using: &rng)
        mutation.mutate(child, using: &rng)
    }
}

/// Changes one genome into a new one: the variation operator of single-parent emitters.
///
/// Write one for any genome type (see `Examples/`); real-vector mutations adopt
/// ``VectorMutation`` instead and get this conformance for free.
public protocol Mutation<Genome>: Codable, Sendable {
    /// What is mutated.
    associatedtype Genome

    /// Returns a mutated copy of `genome`.
    func mutate(_ genome: Genome, using rng: inout Xoshiro256) -> Genome
}

/// A mutation of real vectors that works in place on a row of a flat buffer.
public protocol VectorMutation: Mutation where Genome == [Double] {
    /// Mutates `x` in place.
    ///
    /// - Complexity: O(x.count).
    func mutate(_ x: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256)

    /// Writes a mutated copy of `parent` into `child` (same length). The default copies,
    /// then mutates in place; mutations that can do both in one pass override it.
    func mutate(_ parent: UnsafeBufferPointer<Double>, into child: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256)

    /// Mutates a batch of rows, row r from `rows.first(r)` into `rows.child(r)` on
    /// `rows.streams[r]`, as ``mutate(_:into:using:)`` would one row at a time (the
    /// default); operators with a vector kernel do several rows at once.
    func mutateRows(_ rows: VariationRows)

    /// The only genome dimension the mutation works on (the dimension of its box), or
    /// `nil` when it works on any. Emitters refuse genomes of another dimension. The
    /// default is `nil`.
    var genomeDimension: Int? { get }
}

extension VectorMutation {
    /// Mutates the rows one at a time with ``mutate(_:into:using:)``.
    public func mutateRows(_ rows: VariationRows) {
        rows.forEachRow { r in mutate(rows.first(r), into: rows.child(r), using: &rows.streams[r]) }
    }

    /// Mutations without a box work on any dimension.
    public var genomeDimension: Int? { nil }

    /// Copies `parent` into `child`, then mutates `child` in place.
    public func mutate(_ parent: UnsafeBufferPointer<Double>, into child: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256) {
        _ = child.update(fromContentsOf: parent)
        mutate(child, using: &rng)
    }

    /// Returns a mutated copy of `genome`, through the in-place path.
    public func mutate(_ genome: [Double], using rng: inout Xoshiro256) -> [Double] {
        var child = genome
        child.withUnsafeMutableBufferPointer { mutate($0, using: &rng) }
        return child
    }
}

/// Combines two parent genomes into one child.
public protocol Crossover<Genome>: Codable, Sendable {
    /// What is combined.
    associatedtype Genome

    /// Returns a child of `first` and `second`.
    func cross(_ first: Genome, _ second: Genome, using rng: inout Xoshiro256) -> Genome
}

/// A crossover of real vectors that writes its child into a row of a flat buffer.
public protocol VectorCrossover: Crossover where Genome == [Double] {
    /// Writes a child of `first` and `second` into `child` (all the same length).
    func cross(_ first: UnsafeBufferPointer<Double>, _ second: UnsafeBufferPointer<Double>,
               into child: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256)

    /// The only genome dimension the crossover works on (the dimension of its box), or
    /// `nil` when it works on any. Emitters refuse genomes of another dimension. The
    /// default is `nil`.
    var genomeDimension: Int? { get }
}

extension VectorCrossover {
    /// Crossovers without a box work on any dimension.
    public var genomeDimension: Int? { nil }

    /// Returns a child through the flat-buffer path.
    public func cross(_ first: [Double], _ second: [Double], using rng: inout Xoshiro256) -> [Double] {
        precondition(first.count == second.count, "parents differ in length")
        var child = first
        first.withUnsafeBufferPointer { a in
            second.withUnsafeBufferPointer { b in
                child.withUnsafeMutableBufferPointer { cross(a, b, into: $0, using: &rng) }
            }
        }
        return child
    }
}

/// A value that evolves: a vector of reals, a text, a latent tensor, or any user type.
///
/// A genome type names the ``GenomeColumn`` that stores many of them. Numeric genomes
/// (`[Double]`) use ``VectorColumn``, one flat contiguous buffer with a stride; every
/// other type defaults to ``ObjectColumn``, an array of values, so a user type only needs
/// `extension MyGenome: Genome {}`.
public protocol Genome: Codable, Sendable {
    /// The column type that stores a batch or an archive of this genome.
    associatedtype Column: GenomeColumn = ObjectColumn<Self> where Column.Element == Self
}

extension String: Genome {}

extension Array: Genome where Element == Double {
    /// Real vectors are stored row by row in one flat buffer.
    public typealias Column = VectorColumn
}

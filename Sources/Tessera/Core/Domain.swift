/// A problem to illuminate: what a genome is, and how a batch of genomes is scored.
///
/// A domain evaluates a whole batch at once (write vectorised code over the flat buffers
/// of a ``VectorColumn``), or adopts ``PerGenomeDomain`` and scores one genome at a time.
/// Evaluation may throw, return NaN or give a descriptor of the wrong size: the
/// ``ParallelEvaluator`` records such rows as failed and the run goes on.
public protocol Domain<Genome>: Sendable {
    /// What is evolved.
    associatedtype Genome: Tessera.Genome

    /// The descriptor space: its dimension and the box that archives partition.
    var descriptorSpace: Box { get }

    /// The shape shared by all genomes (the dimension of real vectors).
    var genomeLayout: Genome.Column.Layout { get }

    /// The box genomes live in, when the domain has one (real vectors only).
    var genomeBounds: Box? { get }

    /// The number of `Float` components of the raw observation each evaluation reports
    /// (a rasterised image, a trajectory), which learned descriptors are made from; 0, the
    /// default, for domains that report none.
    ///
    /// A domain with observations writes one row per genome into
    /// ``EvaluationBatch/observations``; a row whose observation has another size or a
    /// non-finite component fails.
    var observationDimension: Int { get }

    /// Evaluates every row of `genomes` into `results`, which has one row per genome.
    ///
    /// Write objectives and descriptors into `results`; mark individual bad rows in
    /// `results.failures`. Rows with non-finite values are marked failed afterwards.
    /// - Throws: Any error; the evaluator then retries the rows one at a time so only
    ///   the rows that throw fail.
    func evaluate(_ genomes: Genome.Column, into results: inout EvaluationBatch) throws
}

extension Domain {
    /// Domains have no genome box unless they say so.
    public var genomeBounds: Box? { nil }
    /// Domains report no observation unless they say so.
    public var observationDimension: Int { 0 }
}

extension Domain where Genome.Column.Layout == ObjectColumn<Genome>.Empty {
    /// Value genomes share no layout.
    public var genomeLayout: ObjectColumn<Genome>.Empty { .init() }
}

/// A domain that scores one genome at a time.
public protocol PerGenomeDomain<Genome>: Domain {
    /// Scores one genome.
    ///
    /// - Throws: Any error; the row is recorded as failed.
    func evaluate(_ genome: Genome) throws -> Evaluation
}

extension PerGenomeDomain {
    /// Scores each row with ``evaluate(_:)``; a row that throws fails alone.
    public func evaluate(_ genomes: Genome.Column, into results: inout EvaluationBatch) throws {
        for row in 0..<genomes.count {
            do {
                results.set(row, try evaluate(genomes[row]))
            } catch {
                results.failures[row] = .threw(String(describing: error))
            }
        }
    }
}

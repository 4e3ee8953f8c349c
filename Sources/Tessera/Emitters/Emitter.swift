/// Makes offspring each iteration and learns from how they fared: selection plus
/// variation plus any adaptive state (curiosity scores, CMA-ES distributions).
///
/// Emitters are values whose state is `Codable`, so a run can be saved and resumed.
/// ``generate(rows:into:parents:archive:context:)`` only reads state: the scheduler calls
/// it concurrently on disjoint row ranges, each row with its own random stream, so the
/// offspring never depend on the number of workers. All learning happens in
/// ``tell(_:archive:)``, once per iteration, in emitter order.
public protocol Emitter<Genome>: Codable, Sendable {
    /// What the emitter makes.
    associatedtype Genome: Tessera.Genome

    /// The number of offspring this emitter adds to each iteration.
    var batchSize: Int { get }

    /// The layout of the genomes this emitter makes (the dimension of real vectors), or
    /// `nil` when the emitter cannot tell. A ``Scheduler`` refuses an emitter whose layout
    /// differs from its archive's. The default is `nil`.
    var genomeLayout: Genome.Column.Layout? { get }

    /// Whether this emitter's offspring must be awaited: `true` for an ``AsyncEmitter``,
    /// whose rows evaluators make with ``Offspring/generate(awaiting:)``. The default is
    /// `false`; ``AsyncEmitter`` supplies `true`.
    var generatesAsynchronously: Bool { get }

    /// Writes offspring for `rows` of this emitter's batch.
    ///
    /// - Parameters:
    ///   - rows: Rows of this emitter's batch to make, in `0..<batchSize`.
    ///   - children: A column with one row per element of `rows` (row `rows.lowerBound`
    ///     goes to position 0).
    ///   - parents: Same positions: the cell of each child's first parent, or −1.
    ///   - archive: The archive as it was at the start of the iteration.
    ///   - context: The iteration's random streams and identity.
    func generate<A: Archive>(rows: Range<Int>, into children: inout Genome.Column, parents: inout [Int32],
                              archive: A, context: GenerationContext) where A.Genome == Genome

    /// Learns from this emitter's rows of the iteration (after they were added).
    mutating func tell<A: Archive>(_ feedback: EmitterFeedback<Genome>, archive: A) where A.Genome == Genome
}

extension Emitter {
    /// Emitters do not know their genome layout unless they say so.
    public var genomeLayout: Genome.Column.Layout? { nil }

    /// Emitters generate synchronously unless they are ``AsyncEmitter``s.
    public var generatesAsynchronously: Bool { false }

    /// Emitters without adaptive state learn nothing.
    public mutating func tell<A: Archive>(_ feedback: EmitterFeedback<Genome>, archive: A) where A.Genome == Genome {}
}

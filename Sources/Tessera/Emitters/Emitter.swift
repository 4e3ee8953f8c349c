import Foundation

/// Makes offspring each iteration and learns from how they fared: selection plus
/// variation plus any adaptive state (curiosity scores, CMA-ES distributions).
///
/// Emitters are `Codable` values whose state is saved as a ``ComponentState``
/// (``StateComponent``), so a run can be saved and resumed. By default an emitter saves
/// itself whole as JSON under its Swift type name; an emitter with large state, or one
/// meant to outlive renames, gives a stable ``StateComponent/stateIdentifier`` and saves
/// only its mutable state (as the built-in emitters do).
/// ``generate(rows:into:parents:archive:context:)`` only reads state: the scheduler calls
/// it concurrently on disjoint row ranges, each row with its own random stream, so the
/// offspring never depend on the number of workers. All learning happens in
/// ``tell(_:archive:)``, once per iteration, in emitter order.
public protocol Emitter<Genome>: StateComponent, Codable, Sendable {
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

    /// Whether this emitter's ``tell(_:archive:)`` touches nothing but its own state, so a
    /// scheduler may tell it on another thread while it tells other emitters (the CMA
    /// emitters, whose updates and eigendecompositions then run on the workers). The
    /// default is `false`: such emitters are told one after another, in order.
    var tellsIndependently: Bool { get }

    /// Whether this emitter decides which of its rows enter the archive
    /// (``admissions(for:archive:)``). The default is `false`.
    var decidesAdmission: Bool { get }

    /// Which of this emitter's rows may enter the archive, decided before insertion, for
    /// archives that take per-row decisions (``UnstructuredArchive``; other archives apply
    /// their own rule). Called only when ``decidesAdmission`` is `true`; the feedback's
    /// report is empty, since nothing is inserted yet. TAXONS admits the five most novel
    /// or surprising rows of each generation. The default admits every row.
    ///
    /// - Returns: One decision per row of `feedback.rows`.
    mutating func admissions<A: Archive>(for feedback: EmitterFeedback<Genome>, archive: A) -> [Bool] where A.Genome == Genome

    /// How many times the emitter has restarted its search (a CMA emitter's strategy), for
    /// a run's summary, or `nil` for an emitter that never restarts. The default is `nil`.
    var restartCount: Int? { get }

    /// The emitter's configuration as JSON, which an archive file keeps once, when the run
    /// is created, for readers (``EmitterConfiguration``). The default is the whole
    /// emitter; an emitter with large state (a covariance) writes its settings alone.
    ///
    /// - Throws: Encoding errors.
    func configurationJSON() throws -> Data

    /// The evaluations whose observations this emitter needs kept, because it stores their
    /// descriptors itself (a novelty archive, a population): a learned descriptor keeps
    /// them and re-encodes them after each training (``relearn(_:scale:)``). The default
    /// is none.
    var observedEvaluations: [Int] { get }

    /// Replaces the descriptors this emitter stores with their codes in a re-trained
    /// learned space: `codes` gives the codes of evaluations (row-major, `nil` when one
    /// was not kept); `scale` is how much wider the new space is than the old one (the
    /// ratio of the diagonals of the archive's boxes), for distances the emitter keeps. The
    /// default does nothing.
    mutating func relearn(_ codes: (_ evaluations: [Int]) -> [Double]?, scale: Double)
}

extension Emitter {
    /// Emitters do not know their genome layout unless they say so.
    public var genomeLayout: Genome.Column.Layout? { nil }

    /// Emitters generate synchronously unless they are ``AsyncEmitter``s.
    public var generatesAsynchronously: Bool { false }

    /// Emitters without adaptive state learn nothing.
    public mutating func tell<A: Archive>(_ feedback: EmitterFeedback<Genome>, archive: A) where A.Genome == Genome {}

    /// Emitters are told one after another unless they say so.
    public var tellsIndependently: Bool { false }

    /// Emitters leave admission to the archive unless they say so.
    public var decidesAdmission: Bool { false }

    /// Every row may enter.
    public mutating func admissions<A: Archive>(for feedback: EmitterFeedback<Genome>, archive: A) -> [Bool] where A.Genome == Genome {
        [Bool](repeating: true, count: feedback.rows.count)
    }

    /// The whole emitter, as JSON.
    public func configurationJSON() throws -> Data { try EmitterCoding.encode(self) }

    /// Emitters do not restart unless they say so.
    public var restartCount: Int? { nil }

    /// Emitters store no descriptors unless they say so.
    public var observedEvaluations: [Int] { [] }

    /// Emitters store no descriptors unless they say so.
    public mutating func relearn(_ codes: (_ evaluations: [Int]) -> [Double]?, scale: Double) {}
}

extension Emitter {
    /// The Swift type name, for example `VectorEmitter<UniformSelection, …>`: today's default,
    /// which breaks saved runs when the type or a generic argument is renamed. Override it
    /// with a stable name of your own (`"myproject.my-emitter"`).
    public static var stateIdentifier: String { String(describing: Self.self) }

    /// The whole emitter (configuration and state) as one JSON part, `emitter`.
    ///
    /// - Throws: The emitter's encoding errors.
    public func saveState() throws -> ComponentState {
        ComponentState(identifier: Self.stateIdentifier, version: Self.stateVersion,
                       parts: [Self.wholeEmitterKey: .json(try EmitterCoding.encode(self))])
    }

    /// Replaces the emitter with the one decoded from the `emitter` JSON part, checked as
    /// its `init(from:)` checks it.
    ///
    /// - Throws: ``RestoreError`` for a missing part; `DecodingError` for an unreadable or
    ///   refused emitter.
    public mutating func restoreState(from state: ComponentState) throws {
        self = try restoringWhole(from: state)
    }

    /// The key of the part holding a whole emitter (the default state, and the state of
    /// runs saved before components had their own).
    static var wholeEmitterKey: String { "emitter" }

    /// The emitter decoded whole from the `emitter` JSON part of `state`.
    func restoringWhole(from state: ComponentState) throws -> Self {
        guard case .json(let data) = try state.part(Self.wholeEmitterKey) else {
            throw RestoreError(message: "the saved part 'emitter' of \(state.identifier) is not JSON")
        }
        return try EmitterCoding.decode(data, like: self)
    }
}

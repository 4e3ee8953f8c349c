/// The offspring of one iteration, not yet made: what a scheduler hands an ``Evaluator``
/// so it can generate and evaluate the batch as it sees fit.
///
/// Every row is a pure function of the emitters' state at the start of the iteration, the
/// archive as it was then, and the row's own random stream
/// (``GenerationContext/stream(row:)``), so any split of the rows into ranges, made in any
/// order on any thread, gives the same genomes.
public struct Offspring<A: Archive>: Sendable {
    /// The archive as it was at the start of the iteration.
    public let archive: A
    /// The emitters, in order.
    let emitters: [any Emitter<A.Genome>]
    /// The run's random streams.
    public let streams: RandomStreams
    /// The iteration the offspring belong to.
    public let iteration: Int
    /// The rows of each emitter in the batch, emitter after emitter.
    public let emitterRows: [Range<Int>]
    /// The genome layout of every row.
    public let layout: A.Genome.Column.Layout
    /// Whether every emitter generates synchronously (none reports
    /// ``Emitter/generatesAsynchronously``), so rows can be made on any thread with
    /// ``generate(_:)``.
    public let isSynchronous: Bool

    init(archive: A, emitters: [any Emitter<A.Genome>], streams: RandomStreams, iteration: Int) {
        self.archive = archive
        self.emitters = emitters
        self.streams = streams
        self.iteration = iteration
        var start = 0
        emitterRows = emitters.map { emitter in
            defer { start += emitter.batchSize }
            return start ..< start + emitter.batchSize
        }
        layout = archive.store.genomes.layout
        isSynchronous = !emitters.contains { $0.generatesAsynchronously }
    }

    /// The number of rows in the batch.
    public var count: Int { emitterRows.last?.upperBound ?? 0 }

    /// Makes rows `range` of the batch on the calling thread: their genomes and the cell
    /// of each one's first parent (or −1).
    ///
    /// Call it when ``isSynchronous``; otherwise an ``AsyncEmitter``'s rows are made by its
    /// blocking fallback, and ``generate(awaiting:)`` is the right call.
    /// - Complexity: The emitters' generation cost for `range.count` rows.
    public func generate(_ range: Range<Int>) -> (A.Genome.Column, [Int32]) {
        var made = Rows(layout: layout, count: range.count)
        for (index, local) in slices(of: range) {
            var part = A.Genome.Column(layout: layout, count: local.count)
            var partParents = [Int32](repeating: -1, count: local.count)
            emitters[index].generate(rows: local, into: &part, parents: &partParents, archive: archive,
                                     context: context(emitter: index))
            made.append(part, partParents)
        }
        return made.joined
    }

    /// Makes rows `range` of the batch, awaiting the emitters that generate asynchronously
    /// (``AsyncEmitter``) and calling the others synchronously. The rows are the ones
    /// ``generate(_:)`` would make.
    ///
    /// - Complexity: The emitters' generation cost for `range.count` rows.
    public func generate(awaiting range: Range<Int>) async -> (A.Genome.Column, [Int32]) {
        var made = Rows(layout: layout, count: range.count)
        for (index, local) in slices(of: range) {
            var part = A.Genome.Column(layout: layout, count: local.count)
            var partParents = [Int32](repeating: -1, count: local.count)
            if let emitter = emitters[index] as? any AsyncEmitter<A.Genome> {
                await emitter.generate(rows: local, into: &part, parents: &partParents, archive: archive,
                                       context: context(emitter: index))
            } else {
                emitters[index].generate(rows: local, into: &part, parents: &partParents, archive: archive,
                                         context: context(emitter: index))
            }
            made.append(part, partParents)
        }
        return made.joined
    }

    /// Each emitter with rows in `range` of the batch, and those rows in its own numbering.
    private func slices(of range: Range<Int>) -> [(emitter: Int, rows: Range<Int>)] {
        emitterRows.enumerated().compactMap { index, rows in
            let overlap = range.clamped(to: rows)
            guard !overlap.isEmpty else { return nil }
            return (index, (overlap.lowerBound - rows.lowerBound) ..< (overlap.upperBound - rows.lowerBound))
        }
    }

    /// The parts the emitters make, gathered in row order.
    private struct Rows {
        let layout: A.Genome.Column.Layout
        var children: [A.Genome.Column] = []
        var parents: [Int32] = []

        init(layout: A.Genome.Column.Layout, count: Int) {
            self.layout = layout
            parents.reserveCapacity(count)
        }

        mutating func append(_ part: A.Genome.Column, _ partParents: [Int32]) {
            children.append(part)
            parents.append(contentsOf: partParents)
        }

        var joined: (A.Genome.Column, [Int32]) {
            (children.isEmpty ? A.Genome.Column(layout: layout, count: 0) : .joined(children, layout: layout), parents)
        }
    }

    /// The generation context of emitter `index` in this iteration.
    public func context(emitter index: Int) -> GenerationContext {
        GenerationContext(streams: streams, iteration: iteration, emitter: index)
    }

    /// The ticket for these offspring, from their parts in row order.
    ///
    /// - Parameters:
    ///   - children: The rows, in parts that cover `0..<count` in order.
    ///   - parents: The first parent cell of every row, in row order.
    /// - Precondition: The parts hold ``count`` rows and `parents` has ``count`` entries.
    public func ticket(children: [A.Genome.Column], parents: [Int32]) -> Scheduler<A>.Ticket {
        let ticket = Scheduler<A>.Ticket(iteration: iteration, children: BatchColumn(parts: children), parents: parents)
        precondition(ticket.children.count == count && parents.count == count, "one child and one parent entry per row")
        return ticket
    }
}

import Foundation

extension Scheduler {
    /// Makes the archive sort by a learned descriptor from now on: each batch's
    /// observations are encoded by `learning`'s learner and the codes replace the
    /// domain's descriptors; the learner is re-trained on its schedule and the archive
    /// re-indexed each time (see ``DescriptorLearning``). Set it before the first iteration.
    ///
    /// - Throws: ``ParameterError`` after the first iteration, for an archive that cannot
    ///   be re-indexed (``RelearnableArchive``: grid and unstructured archives), an archive
    ///   whose descriptor dimension is not the learner's code dimension, or a scheduler
    ///   with a result archive.
    public mutating func learnDescriptors(_ learning: DescriptorLearning) throws(ParameterError) {
        try ParameterError.require(iteration == 0, Self.self, "learning", "must be set before the first iteration")
        try ParameterError.require(archive is any RelearnableArchive, Self.self, "learning",
                                   "needs an archive that can be re-indexed (grid or unstructured), not \(type(of: archive))")
        try ParameterError.require(learning.codeDimension == archive.descriptorSpace.dimension, Self.self, "learning",
                                   "makes \(learning.codeDimension)-D codes, the archive has \(archive.descriptorSpace.dimension)-D descriptors")
        try ParameterError.require(resultArchive == nil, Self.self, "learning", "cannot re-index a result archive")
        self.learning = learning
    }

    /// Keeps a passive ``CoverageGrid`` over the domain's own descriptors, recording every
    /// evaluation. Set it before the first iteration (a restore then restores it).
    public mutating func trackGroundTruth(_ grid: CoverageGrid) {
        groundTruth = grid
    }

    /// The emitters' per-row decisions, when one of them decides admission and the
    /// archive takes decisions (an ``UnstructuredArchive``).
    mutating func admissions(_ offered: EvaluationBatch, _ ticket: Ticket) -> [Bool]? {
        guard archive is UnstructuredArchive<A.Genome>, emitters.contains(where: { $0.decidesAdmission }) else { return nil }
        var decisions = [Bool](repeating: true, count: offered.count)
        let empty = AddReport(count: offered.count)
        for (index, rows) in emitterRows.enumerated() where emitters[index].decidesAdmission {
            let feedback = EmitterFeedback<A.Genome>(rows: rows, children: ticket.children, evaluations: offered, report: empty,
                                                     parents: ticket.parents,
                                                     context: GenerationContext(streams: streams, iteration: iteration, emitter: index),
                                                     firstEvaluation: evaluations)
            let own = emitters[index].admissions(for: feedback, archive: archive)
            precondition(own.count == rows.count, "emitter \(index) decided \(own.count) rows of \(rows.count)")
            for (offset, row) in rows.enumerated() { decisions[row] = own[offset] }
        }
        return decisions
    }

    /// Adds with per-row decisions.
    mutating func add(_ offered: EvaluationBatch, _ ticket: Ticket, accepting decisions: [Bool]) -> AddReport {
        guard var deciding = archive as? UnstructuredArchive<A.Genome> else {
            return archive.add(ticket.children, offered, firstEvaluation: evaluations)
        }
        let report = deciding.add(ticket.children, offered, accepting: decisions, firstEvaluation: evaluations)
        archive = deciding as! A
        return report
    }

    /// Keeps the observations the learning needs, steers the container size, and
    /// re-trains and re-indexes when due.
    mutating func advanceLearning(_ batch: EvaluationBatch, report: AddReport, firstEvaluation: Int) {
        guard var learning else { return }
        let store = archive.store
        // Rows the archive stored, and rows an emitter keeps the descriptor of (a novelty
        // archive, a population).
        let observed = Set(emitters.flatMap(\.observedEvaluations))
        var stored: [Int] = []
        for row in 0..<batch.count {
            let cell = report.cells[row]
            let inArchive = (report.statuses[row] == .new || report.statuses[row] == .improved)
                && cell >= 0 && store.occupied[cell] && store.entries[cell] == firstEvaluation + row
            if inArchive || observed.contains(firstEvaluation + row) { stored.append(row) }
        }
        learning.keep(batch, stored: stored, firstEvaluation: firstEvaluation, live: liveEntries + observed)
        if let control = learning.sizeControl, iteration % control.period == 0, var relearnable = archive as? any RelearnableArchive {
            relearnable.controlSize(control)
            archive = relearnable as! A
        }
        if learning.isDue(afterIteration: iteration) {
            let elites = liveEntries
            var event = learning.train(elites: elites, streams: streams, iteration: iteration, evaluations: evaluations)
            if event.fit != nil {
                let start = ContinuousClock.now
                let oldBox = archive.descriptorSpace
                do {
                    guard let codes = learning.codes(of: elites) else {
                        throw RestoreError(message: "an elite's observation is missing")
                    }
                    guard let relearnable = archive as? any RelearnableArchive else { preconditionFailure("checked when set") }
                    let (relearned, dropped) = try Self.relearn(relearnable, codes: codes, learning: learning)
                    archive = relearned as! A
                    event.reencoded = elites.count
                    event.dropped = dropped
                    let scale = archive.descriptorSpace.diagonal / oldBox.diagonal
                    let trained = learning
                    for index in emitters.indices where !emitters[index].observedEvaluations.isEmpty {
                        emitters[index].relearn({ trained.codes(of: $0) }, scale: scale.isFinite && scale > 0 ? scale : 1)
                    }
                } catch {
                    event.error = "re-indexing failed: \(error)"
                }
                let elapsed = ContinuousClock.now - start
                event.reindexSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            }
            learning.finish(event, live: liveEntries + emitters.flatMap(\.observedEvaluations))
        }
        self.learning = learning
    }

    private static func relearn<R: RelearnableArchive>(_ archive: R, codes: [Double], learning: DescriptorLearning) throws
        -> (any RelearnableArchive, Int) {
        let (relearned, dropped) = try archive.relearned(descriptors: codes, learning: learning)
        return (relearned, dropped)
    }

    /// The entry evaluations of the archive's elites, in insertion order.
    var liveEntries: [Int] {
        let store = archive.store
        return store.occupiedCells.map { store.entries[Int($0)] }
    }
}

import Foundation

/// A pool of emitters of which only the most promising few make offspring each
/// iteration, chosen by the UCB1 bandit rule: pyribs' `BanditScheduler` as one emitter.
///
/// A ``Scheduler`` has a fixed list of emitters with fixed batch sizes, so the bandit is a
/// composite emitter that owns its pool. Every member has the same batch size `b`, and
/// ``activeCount`` of them are active at a time, so the bandit's batch is
/// `activeCount × b` rows: slot `s` (rows `s·b ..< (s + 1)·b`) belongs to the `s`-th
/// active member in pool order. Each member draws from its own random streams
/// (``GenerationContext/member(_:)`` with its pool index), so two members never share a
/// stream, and a member's offspring do not depend on the slot it happens to fill.
///
/// After each ``tell(_:archive:)`` (and once at creation) the bandit chooses the next
/// active set exactly as pyribs' `BanditScheduler.ask` does (pyribs 0.12):
///
/// 1. With ``Reselection/terminated``, the active members whose ``RestartingEmitter/restarts``
///    grew since the last choice, and every member that does not restart (a negative
///    count), are up for reselection; with ``Reselection/all``, every active member is.
/// 2. On the very first choice, the first ``activeCount`` members in pool order are
///    activated (and are not up for reselection).
/// 3. The members up for reselection are deactivated; then, if any member was up for
///    reselection, inactive members are activated in descending UCB1 order until
///    ``activeCount`` are active. A member just deactivated may be chosen again.
///
/// The UCB1 score of member `i` (Auer, Cesa-Bianchi & Fischer 2002) is
/// `successes[i] / selections[i] + zeta · √(ln(Σ successes) / selections[i])`, and
/// `+∞` for a member never selected. As in pyribs, the logarithm is of the total number
/// of *successes*, not of selections (the textbook rule uses the total number of plays);
/// see ``scores(successes:selections:zeta:)`` for what happens before anything succeeds.
///
/// Tjanaka et al. (2023), "Training Diverse High-Dimensional Controllers by Scaling
/// Covariance Matrix Adaptation MAP-Annealing" (arXiv 2210.02622), use this scheduler to
/// run a few of a larger pool of CMA-MAE emitters at a time; the rule goes back to
/// Cully (2021), "Multi-Emitter MAP-Elites" (arXiv 2007.05352).
///
/// State arrays (``active``, ``successes``, ``selections``, ``restartsSeen``) have one
/// entry per pool member, in pool order.
public struct BanditEmitter<Member: RestartingEmitter>: Emitter {
    /// The members' genome.
    public typealias Genome = Member.Genome

    /// Which active members go back into the pool after an iteration (pyribs'
    /// `reselect` argument).
    public enum Reselection: String, Codable, Sendable, Hashable, CaseIterable {
        /// Only members that restarted since the previous iteration (and members that do
        /// not restart at all); pyribs' default, `"terminated"`.
        case terminated
        /// Every active member, every iteration; pyribs' `"all"`.
        case all
    }

    /// The members, in pool order.
    public internal(set) var pool: [Member]
    /// How many members make offspring each iteration (pyribs' `num_active`).
    public let activeCount: Int
    /// UCB1's exploration weight: larger values favour members selected fewer times
    /// (pyribs' `zeta`, 0.05 by default).
    public let zeta: Double
    /// Which active members are put up for reselection after each iteration.
    public let reselect: Reselection
    /// Every member's batch size, `b`.
    public let memberBatchSize: Int

    /// Whether each member is active this iteration (``activeCount`` are).
    public internal(set) var active: [Bool]
    /// How many rows of each member entered the archive (status new or improved),
    /// over the whole run.
    public internal(set) var successes: [Double]
    /// How many rows each member emitted over the whole run.
    public internal(set) var selections: [Double]
    /// Each member's ``RestartingEmitter/restarts`` at the last choice of the active set
    /// (−1 for a member that does not restart). With ``Reselection/all`` it is not
    /// updated, as in pyribs.
    public internal(set) var restartsSeen: [Int]

    /// Creates the bandit and chooses its first active set: the first `activeCount`
    /// members.
    ///
    /// - Parameters:
    ///   - pool: The members, at least one, all with the same batch size and (where they
    ///     know it) the same genome layout.
    ///   - activeCount: How many members are active at a time, in `1...pool.count`.
    ///   - zeta: UCB1's exploration weight, finite and at least 0.
    ///   - reselect: Which active members go back into the pool after each iteration.
    /// - Throws: ``ParameterError`` for an empty pool, an `activeCount` out of range, a
    ///   negative or non-finite `zeta`, members with different batch sizes or genome
    ///   layouts, or a batch size that overflows `Int`.
    public init(pool: [Member], activeCount: Int, zeta: Double = 0.05, reselect: Reselection = .terminated) throws(ParameterError) {
        try ParameterError.require(!pool.isEmpty, Self.self, "pool", "must hold at least one emitter")
        try ParameterError.require(activeCount >= 1 && activeCount <= pool.count, Self.self, "activeCount",
                                   "must be in 1...\(pool.count), the pool's size (got \(activeCount))")
        try ParameterError.require(zeta.isFinite && zeta >= 0, Self.self, "zeta", "must be finite and non-negative (got \(zeta))")
        let b = pool[0].batchSize
        try ParameterError.require(b >= 1, Self.self, "pool[0]", "has batch size \(b), it must be at least 1")
        var layout = pool[0].genomeLayout
        for (index, member) in pool.enumerated() {
            try ParameterError.require(member.batchSize == b, Self.self, "pool[\(index)]",
                                       "has batch size \(member.batchSize), pool[0] has \(b): all members must have the same")
            guard let own = member.genomeLayout else { continue }
            if let layout {
                try ParameterError.require(own == layout, Self.self, "pool[\(index)]",
                                           "makes genomes of layout \(own), another member makes layout \(layout)")
            } else {
                layout = own
            }
        }
        try ParameterError.require(!activeCount.multipliedReportingOverflow(by: b).overflow, Self.self, "activeCount",
                                   "times the members' batch size \(b) overflows Int")
        self.pool = pool
        self.activeCount = activeCount
        self.zeta = zeta
        self.reselect = reselect
        self.memberBatchSize = b
        active = [Bool](repeating: false, count: pool.count)
        successes = [Double](repeating: 0, count: pool.count)
        selections = [Double](repeating: 0, count: pool.count)
        restartsSeen = [Int](repeating: 0, count: pool.count)
        chooseActive()
    }

    /// ``activeCount`` × the members' batch size.
    public var batchSize: Int { activeCount * memberBatchSize }

    /// The pool indices of the active members, in pool order: slot `s` of the batch
    /// belongs to member `activeMembers[s]`.
    public var activeMembers: [Int] { active.indices.filter { active[$0] } }

    /// The members' genome layout (the first one a member knows), or `nil` when none knows it.
    public var genomeLayout: Genome.Column.Layout? {
        for member in pool { if let layout = member.genomeLayout { return layout } }
        return nil
    }

    /// Writes the rows of each slot in `rows` with the slot's member, on the member's own
    /// streams and in the member's own row numbering (`0..<b`).
    ///
    /// - Complexity: The members' generation cost, plus a copy of the rows of each slot
    ///   when `rows` spans more than one slot.
    public func generate<A: Archive>(rows: Range<Int>, into children: inout Genome.Column, parents: inout [Int32],
                                     archive: A, context: GenerationContext) where A.Genome == Genome {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= batchSize, "rows \(rows) outside the batch 0..<\(batchSize)")
        let members = activeMembers
        let b = memberBatchSize
        var row = rows.lowerBound
        while row < rows.upperBound {
            let slot = row / b
            let end = min(rows.upperBound, (slot + 1) * b)
            let local = (row - slot * b) ..< (end - slot * b)
            let index = members[slot]
            let memberContext = context.member(index)
            if local.count == rows.count {
                pool[index].generate(rows: local, into: &children, parents: &parents, archive: archive, context: memberContext)
            } else {
                var part = Genome.Column(layout: children.layout, count: local.count)
                var partParents = [Int32](repeating: -1, count: local.count)
                pool[index].generate(rows: local, into: &part, parents: &partParents, archive: archive, context: memberContext)
                children.replaceRows(at: row - rows.lowerBound, with: part)
                parents.replaceSubrange((row - rows.lowerBound) ..< (end - rows.lowerBound), with: partParents)
            }
            row = end
        }
    }

    /// Counts each active member's emitted and added rows, tells each active member its
    /// slot of the batch (on its own streams), then chooses the next active set.
    ///
    /// - Complexity: O(batch size + pool size²) besides the members' own `tell`.
    public mutating func tell<A: Archive>(_ feedback: EmitterFeedback<Genome>, archive: A) where A.Genome == Genome {
        precondition(feedback.rows.count == batchSize, "feedback for \(feedback.rows.count) rows, the batch has \(batchSize)")
        for (slot, index) in activeMembers.enumerated() {
            let own = memberFeedback(feedback, slot: slot, member: index)
            selections[index] += Double(own.rows.count)
            successes[index] += Double(own.rows.reduce(0) { $0 + (feedback.report.statuses[$1].isAdded ? 1 : 0) })
            pool[index].tell(own, archive: archive)
            precondition(pool[index].batchSize == memberBatchSize, "member \(index) changed its batch size")
        }
        chooseActive()
    }

    /// The restarts of all members together, or `nil` when none restarts.
    public var restartCount: Int? {
        let counts = pool.compactMap(\.restartCount)
        return counts.isEmpty ? nil : counts.reduce(0, +)
    }

    /// Whether the bandit may be told beside other emitters: when every member may (its
    /// own members are told one after another, in pool order).
    public var tellsIndependently: Bool { pool.allSatisfy { $0.tellsIndependently } }

    /// Whether any member decides which of its rows enter the archive.
    public var decidesAdmission: Bool { pool.contains { $0.decidesAdmission } }

    /// Each active member's decisions for its slot; rows of members that leave admission
    /// to the archive are admitted.
    public mutating func admissions<A: Archive>(for feedback: EmitterFeedback<Genome>, archive: A) -> [Bool] where A.Genome == Genome {
        var decisions = [Bool](repeating: true, count: feedback.rows.count)
        for (slot, index) in activeMembers.enumerated() where pool[index].decidesAdmission {
            let own = memberFeedback(feedback, slot: slot, member: index)
            let decided = pool[index].admissions(for: own, archive: archive)
            precondition(decided.count == memberBatchSize, "member \(index) decided \(decided.count) rows of \(memberBatchSize)")
            decisions.replaceSubrange(slot * memberBatchSize ..< (slot + 1) * memberBatchSize, with: decided)
        }
        return decisions
    }

    /// The evaluations any member needs kept, in increasing order without repeats.
    public var observedEvaluations: [Int] { Array(Set(pool.flatMap(\.observedEvaluations))).sorted() }

    /// Re-encodes the descriptors of every member, active or not.
    public mutating func relearn(_ codes: (_ evaluations: [Int]) -> [Double]?, scale: Double) {
        for index in pool.indices { pool[index].relearn(codes, scale: scale) }
    }

    /// The feedback of the member in `slot`: its rows of the iteration's batch (the slot,
    /// shifted by where the bandit's rows start) and its own streams.
    func memberFeedback(_ feedback: EmitterFeedback<Genome>, slot: Int, member index: Int) -> EmitterFeedback<Genome> {
        let start = feedback.rows.lowerBound + slot * memberBatchSize
        return EmitterFeedback(rows: start ..< start + memberBatchSize, children: feedback.children, evaluations: feedback.evaluations,
                               report: feedback.report, parents: feedback.parents, context: feedback.context.member(index),
                               firstEvaluation: feedback.firstEvaluation)
    }

    /// Chooses the active set for the next iteration, as pyribs' `BanditScheduler.ask`
    /// does before it asks the members.
    mutating func chooseActive() {
        var upForReselection: [Bool]
        switch reselect {
        case .terminated:
            // pyribs counts an emitter without `restarts` as −1 and reselects it always.
            let current = pool.map { max($0.restarts, -1) }
            upForReselection = pool.indices.map { current[$0] > restartsSeen[$0] || current[$0] < 0 }
            restartsSeen = current
        case .all:
            upForReselection = active
        }
        // The first choice: activate the first members in pool order. (The active set is
        // full after every choice, so this only runs at creation.)
        var needed = activeCount - active.count(where: \.self)
        var index = 0
        while needed > 0 {
            upForReselection[index] = false
            if !active[index] {
                active[index] = true
                needed -= 1
            }
            index += 1
        }
        for index in pool.indices where upForReselection[index] { active[index] = false }
        guard upForReselection.contains(true) else { return }
        var count = active.count(where: \.self)
        for index in Self.ranking(Self.scores(successes: successes, selections: selections, zeta: zeta)) {
            guard count < activeCount else { break }
            if !active[index] {
                active[index] = true
                count += 1
            }
        }
    }

    /// The UCB1 score of every member, as pyribs computes it.
    ///
    /// Member `i` scores `successes[i] / selections[i] + zeta · √(ln(Σ successes) /
    /// selections[i])`, or `+∞` when `selections[i]` is 0 (so members never selected come
    /// first). Following pyribs, the logarithm is of the total *successes*. While nothing
    /// has succeeded, `ln 0 = −∞`, its square root is NaN, and so is the score of every
    /// member already selected, whatever `zeta` (0 × NaN is NaN): numpy does the same,
    /// with a warning. ``ranking(_:)`` then orders the NaN scores as numpy does.
    ///
    /// - Parameters:
    ///   - successes: Rows added per member.
    ///   - selections: Rows emitted per member, as many entries as `successes`.
    ///   - zeta: The exploration weight.
    /// - Returns: One score per member.
    public static func scores(successes: [Double], selections: [Double], zeta: Double) -> [Double] {
        precondition(successes.count == selections.count, "one success count per selection count")
        let logTotal = Foundation.log(successes.reduce(0, +))
        return zip(successes, selections).map { success, selected in
            selected == 0 ? .infinity : success / selected + zeta * (logTotal / selected).squareRoot()
        }
    }

    /// Member indices from the highest score to the lowest, in pyribs' order.
    ///
    /// pyribs takes `np.argsort(ucb1)[::-1]`: the reverse of an ascending sort, so among
    /// equal scores the *later* member comes first. Its scores sit in an object array,
    /// which numpy sorts with an insertion sort (stable) for up to 16 elements, comparing
    /// with Python's `<`. This function runs that insertion sort with Swift's `<` (which
    /// treats NaN as Python does: nothing is below NaN and NaN is below nothing, so a NaN
    /// score never moves and no score moves past it), then reverses it: identical to
    /// pyribs for pools of up to 16 members, NaN included. For larger pools numpy switches
    /// to a quicksort whose order among ties is not stable; Tessera keeps the stable rule.
    ///
    /// - Complexity: O(n²) for n members.
    public static func ranking(_ scores: [Double]) -> [Int] {
        var order = Array(scores.indices)
        for position in order.indices.dropFirst() {
            let moving = order[position]
            var slot = position
            while slot > 0 && scores[moving] < scores[order[slot - 1]] {
                order[slot] = order[slot - 1]
                slot -= 1
            }
            order[slot] = moving
        }
        return order.reversed()
    }
}

extension BanditEmitter {
    private enum CodingKeys: String, CodingKey {
        case pool, activeCount, zeta, reselect, active, successes, selections, restartsSeen
    }

    /// Decodes the bandit, checking its parameters as ``init(pool:activeCount:zeta:reselect:)``
    /// does and its state as ``restoreState(from:)`` does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ParameterError`` or
    ///   ``RestoreError`` message for a refused value; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let pool = try c.decode([Member].self, forKey: .pool)
        let activeCount = try c.decode(Int.self, forKey: .activeCount)
        let zeta = try c.decode(Double.self, forKey: .zeta)
        let reselect = try c.decode(Reselection.self, forKey: .reselect)
        var bandit = try DecodingError.validating(decoder) { () throws(ParameterError) in
            try Self(pool: pool, activeCount: activeCount, zeta: zeta, reselect: reselect)
        }
        let counts = Counts(active: try c.decode([Bool].self, forKey: .active), successes: try c.decode([Double].self, forKey: .successes),
                            selections: try c.decode([Double].self, forKey: .selections),
                            restartsSeen: try c.decode([Int].self, forKey: .restartsSeen))
        try DecodingError.validating(decoder) { () throws(RestoreError) in try bandit.adopt(counts) }
        self = bandit
    }

    /// Encodes the parameters, the pool and the bandit's state.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pool, forKey: .pool)
        try c.encode(activeCount, forKey: .activeCount)
        try c.encode(zeta, forKey: .zeta)
        try c.encode(reselect, forKey: .reselect)
        try c.encode(active, forKey: .active)
        try c.encode(successes, forKey: .successes)
        try c.encode(selections, forKey: .selections)
        try c.encode(restartsSeen, forKey: .restartsSeen)
    }
}

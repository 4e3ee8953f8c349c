import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

/// A test member: Gaussian children around a centre, one stream per row; it counts its
/// tells, remembers the rows and streams it was told about, and restarts on the tells it
/// is told to.
struct CountingEmitter: RestartingEmitter, Hashable {
    typealias Genome = [Double]

    var batchSize: Int
    var centre: [Double]
    /// Restart after every `restartEvery`-th tell (never when 0).
    var restartEvery = 0
    /// A negative restart count: the member does not restart.
    var tracksRestarts = true
    var restartCount = 0
    var tells = 0
    var toldRows: [Range<Int>] = []
    var toldMembers: [Int] = []

    var restarts: Int { tracksRestarts ? restartCount : -1 }
    var genomeLayout: Int? { centre.count }

    func generate<A: Archive>(rows: Range<Int>, into children: inout VectorColumn, parents: inout [Int32],
                              archive: A, context: GenerationContext) where A.Genome == [Double] {
        for (position, row) in rows.enumerated() {
            var rng = context.stream(row: row)
            children[position] = centre.map { $0 + 0.5 * Double.countingTestNormal(using: &rng) }
            // Where the row came from: the member (its context) and its own row.
            parents[position] = Int32(context.member * 1000 + row)
        }
    }

    mutating func tell<A: Archive>(_ feedback: EmitterFeedback<[Double]>, archive: A) where A.Genome == [Double] {
        tells += 1
        toldRows.append(feedback.rows)
        toldMembers.append(feedback.context.member)
        if restartEvery > 0, tells % restartEvery == 0 { restartCount += 1 }
    }

    static var stateIdentifier: String { "tessera.tests.counting-emitter" }

    struct Counters: Codable, Hashable { var tells: Int, restartCount: Int }

    func saveState() throws -> ComponentState {
        var state = Self.emptyState()
        try state.set("counters", json: Counters(tells: tells, restartCount: restartCount))
        state.set("centre", .doubles(centre))
        return state
    }

    mutating func restoreState(from state: ComponentState) throws {
        let counters = try state.decode(Counters.self, key: "counters")
        guard counters.tells >= 0, counters.restartCount >= 0 else { throw RestoreError(message: "CountingEmitter: negative counters") }
        centre = try state.doubles("centre", count: centre.count)
        tells = counters.tells
        restartCount = counters.restartCount
    }
}

extension Double {
    /// A standard normal draw (Box–Muller), for the test member.
    static func countingTestNormal(using rng: inout some RandomNumberGenerator) -> Double {
        let u = Double.random(in: Double.ulpOfOne ..< 1, using: &rng), v = Double.random(in: 0 ..< 1, using: &rng)
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }
}

/// pyribs' BanditScheduler as a composite emitter: the first active set, the UCB1 choice
/// (with pyribs' tie order and its ln(successes) quirk), both reselection rules, disjoint
/// member streams, row splits, end-to-end determinism and checked state.
@Suite struct BanditEmitterTests {
    typealias Bandit = BanditEmitter<CountingEmitter>

    func pool(_ count: Int, batchSize: Int = 4, restartEvery: Int = 0) -> [CountingEmitter] {
        (0..<count).map { _ in CountingEmitter(batchSize: batchSize, centre: [0, 0, 0, 0], restartEvery: restartEvery) }
    }

    func archive() throws -> GridArchive<[Double]> {
        try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4,
                                  qdScoreOffset: -150)
    }

    /// Sets the bandit's counts and active set, then chooses the next active set.
    func choose(_ bandit: inout Bandit, active: [Int], successes: [Double], selections: [Double]) -> [Int] {
        bandit.active = bandit.pool.indices.map { active.contains($0) }
        bandit.successes = successes
        bandit.selections = selections
        bandit.chooseActive()
        return bandit.activeMembers
    }

    @Test func theFirstActiveSetIsTheFirstMembers() throws {
        for reselection in Bandit.Reselection.allCases {
            let bandit = try Bandit(pool: pool(5, batchSize: 3), activeCount: 2, reselect: reselection)
            #expect(bandit.activeMembers == [0, 1], "\(reselection)")
            #expect(bandit.batchSize == 6 && bandit.memberBatchSize == 3)
            #expect(bandit.successes == [0, 0, 0, 0, 0] && bandit.selections == [0, 0, 0, 0, 0])
            #expect(bandit.zeta == 0.05)
            #expect(bandit.genomeLayout == 4)
        }
        // A member that does not restart is up for reselection at once, but the first
        // choice takes the first members in order regardless (pyribs clears their flag).
        var members = pool(3)
        members[0].tracksRestarts = false
        let bandit = try Bandit(pool: members, activeCount: 2)
        #expect(bandit.activeMembers == [0, 1])
        #expect(bandit.restartsSeen == [-1, 0, 0])
    }

    @Test func badParametersAreRefused() {
        #expect(throws: ParameterError.self) { try Bandit(pool: [], activeCount: 1) }
        #expect(throws: ParameterError.self) { try Bandit(pool: pool(3), activeCount: 0) }
        #expect(throws: ParameterError.self) { try Bandit(pool: pool(3), activeCount: 4) }
        #expect(throws: ParameterError.self) { try Bandit(pool: pool(3), activeCount: 1, zeta: -0.1) }
        #expect(throws: ParameterError.self) { try Bandit(pool: pool(3), activeCount: 1, zeta: .nan) }
        #expect(throws: ParameterError.self) { try Bandit(pool: pool(3), activeCount: 1, zeta: .infinity) }
        var mixedBatches = pool(3)
        mixedBatches[2].batchSize = 5
        #expect(throws: ParameterError(type: "BanditEmitter", parameter: "pool[2]",
                                       problem: "has batch size 5, pool[0] has 4: all members must have the same")) {
            try Bandit(pool: mixedBatches, activeCount: 1)
        }
        var mixedLayouts = pool(3)
        mixedLayouts[1].centre = [0, 0]
        #expect(throws: ParameterError.self) { try Bandit(pool: mixedLayouts, activeCount: 1) }
        var empty = pool(2)
        empty[0].batchSize = 0
        empty[1].batchSize = 0
        #expect(throws: ParameterError.self) { try Bandit(pool: empty, activeCount: 1) }
    }

    /// successes [1, 0, 1, 0, 1, 0], selections [4, 4, 4, 0, 4, 4], ζ = 0.05: the total is
    /// 3 successes, so members 0, 2, 4 score ¼ + 0.05·√(ln 3 / 4) ≈ 0.2762, members 1, 5
    /// score 0.05·√(ln 3 / 4) ≈ 0.0262, and member 3 (never selected) +∞. Ascending stable
    /// order 1, 5, 0, 2, 4, 3, reversed: 3, 4, 2, 0, 5, 1 (the later of equal members
    /// first). With "all" and three active, 3, 4 and 2 win — pyribs 0.12 chooses [2, 3, 4].
    @Test func ucb1ChoicesMatchAHandComputation() throws {
        let successes: [Double] = [1, 0, 1, 0, 1, 0], selections: [Double] = [4, 4, 4, 0, 4, 4]
        let scores = Bandit.scores(successes: successes, selections: selections, zeta: 0.05)
        let bonus = 0.05 * (log(3.0) / 4).squareRoot()
        #expect(scores == [0.25 + bonus, bonus, 0.25 + bonus, .infinity, 0.25 + bonus, bonus])
        #expect(Bandit.ranking(scores) == [3, 4, 2, 0, 5, 1])
        var bandit = try Bandit(pool: pool(6), activeCount: 3, reselect: .all)
        #expect(choose(&bandit, active: [0, 1, 2], successes: successes, selections: selections) == [2, 3, 4])

        // One success in all: ln 1 = 0, so the scores are the plain success rates.
        #expect(Bandit.scores(successes: [1, 0], selections: [4, 2], zeta: 10) == [0.25, 0])
        // ζ weighs the uncertainty: a member tried less overtakes a better-tried one.
        let close = Bandit.scores(successes: [6, 2], selections: [20, 8], zeta: 0.05)
        let far = Bandit.scores(successes: [6, 2], selections: [20, 8], zeta: 1)
        #expect(close[0] > close[1] && far[0] < far[1])
        #expect(Bandit.ranking([0.1, 0.5, 0.3]) == [1, 2, 0])
    }

    /// pyribs takes ln of the total *successes*: before anything succeeded it is ln 0 = −∞
    /// and every member already selected scores NaN (even with ζ = 0), which numpy's sort
    /// leaves in place. pyribs 0.12 then activates members 3, 4 from [NaN, NaN, ∞, ∞, ∞]
    /// (ranking 4, 3, 2, 1, 0), and keeps members 2, 3 — selected and failing — ahead of the
    /// never-selected 0, 1 from [∞, ∞, NaN, NaN] (ranking 3, 2, 1, 0).
    @Test func nothingSucceededYetFollowsNumpy() throws {
        let scores = Bandit.scores(successes: [0, 0, 0, 0, 0], selections: [2, 2, 0, 0, 0], zeta: 0.05)
        #expect(scores[0].isNaN && scores[1].isNaN && scores[2...] == [.infinity, .infinity, .infinity])
        #expect(Bandit.ranking(scores) == [4, 3, 2, 1, 0])
        var bandit = try Bandit(pool: pool(5), activeCount: 2, reselect: .all)
        #expect(choose(&bandit, active: [0, 1], successes: [0, 0, 0, 0, 0], selections: [2, 2, 0, 0, 0]) == [3, 4])

        let nanLast = Bandit.scores(successes: [0, 0, 0, 0], selections: [0, 0, 2, 2], zeta: 0)
        #expect(nanLast[2].isNaN && nanLast[3].isNaN)
        #expect(Bandit.ranking(nanLast) == [3, 2, 1, 0])
        var zeroZeta = try Bandit(pool: pool(4), activeCount: 2, zeta: 0, reselect: .all)
        #expect(choose(&zeroZeta, active: [2, 3], successes: [0, 0, 0, 0], selections: [0, 0, 2, 2]) == [2, 3])
    }

    /// selections all 10, successes [1, 2, 8, 5]: ranking 2, 3, 1, 0. With "terminated"
    /// only a restarted member goes back (1 → 2); with "all" both active members do; a
    /// member that does not restart always does. All as pyribs 0.12 chooses.
    @Test func terminatedReselectsOnlyRestartedMembersAndAllReselectsEvery() throws {
        let successes: [Double] = [1, 2, 8, 5], selections: [Double] = [10, 10, 10, 10]
        var terminated = try Bandit(pool: pool(4), activeCount: 2)
        #expect(choose(&terminated, active: [0, 1], successes: successes, selections: selections) == [0, 1])
        terminated.pool[1].restartCount = 1
        #expect(choose(&terminated, active: [0, 1], successes: successes, selections: selections) == [0, 2])
        #expect(terminated.restartsSeen == [0, 1, 0, 0])
        // The restart was seen: nothing changes until the next one.
        #expect(choose(&terminated, active: [0, 2], successes: successes, selections: selections) == [0, 2])

        var all = try Bandit(pool: pool(4), activeCount: 2, reselect: .all)
        #expect(choose(&all, active: [0, 1], successes: successes, selections: selections) == [2, 3])

        var members = pool(4)
        members[0].tracksRestarts = false
        var notRestarting = try Bandit(pool: members, activeCount: 2)
        #expect(choose(&notRestarting, active: [0, 1], successes: successes, selections: selections) == [1, 2])
        #expect(notRestarting.restartsSeen == [-1, 0, 0, 0])
    }

    /// Through `tell`: each active member hears its slot of the batch (offset by where the
    /// bandit's rows start) on its own streams, and the counts follow the statuses.
    @Test func tellCountsEachSlotAndTellsItsMember() throws {
        var bandit = try Bandit(pool: pool(3, batchSize: 2), activeCount: 2, reselect: .all)
        let archive = try archive()
        let offset = 5
        var report = AddReport(count: offset + 4)
        report.statuses = [.new, .new, .new, .new, .new, .new, .notAdded, .improved, .failed]
        let feedback = EmitterFeedback<[Double]>(rows: offset ..< offset + 4, children: BatchColumn(VectorColumn(layout: 4, count: 9)),
                                                 evaluations: EvaluationBatch(count: 9, descriptorDimension: 2), report: report,
                                                 parents: [Int32](repeating: -1, count: 9),
                                                 context: GenerationContext(streams: RandomStreams(seed: 1), iteration: 0, emitter: 1))
        bandit.tell(feedback, archive: archive)
        #expect(bandit.selections == [2, 2, 0])
        #expect(bandit.successes == [1, 1, 0])
        #expect(bandit.pool[0].toldRows == [5 ..< 7] && bandit.pool[1].toldRows == [7 ..< 9] && bandit.pool[2].toldRows == [])
        #expect(bandit.pool[0].toldMembers == [1] && bandit.pool[1].toldMembers == [2])
        // ln 2 over 2 selections each; member 2 was never selected: it and the later of the
        // tied members 0, 1 win.
        #expect(bandit.activeMembers == [1, 2])
    }

    func generate(_ bandit: Bandit, splits: [Range<Int>], seed: UInt64 = 3) throws -> (VectorColumn, [Int32]) {
        let archive = try archive()
        let context = GenerationContext(streams: RandomStreams(seed: seed), iteration: 2, emitter: 1)
        var parts: [VectorColumn] = [], parents: [Int32] = []
        for rows in splits {
            var part = VectorColumn(layout: 4, count: rows.count)
            var partParents = [Int32](repeating: -7, count: rows.count)
            bandit.generate(rows: rows, into: &part, parents: &partParents, archive: archive, context: context)
            parts.append(part)
            parents += partParents
        }
        return (VectorColumn.joined(parts, layout: 4), parents)
    }

    @Test func membersDrawFromTheirOwnDisjointStreams() throws {
        var bandit = try Bandit(pool: pool(4, batchSize: 5), activeCount: 3, reselect: .all)
        bandit.active = [false, true, true, true]
        let (children, parents) = try generate(bandit, splits: [0 ..< 15])
        // Slot s holds member activeMembers[s]'s rows 0..<5 on context.member(index).
        let expected: [Int32] = (1...3).flatMap { (index: Int) -> [Int32] in (0..<5).map { (row: Int) -> Int32 in Int32((index + 1) * 1000 + row) } }
        #expect(parents == expected)
        let genomes = (0..<15).map { children[$0] }
        #expect(Set(genomes).count == 15, "identical members on disjoint streams never repeat a genome")
        // The same member makes the same rows whatever slot it fills.
        bandit.active = [true, false, true, false]
        let (other, _) = try generate(bandit, splits: [0 ..< 10])
        #expect((5..<10).map { other[$0] } == (5..<10).map { children[$0] }, "member 2 in slot 1 both times")
        #expect(Set((0..<5).map { other[$0] }).isDisjoint(with: genomes), "member 0 draws from none of the others' streams")
        // And not from the bandit's own (scheduler-level) streams.
        let plain = CountingEmitter(batchSize: 5, centre: [0, 0, 0, 0])
        var own = VectorColumn(layout: 4, count: 5), ownParents = [Int32](repeating: 0, count: 5)
        plain.generate(rows: 0 ..< 5, into: &own, parents: &ownParents, archive: try archive(),
                       context: GenerationContext(streams: RandomStreams(seed: 3), iteration: 2, emitter: 1))
        #expect(Set((0..<5).map { own[$0] }).isDisjoint(with: genomes))
    }

    @Test func anySplitOfTheRowsGivesTheSameGenomes() throws {
        var bandit = try Bandit(pool: pool(5, batchSize: 4), activeCount: 3, reselect: .all)
        bandit.active = [true, false, true, false, true]
        let whole = try generate(bandit, splits: [0 ..< 12])
        for splits in [[0 ..< 3, 3 ..< 10, 10 ..< 12], [0 ..< 4, 4 ..< 8, 8 ..< 12], [0 ..< 1, 1 ..< 11, 11 ..< 12],
                       (0..<12).map { $0 ..< $0 + 1 }] {
            let split = try generate(bandit, splits: splits)
            #expect(split.0.storage == whole.0.storage, "\(splits)")
            #expect(split.1 == whole.1, "\(splits)")
        }
    }

    func scheduler(seed: UInt64, reselection: Bandit.Reselection = .terminated) throws -> Scheduler<GridArchive<[Double]>> {
        var members = pool(5, batchSize: 4, restartEvery: 3)
        for index in members.indices { members[index].centre = [Double(index) - 2, 1 - Double(index), 0, 0] }
        let bandit = try Bandit(pool: members, activeCount: 2, reselect: reselection)
        let uniform = try UniformEmitter(box: Box(dimension: 4, range: -3...3), batchSize: 3)
        return try Scheduler(archive: archive(), emitters: [uniform, bandit], seed: seed)
    }

    func bandit(_ scheduler: Scheduler<GridArchive<[Double]>>) throws -> Bandit {
        try #require(scheduler.emitters[1] as? Bandit)
    }

    @Test func aSchedulerRunIsDeterministicForASeed() async throws {
        for reselection in Bandit.Reselection.allCases {
            var runs: [(archive: [[Double]], state: ComponentState)] = []
            let runsToCompare: [(seed: UInt64, evaluator: ParallelEvaluator)] = [(7, .serial), (7, try ParallelEvaluator(workers: 3)),
                                                                               (8, .serial)]
            for (seed, evaluator) in runsToCompare {
                var scheduler = try self.scheduler(seed: seed, reselection: reselection)
                var banditAdded = 0
                for _ in 0..<12 {
                    let report = await scheduler.step(domain: QuadraticTestDomain(), evaluator: evaluator)
                    banditAdded += report.statuses[3...].count(where: \.isAdded)
                }
                let emitter = try bandit(scheduler)
                #expect(emitter.selections.reduce(0, +) == 12 * 8, "\(reselection)")
                #expect(emitter.successes.reduce(0, +) == Double(banditAdded), "\(reselection)")
                #expect(emitter.pool.map(\.tells).reduce(0, +) == 12 * 2)
                #expect(emitter.pool.allSatisfy { $0.toldRows.allSatisfy { [3 ..< 7, 7 ..< 11].contains($0) } })
                #expect(emitter.pool.filter { $0.tells > 0 }.count >= 3, "\(reselection): the bandit moved on from the first pair")
                runs.append((scheduler.archive.elites.map(\.genome), try emitter.saveState()))
            }
            #expect(runs[0].archive == runs[1].archive && runs[0].state == runs[1].state, "\(reselection): 1 worker = 3 workers")
            #expect(runs[0].archive != runs[2].archive, "\(reselection): another seed, another run")
        }
    }

    @Test func stateRoundTripsExactlyAndCorruptStateIsRefused() async throws {
        var scheduler = try self.scheduler(seed: 11)
        await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 110, evaluator: .serial)
        let emitter = try bandit(scheduler)
        let state = try emitter.saveState()
        #expect(state.identifier == "tessera.bandit-emitter")
        #expect(state.parts.keys.sorted() == ["bandit"] + (0..<5).flatMap { ["member.\($0).centre", "member.\($0).counters"] })

        var fresh = try bandit(try self.scheduler(seed: 11))
        try fresh.restoreState(from: state)
        #expect(try fresh.saveState() == state)
        #expect(fresh.active == emitter.active && fresh.successes == emitter.successes && fresh.selections == emitter.selections)
        #expect(fresh.restartsSeen == emitter.restartsSeen && fresh.pool.map(\.tells) == emitter.pool.map(\.tells))
        let decoded = try JSONDecoder().decode(Bandit.self, from: JSONEncoder().encode(emitter))
        #expect(try decoded.saveState() == state)

        let untouched = try bandit(try self.scheduler(seed: 11))
        func corrupt(_ edit: (inout Bandit.Saved) -> Void) throws -> ComponentState {
            var saved = try state.decode(Bandit.Saved.self, key: "bandit")
            edit(&saved)
            var broken = state
            try broken.set("bandit", json: saved)
            return broken
        }
        let broken: [(String, ComponentState)] = [
            ("too many active", try corrupt { $0.counts.active = [true, true, true, false, false] }),
            ("negative successes", try corrupt { $0.counts.successes[0] = -1 }),
            ("more successes than selections", try corrupt { $0.counts.successes[1] = $0.counts.selections[1] + 1 }),
            ("NaN selections", try corrupt { $0.counts.selections[2] = .nan }),
            ("short counts", try corrupt { $0.counts.successes.removeLast() }),
            ("another member type", try corrupt { $0.members[3].identifier = "tessera.uniform-emitter" }),
            ("restarts below −1", try corrupt { $0.counts.restartsSeen[4] = -2 }),
            ("fewer members", try corrupt { $0.members.removeLast() }),
        ]
        for (name, bad) in broken {
            var target = untouched
            #expect(throws: RestoreError.self, "\(name)") { try target.restoreState(from: bad) }
            #expect(try target.saveState() == untouched.saveState(), "\(name): a refused state changes nothing")
        }
        var stray = state
        stray.set("member.5.centre", .doubles([0, 0, 0, 0]))
        var target = untouched
        #expect(throws: RestoreError(message: "BanditEmitter: the saved part 'member.5.centre' belongs to no member of a pool of 5")) {
            try target.restoreState(from: stray)
        }
        var memberBroken = state
        memberBroken.set("member.2.centre", .doubles([0, 0]))
        #expect(throws: RestoreError.self) { try target.restoreState(from: memberBroken) }
        #expect(try target.saveState() == untouched.saveState())

        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(emitter)) as! [String: Any]
        json["successes"] = [1, 1, 1, 1, -1]
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Bandit.self, from: JSONSerialization.data(withJSONObject: json)) }
    }
}

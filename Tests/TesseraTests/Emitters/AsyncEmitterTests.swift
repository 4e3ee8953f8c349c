import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

/// A stand-in for an external generator (a language model varying a parent): an actor
/// that takes a while to answer each request and counts them.
actor ProposalDesk {
    private(set) var answered = 0

    /// A child of `parent`: Gaussian noise drawn from `seed`, after a wait of 0–2 ms that
    /// also depends on `seed`, so answers arrive in a scrambled order.
    func propose(parent: [Double], sigma: Double, seed: UInt64) async -> [Double] {
        try? await Task.sleep(for: .milliseconds(Int(seed % 3)))
        answered += 1
        var rng = Xoshiro256(seed: seed)
        return parent.map { $0 + sigma * rng.nextNormal() }
    }
}

/// An emitter whose rows come from awaited calls to a ``ProposalDesk``, all rows of a
/// range in flight at once; each row's parent and seed come from the row's own stream.
struct DeskEmitter: AsyncEmitter {
    typealias Genome = [Double]
    let batchSize: Int
    let sigma: Double
    let desk: ProposalDesk

    init(batchSize: Int, sigma: Double, desk: ProposalDesk = ProposalDesk()) {
        self.batchSize = batchSize
        self.sigma = sigma
        self.desk = desk
    }

    enum CodingKeys: String, CodingKey { case batchSize, sigma }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(batchSize: try c.decode(Int.self, forKey: .batchSize), sigma: try c.decode(Double.self, forKey: .sigma))
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(sigma, forKey: .sigma)
    }

    var genomeLayout: Int? { 4 }

    func generate<A: Archive>(rows: Range<Int>, into children: inout VectorColumn, parents: inout [Int32],
                              archive: A, context: GenerationContext) async where A.Genome == [Double] {
        let made = await withTaskGroup(of: (Int, [Double], Int32).self) { group in
            for (position, row) in rows.enumerated() {
                var rng = context.stream(row: row)
                let cell = archive.isEmpty ? -1 : archive.randomEliteCell(using: &rng)
                let parent = cell < 0 ? [0.0, 0, 0, 0] : archive.elite(at: cell)!.genome
                let seed = rng.next()
                group.addTask {
                    (position, await desk.propose(parent: parent, sigma: sigma, seed: seed), Int32(cell))
                }
            }
            var made: [(Int, [Double], Int32)] = []
            for await answer in group { made.append(answer) }
            return made
        }
        for (position, child, cell) in made {
            children[position] = child
            parents[position] = cell
        }
    }
}

@Suite(.timeLimit(.minutes(2))) struct AsyncEmitterTests {
    func makeScheduler(seed: UInt64, desk: ProposalDesk, withVectorEmitter: Bool = false) throws -> Scheduler<GridArchive<[Double]>> {
        let archive = try GridArchive<[Double]>(shape: [8, 8], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4)
        var emitters: [any Emitter<[Double]>] = [DeskEmitter(batchSize: 48, sigma: 0.4, desk: desk)]
        if withVectorEmitter {
            emitters.append(try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(GaussianMutation(sigma: 0.3)),
                                              initialGenome: [0, 0, 0, 0], batchSize: 24))
        }
        return try Scheduler(archive: archive, emitters: emitters, seed: seed)
    }

    func snapshot(_ scheduler: Scheduler<GridArchive<[Double]>>) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(scheduler.archive)
    }

    func run(seed: UInt64, evaluator: some Evaluator, withVectorEmitter: Bool = false) async throws -> (Data, Int) {
        let desk = ProposalDesk()
        var scheduler = try makeScheduler(seed: seed, desk: desk, withVectorEmitter: withVectorEmitter)
        await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 480, evaluator: evaluator)
        #expect(scheduler.evaluations >= 480 && scheduler.failures.count == 0)
        return (try snapshot(scheduler), await desk.answered)
    }

    @Test(arguments: [UInt64(3), 21])
    func rowsFromAnAwaitedCallAreReproducibleForASeed(seed: UInt64) async throws {
        try await withTaskExecutorPreference(DedicatedExecutor()) {
            let (first, answered) = try await run(seed: seed, evaluator: try ConcurrentEvaluator(maximumInFlight: 64))
            let (second, _) = try await run(seed: seed, evaluator: try ConcurrentEvaluator(maximumInFlight: 64))
            #expect(answered == 480, "every row came from the desk")
            #expect(first == second, "seed \(seed): two runs, one archive")
            let (serial, _) = try await run(seed: seed, evaluator: try ConcurrentEvaluator(maximumInFlight: 1))
            #expect(first == serial, "seed \(seed): one call in flight")
            let (pool, _) = try await run(seed: seed, evaluator: try ParallelEvaluator(workers: 2))
            #expect(first == pool, "seed \(seed): the CPU pool awaits the emitter, then evaluates")
            let (other, _) = try await run(seed: seed + 1, evaluator: try ConcurrentEvaluator(maximumInFlight: 64))
            #expect(first != other, "another seed, another archive")
        }
    }

    @Test func awaitingAndSynchronousEmittersShareARun() async throws {
        let (concurrent, answered) = try await run(seed: 5, evaluator: try ConcurrentEvaluator(maximumInFlight: 16), withVectorEmitter: true)
        let (pool, _) = try await run(seed: 5, evaluator: try ParallelEvaluator(workers: 2), withVectorEmitter: true)
        #expect(answered == 48 * 7, "480 evaluations in iterations of 72 rows, 48 of them from the desk")
        #expect(concurrent == pool)
    }

    @Test func askAwaitsTheEmitter() async throws {
        var scheduler = try makeScheduler(seed: 9, desk: ProposalDesk())
        var stepped = try makeScheduler(seed: 9, desk: ProposalDesk())
        #expect(!scheduler.offspring.isSynchronous, "the desk emitter is awaited")
        #expect(DeskEmitter(batchSize: 1, sigma: 1).generatesAsynchronously)
        for _ in 0..<3 {
            let ticket = await scheduler.ask()
            scheduler.tell(ticket, await ParallelEvaluator.serial.evaluate(ticket.children.joined(), on: QuadraticTestDomain()))
            await stepped.step(domain: QuadraticTestDomain(), evaluator: .serial)
        }
        #expect(try snapshot(scheduler) == snapshot(stepped))
    }

    @Test func aThreadOutsideSwiftConcurrencyCanWaitForTheRows() async throws {
        let archive = try GridArchive<[Double]>(shape: [8, 8], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4)
        let emitter = DeskEmitter(batchSize: 16, sigma: 0.4)
        let context = GenerationContext(streams: RandomStreams(seed: 4), iteration: 0, emitter: 0)
        var awaited = VectorColumn(layout: 4, count: 16)
        var awaitedParents = [Int32](repeating: 0, count: 16)
        await emitter.generate(rows: 0..<16, into: &awaited, parents: &awaitedParents, archive: archive, context: context)
        let blocked: VectorColumn = await withCheckedContinuation { done in
            Thread {
                var children = VectorColumn(layout: 4, count: 16)
                var parents = [Int32](repeating: 0, count: 16)
                emitter.generate(rows: 0..<16, into: &children, parents: &parents, archive: archive, context: context)
                done.resume(returning: children)
            }.start()
        }
        #expect(blocked.storage == awaited.storage)
        #expect(awaitedParents.allSatisfy { $0 == -1 }, "an empty archive gives no parent")
    }
}

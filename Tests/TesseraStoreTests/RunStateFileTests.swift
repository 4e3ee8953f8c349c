import Foundation
import Testing
import TesseraTestSupport
@testable import TesseraStore
@testable import Tessera

/// Run state in the file: binary parts in `state_parts`, written only when they change,
/// rows appended, every value checked on reading, configuration kept once.
@Suite struct RunStateFileTests {
    func makeScheduler() throws -> Scheduler<GridArchive<[Double]>> {
        let archive = try GridArchive<[Double]>(shape: [12, 12], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4)
        let model = try GaussianModelEmitter(initialMean: [0, 0, 0, 0], sigma: 0.3, batchSize: 20,
                                             bounds: GenomeBounds(Box(dimension: 4, range: -5...5)))
        return try Scheduler(archive: archive, emitters: [model, TrailEmitter()], seed: 11)
    }

    /// An emitter with an append-only state: the descriptors of its children that entered.
    struct TrailEmitter: Emitter {
        typealias Genome = [Double]
        var batchSize: Int { 6 }
        var genomeLayout: Int? { 4 }
        var trail: [Double] = []

        static var stateIdentifier: String { "tests.trail-emitter" }

        func saveState() throws -> ComponentState {
            var state = Self.emptyState()
            state.set("trail", .rows(width: 2, values: trail))
            return state
        }

        mutating func restoreState(from state: ComponentState) throws {
            trail = try state.rows("trail", width: 2)
        }

        func generate<A: Archive>(rows: Range<Int>, into children: inout VectorColumn, parents: inout [Int32],
                                  archive: A, context: GenerationContext) where A.Genome == [Double] {
            for (position, row) in rows.enumerated() {
                var rng = context.stream(row: row)
                parents[position] = -1
                for j in 0..<4 { children.storage[position * 4 + j] = Double.random(in: -3...3, using: &rng) }
            }
        }

        mutating func tell<A: Archive>(_ feedback: EmitterFeedback<[Double]>, archive: A) where A.Genome == [Double] {
            for row in feedback.rows where feedback.report.statuses[row].isAdded {
                trail += feedback.evaluations.descriptors[(2 * row)..<(2 * row + 2)]
            }
        }
    }

    @Test func aResumedRunEqualsAnUninterruptedOneBitForBit() async throws {
        var full = try makeScheduler()
        await full.run(domain: QuadraticTestDomain(), totalEvaluations: 2_600, evaluator: .serial)

        let url = temporaryFolder().appendingPathComponent("model.sqlite")
        var iterations = 0
        let first = try CheckpointedRun.create(try makeScheduler(), at: url)
        let completed = try await first.run(domain: QuadraticTestDomain(), totalEvaluations: 2_600, evaluator: .serial,
                                            policy: .everyEvaluations(260), shouldStop: { iterations >= 37 },
                                            progress: { _, _ in iterations += 1 })
        #expect(!completed)
        try first.finish()
        let chunks = try first.file.database.scalarInt("SELECT count(*) FROM state_parts WHERE key = 'trail'") ?? 0
        #expect(chunks > 1, "the trail was appended in \(chunks) chunks")

        let second = try CheckpointedRun.resume(try makeScheduler(), from: url)
        #expect(second.scheduler.evaluations == 37 * 26)
        #expect(try second.scheduler.state() == first.scheduler.state(), "the state read back is the state written")
        #expect(try await second.run(domain: QuadraticTestDomain(), totalEvaluations: 2_600, evaluator: .serial, policy: .endOnly))
        try second.finish()
        #expect(second.scheduler.archive.elites == full.archive.elites)
        #expect(try second.scheduler.state() == full.state())
        let model = try #require(second.scheduler.emitters[0] as? GaussianModelEmitter)
        #expect(model.updates > 0)
    }

    @Test func unchangedPartsAreSkippedAndRowsAppended() async throws {
        let url = temporaryFolder().appendingPathComponent("skips.sqlite")
        var scheduler = try makeScheduler()
        let file = try ArchiveFile.create(for: scheduler, at: url)
        await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 260, evaluator: .serial)
        try file.writeCheckpoint(scheduler)
        #expect(file.lastCheckpoint?.partsWritten == 5, "4 model parts and the trail: the first checkpoint writes all")
        let model = try #require(scheduler.emitters[0] as? GaussianModelEmitter)
        let trail = try #require(scheduler.emitters[1] as? TrailEmitter)

        try file.writeCheckpoint(scheduler)
        #expect(file.lastCheckpoint == {
            var unchanged = CheckpointStatistics()
            unchanged.partsSkipped = 5
            unchanged.stateBytes = file.lastCheckpoint?.stateBytes ?? -1
            return unchanged
        }(), "nothing changed: no part is rewritten")
        #expect((file.lastCheckpoint?.stateBytes ?? .max) < 1_000, "only the small scheduler row")

        await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 520, evaluator: .serial)
        try file.writeCheckpoint(scheduler)
        let grown = try #require(scheduler.emitters[1] as? TrailEmitter)
        let statistics = try #require(file.lastCheckpoint)
        #expect(statistics.partsAppended == 1 && statistics.rowsAppended == (grown.trail.count - trail.trail.count) / 2)
        #expect(try file.database.scalarInt("SELECT count(*) FROM state_parts WHERE key = 'trail'") == 2)
        #expect(try file.database.scalarInt("SELECT count(*) FROM state_parts WHERE key = 'covariance'") == 1)
        #expect((try #require(scheduler.emitters[0] as? GaussianModelEmitter)).covariance != model.covariance)
        #expect(try file.schedulerState() == scheduler.state())

        // Rows that shrank (or changed) are rewritten whole, as one chunk.
        var shrunk = grown
        shrunk.trail.removeLast(2)
        var edited = scheduler
        edited.emitters[1] = shrunk
        try file.writeCheckpoint(edited)
        #expect(try file.database.scalarInt("SELECT count(*) FROM state_parts WHERE key = 'trail'") == 1)
        #expect(try file.schedulerState() == edited.state())

        // A new session rewrites every part, whatever the file holds.
        let reopened = try ArchiveFile.open(url, mode: .readWrite)
        try reopened.writeCheckpoint(edited)
        #expect(reopened.lastCheckpoint?.partsWritten == 5)
        #expect(try reopened.schedulerState() == edited.state())
    }

    @Test func damagedPartsAreReportedInOneLine() async throws {
        let edits = [("UPDATE state_parts SET data = zeroblob(7) WHERE key = 'mean'", "holds 7 bytes, the state lists 32"),
                     ("UPDATE state_parts SET kind = 'floats' WHERE key = 'mean'", "has kind floats and width none, the state lists doubles"),
                     ("UPDATE state_parts SET chunk = 3 WHERE key = 'cholesky'", "has chunk 3 where chunk 0 belongs"),
                     ("UPDATE state_parts SET data = 'text' WHERE key = 'mean'", "is not a BLOB"),
                     ("DELETE FROM state_parts WHERE key = 'covariance'", "holds 0 bytes, the state lists 128"),
                     ("INSERT INTO state_parts VALUES (7, 'x', 0, 'doubles', NULL, zeroblob(8))", "is not in the saved scheduler state")]
        for (sql, message) in edits {
            let url = temporaryFolder().appendingPathComponent("damaged.sqlite")
            var scheduler = try makeScheduler()
            let file = try ArchiveFile.create(for: scheduler, at: url)
            await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 260, evaluator: .serial)
            try file.writeCheckpoint(scheduler)
            try file.finish()
            try file.database.execute(sql)
            do {
                _ = try file.schedulerState()
                Issue.record("\(sql): read")
            } catch let error as StoreError {
                guard case .corrupt = error else { Issue.record("\(sql): \(error)"); continue }
                #expect(error.description.contains(message) && !error.description.contains("\n"), "\(error)")
            }
            var fresh = try makeScheduler()
            #expect(throws: StoreError.self, "\(sql)") { try ArchiveFile.open(url, mode: .readOnly).restore(into: &fresh) }
        }
    }

    @Test func configurationIsKeptOnceAndChecked() async throws {
        let url = temporaryFolder().appendingPathComponent("configured.sqlite")
        var scheduler = try makeScheduler()
        let file = try ArchiveFile.create(for: scheduler, at: url)
        let configurations = try #require(try file.emitterConfigurations())
        #expect(configurations.map(\.identifier) == ["tessera.gaussian-model-emitter", "tests.trail-emitter"])
        #expect(configurations[0].typeName == "GaussianModelEmitter")
        let saved = try JSONDecoder().decode(GaussianModelEmitter.self, from: configurations[0].json)
        #expect(saved.sigma == 0.3 && saved.batchSize == 20)
        await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 260, evaluator: .serial)
        try file.writeCheckpoint(scheduler)
        #expect(try file.emitterConfigurations() == configurations, "never rewritten at checkpoints")

        let archive = scheduler.archive
        let other = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(try GaussianMutation(sigma: 0.1)),
                                      initialGenome: [0, 0, 0, 0], batchSize: 20)
        var mismatched = try Scheduler(archive: archive, emitters: [other, TrailEmitter()], seed: 11)
        #expect {
            try ArchiveFile.open(url, mode: .readOnly).restore(into: &mismatched)
        } throws: { error in
            "\(error)".contains(#"the file was created with emitters ["tessera.gaussian-model-emitter", "tests.trail-emitter"], "#
                                + #"this scheduler has ["tessera.vector-emitter", "tests.trail-emitter"]"#)
        }
    }

    /// An emitter of a program's own that says nothing of its state: saved whole under
    /// its Swift type name, as before components.
    struct CountingEmitter: Emitter {
        typealias Genome = [Double]
        let batchSize: Int
        var told = 0

        func generate<A: Archive>(rows: Range<Int>, into children: inout VectorColumn, parents: inout [Int32],
                                  archive: A, context: GenerationContext) where A.Genome == [Double] {
            for (position, row) in rows.enumerated() {
                var rng = context.stream(row: row)
                parents[position] = -1
                for j in 0..<4 { children.storage[position * 4 + j] = Double.random(in: -1...1, using: &rng) }
            }
        }

        mutating func tell<A: Archive>(_ feedback: EmitterFeedback<[Double]>, archive: A) where A.Genome == [Double] {
            told += 1
        }
    }

    @Test func anEmitterOfOurOwnKeepsTheDefaultState() async throws {
        let url = temporaryFolder().appendingPathComponent("own.sqlite")
        let archive = try GridArchive<[Double]>(shape: [8, 8], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 4)
        var scheduler = try Scheduler(archive: archive, emitters: [CountingEmitter(batchSize: 5)], seed: 4)
        let file = try ArchiveFile.create(for: scheduler, at: url)
        await scheduler.run(domain: QuadraticTestDomain(), totalEvaluations: 50, evaluator: .serial)
        try file.writeCheckpoint(scheduler)
        let state = try #require(try file.schedulerState())
        #expect(state.components.map(\.identifier) == [String(describing: CountingEmitter.self)])
        #expect(state.components[0].parts.keys.sorted() == ["emitter"])
        var restored = try Scheduler(archive: archive, emitters: [CountingEmitter(batchSize: 5)], seed: 4)
        try ArchiveFile.open(url, mode: .readOnly).restore(into: &restored)
        #expect((restored.emitters[0] as? CountingEmitter)?.told == 10)
        #expect(try restored.state() == scheduler.state())
    }
}

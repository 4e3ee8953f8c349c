import Foundation
import Testing
import Tessera
import TesseraTestSupport
@testable import TesseraStore

/// The checkpoint loop driving a scheduler of the user's own (text genomes, a user
/// mutation): checkpoints by policy, a clean stop, a resume that equals an uninterrupted run.
@Suite struct CheckpointedRunTests {
    let tests = LibraryAPITests()

    @Test func aUserSchedulerStopsCheckpointsAndResumesExactly() async throws {
        let folder = temporaryFolder()
        let evaluator = try ParallelEvaluator(workers: 2)
        var full = try tests.makeScheduler()
        await full.run(domain: LibraryAPITests.Letters(), totalEvaluations: 1_600, evaluator: evaluator)

        let url = folder.appendingPathComponent("letters.sqlite")
        let first = try CheckpointedRun.create(try tests.makeScheduler(), at: url, configuration: [("domain", "letters")],
                                               settings: RunSettings(evaluations: 1_600))
        var iterations = 0
        var seen: [Int] = []
        let completed = try await first.run(domain: LibraryAPITests.Letters(), totalEvaluations: 1_600, evaluator: evaluator,
                                            policy: .everyEvaluations(160), shouldStop: { iterations >= 25 },
                                            progress: { status, _ in iterations += 1; seen.append(status.evaluations) })
        #expect(!completed, "stopped before the budget")
        #expect(first.scheduler.evaluations == 400, "stopped at the iteration boundary after the request")
        #expect(seen == Array(stride(from: 16, through: 400, by: 16)))
        try first.finish()
        #expect(try first.file.history().count == 25, "every iteration's figures were written")
        #expect(try ArchiveFile.open(url, mode: .readOnly).settings()?.evaluations == 1_600)
        let checkpoints = try first.file.database.scalarInt("SELECT count(*) FROM checkpoints")
        #expect(checkpoints == 3, "at 160, 320 and at the stop")

        let second = try CheckpointedRun.resume(try tests.makeScheduler(), from: url)
        #expect(second.scheduler.evaluations == 400)
        #expect(try await second.run(domain: LibraryAPITests.Letters(), totalEvaluations: 1_600, evaluator: evaluator, policy: .endOnly))
        try second.finish()
        #expect(second.scheduler.archive.elites.map(\.genome) == full.archive.elites.map(\.genome))
        #expect(try second.scheduler.state() == full.state())
        #expect(try second.file.history().map(\.evaluations) == Array(stride(from: 16, through: 1_600, by: 16)))
    }
}

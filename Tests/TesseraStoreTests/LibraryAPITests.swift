import Foundation
import Testing
import Tessera
import TesseraTestSupport
import TesseraTasks
@testable import TesseraStore

/// Saving and resuming a scheduler of the user's own, with text genomes stored as JSON.
@Suite struct LibraryAPITests {
    struct Flip: Mutation {
        func mutate(_ genome: String, using rng: inout Xoshiro256) -> String {
            var letters = Array(genome)
            if letters.count < 12 && rng.nextIndex(below: 2) == 0 {
                letters.append(rng.nextIndex(below: 2) == 0 ? "x" : "y")
            } else {
                let i = rng.nextIndex(below: letters.count)
                letters[i] = letters[i] == "x" ? "y" : "x"
            }
            return String(letters)
        }
    }

    struct Letters: PerGenomeDomain {
        typealias Genome = String
        let descriptorSpace = Box(lower: [0, 0], upper: [12, 12])
        func evaluate(_ genome: String) throws -> Evaluation {
            let xs = genome.filter { $0 == "x" }.count
            return Evaluation(objective: Double(genome.count - xs) / Double(genome.count + 1),
                              descriptor: [Double(genome.count), Double(xs)],
                              metadata: ["length": .number(Double(genome.count)), "first": .text(String(genome.prefix(1)))])
        }
    }

    func makeScheduler() throws -> Scheduler<GridArchive<String>> {
        let archive = try GridArchive<String>(shape: [12, 12], descriptorSpace: Letters().descriptorSpace, genomeLayout: .init())
        let emitter = try MutationEmitter(selection: CuriositySelection(), mutation: Flip(), initialGenomes: ["x"], batchSize: 16)
        return try Scheduler(archive: archive, emitters: [emitter], seed: 3)
    }

    @Test func aUserSchedulerSavesAndResumesExactly() async throws {
        let url = temporaryFolder().appendingPathComponent("letters.sqlite")
        let evaluator = try ParallelEvaluator(workers: 2)
        var full = try makeScheduler()
        await full.run(domain: Letters(), totalEvaluations: 1_600, evaluator: evaluator)

        var first = try makeScheduler()
        let file = try ArchiveFile.create(for: first, at: url, configuration: [("domain", "letters")])
        await first.run(domain: Letters(), totalEvaluations: 640, evaluator: evaluator)
        try file.writeCheckpoint(first)
        try file.finish()

        var second = try makeScheduler()
        #expect(try ArchiveFile.open(url, mode: .readWrite).restore(into: &second))
        #expect(second.evaluations == 640)
        await second.run(domain: Letters(), totalEvaluations: 1_600, evaluator: evaluator)
        #expect(second.archive.elites.map(\.genome) == full.archive.elites.map(\.genome))
        #expect(second.archive.elites.map(\.metadata) == full.archive.elites.map(\.metadata))
        #expect(try second.state() == full.state(), "curiosity scores and counters agree")

        let reopened = try ArchiveFile.open(url, mode: .readOnly)
        #expect(reopened.header.genomeKind == .json)
        let jsonl = try ArchiveExport.export(reopened, format: .jsonl)
        #expect(jsonl.contains("\"genome\":\"x"))
        #expect(jsonl.contains("\"metadata_first\":\"x\""))
        let csv = try ArchiveExport.export(reopened, format: .csv)
        #expect(csv.hasPrefix("index,objective,descriptor_0,descriptor_1,genome,metadata_first,metadata_length\n"))
    }

    @Test func restoringIntoADifferentSchedulerIsRefused() async throws {
        let url = temporaryFolder().appendingPathComponent("letters.sqlite")
        var first = try makeScheduler()
        let file = try ArchiveFile.create(for: first, at: url)
        try await first.run(domain: Letters(), totalEvaluations: 100, evaluator: ParallelEvaluator(workers: 1))
        try file.writeCheckpoint(first)
        let archive = try GridArchive<String>(shape: [6, 6], descriptorSpace: Letters().descriptorSpace, genomeLayout: .init())
        var other = try Scheduler(archive: archive, emitters: [MutationEmitter(selection: UniformSelection(), mutation: Flip(),
                                                                            initialGenomes: ["y"], batchSize: 16)], seed: 3)
        #expect(throws: StoreError.self) { try ArchiveFile.open(url, mode: .readOnly).restore(into: &other) }
    }
}

@Suite struct LibraryFileResumeTests {
    @Test func theCLIsResumeRefusesAFileOfAUserScheduler() async throws {
        let url = temporaryFolder().appendingPathComponent("mine.sqlite")
        let tests = LibraryAPITests()
        var scheduler = try tests.makeScheduler()
        let file = try ArchiveFile.create(for: scheduler, at: url)
        try await scheduler.run(domain: LibraryAPITests.Letters(), totalEvaluations: 64, evaluator: ParallelEvaluator(workers: 1))
        try file.writeCheckpoint(scheduler)
        try file.finish()
        #expect {
            _ = try SavedRun.resume(url)
        } throws: { error in
            "\(error)".contains("not a run of a built-in task")
        }
    }
}

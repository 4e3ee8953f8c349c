import Foundation
import Testing
import Tessera
import TesseraStore
@testable import TesseraTasks

/// EvoSearch runs tied to their files: every output filed by cell, a checkpoint after every
/// batch, and a run stopped after any batch and resumed equal to the uninterrupted one.
@Suite struct DiffusionRunTests {
    typealias Run = DiffusionRun<GaussianMixtureDiffusion, MixtureRewardScorer>
    static let model = try! GaussianMixtureDiffusion(dimension: 8)
    static let scorer = MixtureRewardScorer(model: model, reward: .multiPeak)

    static func configuration(_ algorithm: EvoSearchAlgorithm, batch: Int = 5) throws -> DiffusionRunConfiguration {
        try DiffusionRunConfiguration(task: DiffusionRunConfiguration.mixtureTask, dimension: 8, reward: MixtureReward.multiPeak.rawValue,
                                      algorithm: algorithm, seed: 11,
                                      schedule: try EvoSearchSchedule(evolutionSteps: [0, 25, 40], populations: [12, 9, 8, 7], eliteCount: 2),
                                      sampleCount: algorithm == .bestOfN ? 20 : nil, batchSize: batch)
    }

    static func file(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("tessera-diffusion-\(name)-\(UUID().uuidString).sqlite")
    }

    static func start(_ configuration: DiffusionRunConfiguration, at url: URL) throws -> Run {
        let search = try Run.search(configuration, generator: model, reward: scorer)
        return try Run.start(configuration, search: search, settings: RunSettings(evaluations: search.plannedNFE), at: url, overwrite: false)
    }

    /// The file's elites, in cell order, as comparable values.
    static func elites(_ url: URL) throws -> [String] {
        try ArchiveFile.open(url, mode: .readOnly).vectorElites().sorted { $0.cell < $1.cell }
            .map { "\($0.cell) \($0.objective) \($0.evaluation) \($0.descriptor) \($0.genome)" }
    }

    @Test(arguments: EvoSearchAlgorithm.allCases)
    func aResumedRunEqualsTheUninterruptedOne(_ algorithm: EvoSearchAlgorithm) async throws {
        let configuration = try Self.configuration(algorithm)
        let whole = Self.file("whole"), parted = Self.file("parted")
        defer { for url in [whole, parted] { try? FileManager.default.removeItem(at: url) } }
        let uninterrupted = try Self.start(configuration, at: whole)
        #expect(try await uninterrupted.run())
        let planned = uninterrupted.search.plannedNFE
        #expect(uninterrupted.state.nfe == planned && uninterrupted.batches > 3)
        try uninterrupted.finish()
        // Stopped after 1, then 2 more batches, then resumed to the end.
        var first: Run? = try Self.start(configuration, at: parted)
        var calls = 0
        #expect(try await first!.run(shouldStop: { calls += 1; return calls > 1 }) == false)
        try first!.finish()
        first = nil
        for budget in [2, Int.max] {
            let search = try Run.search(configuration, generator: Self.model, reward: Self.scorer)
            let resumed = try Run.resume(parted, configuration: configuration, search: search)
            var batches = 0
            let done = try await resumed.run(shouldStop: { batches += 1; return batches > budget })
            #expect(done == (budget == .max))
            try resumed.finish()
        }
        #expect(try Self.elites(parted) == Self.elites(whole))
        let a = try ArchiveFile.open(whole, mode: .readOnly), b = try ArchiveFile.open(parted, mode: .readOnly)
        #expect(try a.schedulerState()?.components == b.schedulerState()?.components)
        #expect(try a.history().map(\.evaluations) == b.history().map(\.evaluations))
        #expect(try a.history().last?.objMax == b.history().last?.objMax)
    }

    @Test func everyOutputIsFiledByModeAndTheCountersAreNFE() async throws {
        let url = Self.file("filed")
        defer { try? FileManager.default.removeItem(at: url) }
        let run = try Self.start(try Self.configuration(.evoSearch, batch: 100), at: url)
        #expect(try await run.run())
        try run.finish()
        let file = try ArchiveFile.open(url, mode: .readOnly)
        let elites = try file.vectorElites()
        #expect(!elites.isEmpty && elites.allSatisfy { elite in elite.genome.withUnsafeBufferPointer { Self.model.mode(of: $0) } == elite.cell })
        #expect(elites.map(\.objective).max() == run.state.bestReward)
        #expect(try file.schedulerState()?.evaluations == run.search.plannedNFE)
        #expect(try file.history().count == run.search.generations.count)
        let fields = try file.configurationFields()
        #expect(fields.contains { $0.key == "evaluation_unit" && $0.value == "NFE" })
        #expect(fields.contains { $0.key == "descriptor_names" && $0.value == "mode" })
    }

    @Test func aFileOfAnotherRunOrADamagedSearchIsRefused() async throws {
        let url = Self.file("damaged")
        defer { try? FileManager.default.removeItem(at: url) }
        let configuration = try Self.configuration(.evoSearch)
        let run = try Self.start(configuration, at: url)
        var calls = 0
        _ = try await run.run(shouldStop: { calls += 1; return calls > 2 })
        try run.finish()
        // Another schedule does not fit the saved search.
        let other = try DiffusionRunConfiguration(task: DiffusionRunConfiguration.mixtureTask, dimension: 8, reward: "multi-peak",
                                                  algorithm: .evoSearch, seed: 11, schedule: try EvoSearchSchedule(), batchSize: 5)
        let search = try Run.search(other, generator: Self.model, reward: Self.scorer)
        #expect(throws: StoreError.self) { try Run.resume(url, configuration: other, search: search) }
        #expect(throws: (any Error).self) { try DiffusionRunConfiguration(task: "mixture-diffusion", dimension: 3, reward: "rare-target",
                                                                          algorithm: .evoSearch, seed: 1, schedule: try EvoSearchSchedule()) }
        #expect(throws: (any Error).self) { try DiffusionRunConfiguration(task: "remote-diffusion", serverURL: "ftp://x", reward: nil,
                                                                          algorithm: .evoSearch, seed: 1, schedule: try EvoSearchSchedule()) }
    }
}

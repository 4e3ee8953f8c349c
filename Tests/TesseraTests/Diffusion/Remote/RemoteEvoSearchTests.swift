import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// EvoSearch end to end against a server: the stub's tiny generator (every NFE of the plan
/// spent, the same seed giving the same bits, chunks changing nothing), and the reference
/// server's Gaussian mixture when it is there (outputs at the mixture's modes).
@Suite(.serialized, .timeLimit(.minutes(1))) struct RemoteEvoSearchTests {
    /// Evolution at steps 0 and 1 of 3, populations 4, 3, 3, one elite.
    static let schedule = try! EvoSearchSchedule(evolutionSteps: [0, 1], populations: [4, 3, 3], eliteCount: 1, stepCount: 3)

    /// The stub's descriptor in [−2, 2] as one of 4 cells.
    static func cell(_ descriptor: [Double]) -> Int { min(3, max(0, Int((descriptor[0] + 2).rounded(.down)))) }

    @Test(arguments: [EvoSearchAlgorithm.evoSearch, .qualityDiversity])
    func aSearchOfTheStubSpendsItsPlanAndIsReproducible(_ algorithm: EvoSearchAlgorithm) async throws {
        try await withTaskExecutorPreference(DedicatedExecutor()) {
            let stub = try DiffusionStub()
            defer { stub.stop() }
            let server = try await RemoteDiffusionServer.connect(to: stub.url("ok"), reward: nil, timeout: .seconds(5))
            let search = try EvoSearch(generator: server, reward: server, algorithm: algorithm, schedule: Self.schedule,
                                       cell: { Self.cell($0) })
            #expect(search.plannedNFE == 4 * 3 + 3 * 3 + 3 * 2)
            let first = try await search.run(seed: 7)
            #expect(first.nfe == search.plannedNFE && first.progress.last?.nfe == search.plannedNFE && first.failures == 0)
            #expect(server.statistics.nfe == search.plannedNFE && first.progress.count == 10 && first.finalOutputs.count == 3)
            #expect(first.bestReward == first.bestOutput.reduce(0.0) { $0 + Double($1) } && first.bestOutput.count == 4)
            if algorithm == .qualityDiversity { #expect(!first.cells.isEmpty) }
            let again = try await search.run(seed: 7)
            #expect(again.bestOutput.map(\.bitPattern) == first.bestOutput.map(\.bitPattern) && again.finalRewards == first.finalRewards)
            #expect(try await search.run(seed: 8).bestOutput != first.bestOutput)
            // One row per chunk gives the same search as a generation per chunk.
            var state = EvoSearchState<Float>(seed: 7)
            var rollouts = 0
            while !search.isFinished(state) { rollouts += try await search.step(&state, maximumRows: 1).count }
            #expect(rollouts == 10 && state.nfe == search.plannedNFE)
            #expect(state.bestOutput.map(\.bitPattern) == first.bestOutput.map(\.bitPattern) && state.lastRewards == first.finalRewards)
            #expect(server.statistics.failures == 0 && server.statistics.nfe == 4 * search.plannedNFE)
        }
    }

    @Test func aFailingServerStopsTheSearchWithItsReason() async throws {
        try await withTaskExecutorPreference(DedicatedExecutor()) {
            let stub = try DiffusionStub()
            defer { stub.stop() }
            let server = try await RemoteDiffusionServer.connect(to: stub.url("down"), reward: nil, timeout: .seconds(5), retry: .never)
            let search = try EvoSearch(generator: server, reward: server, schedule: Self.schedule)
            var state = EvoSearchState<Float>(seed: 1)
            await #expect(throws: RemoteDiffusionError("HTTP 503 from \(stub.base)/down/v1/advance after 1 attempt")) {
                _ = try await search.step(&state, maximumRows: 2)
            }
            #expect(state == EvoSearchState<Float>(seed: 1), "a chunk that failed leaves the state alone")
        }
    }

    /// The reference server (`Examples/DiffusionServer`).
    static let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../../../Examples/DiffusionServer/tessera_diffusion_server.py").standardizedFileURL

    /// EvoSearch over the reference server's exact Gaussian mixture (d = 16, 50 DDIM steps)
    /// at 940 NFE: every output of the last generation lies at one of the mixture's modes,
    /// the one its descriptor names (mode + ½), as the built-in model tells it.
    @Test
    func aSearchOfTheReferenceMixtureLandsOnItsModes() async throws {
        try await withTaskExecutorPreference(DedicatedExecutor()) {
            let script = try PythonProcess([Self.reference.path, "--backend", "mixture", "--port", "0"])
            defer { script.kill() }
            try #require(script.firstLine.hasPrefix("listening on http://"), "the reference server did not start: \(script.firstLine)")
            let url = try #require(URL(string: String(script.firstLine.dropFirst("listening on ".count))))
            let server = try await RemoteDiffusionServer.connect(to: url, reward: "rare-target", timeout: .seconds(30))
            let model = try GaussianMixtureDiffusion(dimension: 16)
            #expect(server.latentShape == [16] && server.stepCount == 50 && server.descriptorNames == ["mode"])
            #expect(server.descriptorSpace == Box(lower: [0], upper: [8]) && server.mutation == .additive)
            #expect((0..<50).allSatisfy { abs(server.noiseDeviation(atStep: $0) - model.schedule.sigma(atStep: $0)) < 1e-9 })
            let schedule = try EvoSearchSchedule(evolutionSteps: [0, 20, 40], populations: [8, 6, 6, 6], eliteCount: 1, stepCount: 50)
            let search = try EvoSearch(generator: server, reward: server, algorithm: .qualityDiversity, schedule: schedule,
                                       cell: { min(7, max(0, Int($0[0]))) })
            let result = try await search.run(seed: 3)
            #expect(result.nfe == 940 && search.plannedNFE == 940 && server.statistics.nfe == 940 && result.failures == 0)
            let best = result.bestOutput.map(Double.init)
            let mode = best.withUnsafeBufferPointer { model.mode(of: $0) }
            #expect((0...7).contains(mode) && result.bestDescriptor == [Double(mode) + 0.5], "\(result.bestDescriptor)")
            for output in result.finalOutputs {
                let x = output.map(Double.init)
                let k = x.withUnsafeBufferPointer { model.mode(of: $0) }
                let distance = zip(x, model.mean(k)).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
                #expect(distance < 1.5, "an output \(distance) from mode \(k)'s mean, whose neighbours are 2.8 away")
            }
            #expect(result.finalOutputs.count == 6)
            let reward = best.withUnsafeBufferPointer { MixtureReward.rareTarget.value(of: $0, model: model) }
            #expect(abs(result.bestReward - reward) < 1e-9, "the server's reward is the built-in one")
        }
    }
}

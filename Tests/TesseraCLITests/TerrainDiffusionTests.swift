import Foundation
import Testing
import TesseraTestSupport

/// EvoSearch on a real diffusion model, offline: the terrain consistency UNet of
/// `adaptive-terrain-diffusion` 0.4.2 on ONNX Runtime, served by the reference server
/// (`Examples/DiffusionServer`, installed by `Scripts/install-dependencies.sh --tests`),
/// searched by `tessera run --generator URL` at a budget of a few dozen NFE.
@Suite(.serialized, .timeLimit(.minutes(4))) struct TerrainDiffusionTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let server = repository.appendingPathComponent("Examples/DiffusionServer/tessera_diffusion_server.py").path

    /// 4 × 4 + 3 × 4 + 3 × 2 = 34 NFE over the server's 4 consistency steps.
    @Test func evoSearchQDOnTheTerrainModelFillsCellsAndDrawsThem() async throws {
        try await onOwnThread { try Self.evoSearchQDOnTheTerrainModelFillsCellsAndDrawsThemBody() }
    }

    static func evoSearchQDOnTheTerrainModelFillsCellsAndDrawsThemBody() throws {
        let process = try PythonProcess([Self.server, "--backend", "terrain", "--port", "0", "--threads", "1"])
        defer { process.kill() }
        try #require(process.firstLine.hasPrefix("listening on http://"), "the terrain server did not start: \(process.firstLine)")
        let url = String(process.firstLine.dropFirst("listening on ".count))
        let folder = temporaryFolder()
        let result = try TesseraBinary.run(["run", "--generator", url, "--algorithm", "evosearch-qd", "--reward", "traversability",
                                            "--evolution-schedule", "0,2", "--population-schedule", "4,3,3", "--elites", "1",
                                            "--grid", "3x3", "--seed", "2", "--output", "terrain.sqlite", "--json", "--quiet"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let figures = try lastJSONObject(result)
        #expect(figures["nfe"] as? Int == 34 && figures["failed_rollouts"] as? Int == 0, "\(figures)")
        let best = try #require(figures["best_reward"] as? Double)
        #expect(best > 0 && best <= 1, "traversability is a fraction of cells: \(best)")
        let descriptors = try #require(figures["best_descriptors"] as? [String: Double])
        #expect(Set(descriptors.keys) == ["mean slope", "roughness"] && descriptors.values.allSatisfy(\.isFinite))
        #expect((figures["num_elites"] as? Int ?? 0) >= 1)
        let info = try TesseraBinary.run(["info", "terrain.sqlite"], in: folder)
        #expect(info.stdout.contains("2x128x128") && info.stdout.contains("terrain"), "\(info.stdout)")
        let report = try String(contentsOf: folder.appendingPathComponent("terrain.html"), encoding: .utf8)
        #expect(report.contains("Outputs") && report.contains("data:image/png;base64,") && report.contains("Best reward"))
    }
}

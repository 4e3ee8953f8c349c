import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TesseraTestSupport

/// `tessera run --generator URL`: EvoSearch over a denoising server on loopback (the
/// scripted stand-in of the remote tests, and the reference server's exact mixture): Float32
/// tensor genomes in the file, pictures in the report, a server that fails mid-run leaves a
/// checkpoint that `resume` continues to the uninterrupted run's archive.
@Suite(.serialized, .timeLimit(.minutes(3))) struct RemoteDiffusionCommandsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let stub = repository.appendingPathComponent("Tests/TesseraTests/Diffusion/Remote/Fixtures/diffusion_stub.py").path
    static let reference = repository.appendingPathComponent("Examples/DiffusionServer/tessera_diffusion_server.py").path
    /// A schedule for the stub's 3 steps: 4 × 3 + 3 × 3 + 3 × 2 = 27 NFE.
    static let schedule = ["--evolution-schedule", "0,1", "--population-schedule", "4,3,3", "--elites", "1", "--batch-size", "2"]

    static func run(_ arguments: [String], in folder: URL) throws -> [String: Any] {
        let result = try TesseraBinary.run(["run"] + arguments + ["--json", "--quiet"], in: folder)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try lastJSONObject(result)
    }

    static func export(_ file: String, in folder: URL) throws -> String {
        let result = try TesseraBinary.run(["export", file, "--format", "csv"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    static func post(_ url: String) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { _, _, _ in done.signal() }.resume()
        done.wait()
    }

    @Test func aRunOnAServerKeepsTensorsAndPicturesAndResumesAfterTheServerFailed() async throws {
        try await onOwnThread { try Self.aRunOnAServerKeepsTensorsAndPicturesAndResumesAfterTheServerFailedBody() }
    }

    static func aRunOnAServerKeepsTensorsAndPicturesAndResumesAfterTheServerFailedBody() throws {
        let server = try PythonProcess([Self.stub])
        defer { server.kill() }
        let base = String(server.firstLine.dropFirst("listening on ".count))
        let folder = temporaryFolder()
        let whole = try run(["--generator", base + "/ok", "--algorithm", "evosearch-qd", "--seed", "4", "--output", "whole.sqlite",
                             "--grid", "4"] + Self.schedule, in: folder)
        #expect(whole["nfe"] as? Int == 27 && whole["planned_nfe"] as? Int == 27 && whole["task"] as? String == "remote-diffusion", "\(whole)")
        #expect((whole["best_descriptors"] as? [String: Double])?["first"] != nil && whole["num_elites"] != nil)
        #expect((whole["vendi_kernel"] as? String)?.contains("median-distance") == true)
        let info = try TesseraBinary.run(["info", "whole.sqlite"], in: folder)
        #expect(info.stdout.contains("tensor") && info.stdout.contains("generator_model"), "\(info.stdout)")
        let report = try String(contentsOf: folder.appendingPathComponent("whole.html"), encoding: .utf8)
        #expect(report.contains("Outputs") && report.contains("data:image/png;base64,"), "the report draws the outputs")

        // The same run on a server that breaks after six requests: one line, a checkpoint;
        // once it is back, resume ends where the uninterrupted run did.
        let broken = try TesseraBinary.run(["run", "--generator", base + "/breakafter", "--algorithm", "evosearch-qd", "--seed", "4",
                                            "--output", "parted.sqlite", "--grid", "4", "--quiet"] + Self.schedule, in: folder)
        #expect(broken.status == 1, "\(broken.stderr)")
        #expect(broken.stderr.contains("the model crashed") && broken.stderr.contains("tessera resume"), "\(broken.stderr)")
        #expect(broken.stderr.split(separator: "\n").count == 1, "\(broken.stderr)")
        post(base + "/breakafter/heal")
        let resumed = try TesseraBinary.run(["resume", "parted.sqlite", "--json", "--quiet"], in: folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let figures = try lastJSONObject(resumed)
        #expect(figures["nfe"] as? Int == 27 && (figures["session_nfe"] as? Int ?? 27) < 27, "\(figures)")
        #expect(try export("parted.sqlite", in: folder) == export("whole.sqlite", in: folder))
    }

    @Test func aServerThatDescribesItselfBadlyIsOneLineAndWritesNothing() async throws {
        try await onOwnThread { try Self.aServerThatDescribesItselfBadlyIsOneLineAndWritesNothingBody() }
    }

    static func aServerThatDescribesItselfBadlyIsOneLineAndWritesNothingBody() throws {
        let server = try PythonProcess([Self.stub])
        defer { server.kill() }
        let base = String(server.firstLine.dropFirst("listening on ".count))
        for (path, arguments, named) in [("/hello-steps", Self.schedule, "steps"), ("/ok", ["--reward", "median"] + Self.schedule, "median"),
                                         ("/ok", ["--evolution-schedule", "0,5", "--population-schedule", "4,3,3", "--elites", "1"], "0..<3"),
                                         ("/ok", ["--grid", "4x4"] + Self.schedule, "--grid")] {
            let folder = temporaryFolder()
            let result = try TesseraBinary.run(["run", "--generator", base + path] + arguments, in: folder)
            #expect(result.status == 1 && result.stderr.split(separator: "\n").count == 1, "\(path) \(arguments): \(result.stderr)")
            #expect(result.stderr.contains(named), "\(path) \(arguments): \(result.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "nothing is written")
        }
    }

    @Test func theReferenceServersMixtureIsSearched() async throws {
        try await onOwnThread { try Self.theReferenceServersMixtureIsSearchedBody() }
    }

    static func theReferenceServersMixtureIsSearchedBody() throws {
        let server = try PythonProcess([Self.reference, "--backend", "mixture", "--port", "0"])
        defer { server.kill() }
        let base = String(server.firstLine.dropFirst("listening on ".count))
        let folder = temporaryFolder()
        let figures = try run(["--generator", base, "--algorithm", "evosearch-qd", "--reward", "multi-peak", "--grid", "8", "--nfe", "1500",
                               "--output", "mixture.sqlite", "--no-report"], in: folder)
        let mode = try #require((figures["best_descriptors"] as? [String: Double])?["mode"])
        #expect(mode == mode.rounded(.down) + 0.5 && (0..<8).contains(Int(mode)), "\(figures)")
        #expect((figures["num_elites"] as? Int ?? 0) >= 4 && figures["reward"] as? String == "multi-peak", "\(figures)")
    }
}

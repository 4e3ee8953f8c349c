import Foundation
import Tessera
import TesseraStore
import Testing

/// `tessera info` reports the archive's Vendi score, its kernel and the descriptor
/// bounds, on the committed sample archives; `tessera bench vendi` refuses bad flags.
@Suite struct InfoVendiTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Archives/samples")

    static let files = ["arm-map-elites.sqlite", "sphere-cvt-map-elites.sqlite", "kinds/arm-vector-blob.sqlite",
                        "kinds/latent-tensor.sqlite"]

    @Test(arguments: files)
    func infoJSONHasTheVendiFields(_ name: String) throws {
        let url = Self.samples.appendingPathComponent(name)
        let result = try TesseraBinary.run(["info", url.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try lastJSONObject(result)
        let elites = try #require(object["num_elites"] as? Int)
        let score = try #require(object["vendi_score"] as? Double, "info lacks vendi_score")
        #expect(elites > 1)
        #expect(score > 1 && score <= Double(elites), "\(name): Vendi score \(score) for \(elites) elites")
        let kernel = try #require(object["vendi_kernel"] as? [String: Any], "info lacks vendi_kernel")
        #expect(kernel["kind"] as? String == "rbf")
        let bandwidth = try #require(kernel["bandwidth"] as? Double)
        let file = try ArchiveFile.open(url, mode: .readOnly)
        let box = file.header.descriptorSpace
        // The median distance of points in the unit cube is below its diagonal.
        #expect(bandwidth > 0 && bandwidth < Double(box.dimension).squareRoot(), "\(name): bandwidth \(bandwidth)")
        let bounds = try #require(object["descriptor_bounds"] as? [[Double]], "info lacks descriptor_bounds")
        #expect(bounds == zip(box.lower, box.upper).map { [$0, $1] }, "\(name): \(bounds)")
        // The command line and the library agree, and the figure is reproducible.
        let library = try file.diversity()
        // (JSON prints doubles with up to 15 digits, so the last bit may differ.)
        #expect(abs(score - library.score) <= 1e-12 * score && abs(bandwidth - library.kernel.bandwidth) <= 1e-12 * bandwidth,
                "\(name): \(score) vs \(library.score)")
        #expect(try lastJSONObject(try TesseraBinary.run(["info", url.path, "--json"]))["vendi_score"] as? Double == score)
    }

    @Test func infoTextShowsTheVendiScore() throws {
        let url = Self.samples.appendingPathComponent("arm-map-elites.sqlite")
        let result = try TesseraBinary.run(["info", url.path])
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(result.stdout.split(separator: "\n").first { $0.contains("Vendi score") }, "\(result.stdout)")
        let score = try ArchiveFile.open(url, mode: .readOnly).diversity().score
        #expect(line.contains(String(format: "%.4f", score)) && line.contains("RBF kernel"), "\(line)")
    }

    @Test func benchVendiRefusesBadFlags() throws {
        for (flags, message) in [(["--elites", "0"], "--elites must be positive"), (["--features", "-3"], "--features must be positive"),
                                 (["--dims", "65"], "--dims must be at most 64"), (["--repeats", "101"], "--repeats must be at most 100"),
                                 (["--features", "5000"], "--features must be at most 4,096"),
                                 (["--elites", "1000000", "--dims", "20"], "--elites times --dims must be at most 16,000,000")] {
            let result = try TesseraBinary.run(["bench", "vendi"] + flags)
            #expect(result.status != 0, "\(flags)")
            #expect(result.stderr.contains(message), "\(flags): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").filter { $0.contains("Error") }.count <= 1, "\(flags): \(result.stderr)")
        }
    }

    @Test func benchVendiPrintsJSONLines() throws {
        let result = try TesseraBinary.run(["bench", "vendi", "--elites", "2500", "--features", "64", "--repeats", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let time = try #require(objects.first { $0["case"] as? String == "time" })
        #expect((time["vendi_score"] as? Double ?? 0) > 1 && (time["seconds"] as? Double ?? -1) >= 0)
        let summaries = objects.filter { $0["case"] as? String == "error_summary" }
        #expect(summaries.map { $0["descriptors"] as? String } == ["uniform", "clustered"])
        for summary in summaries { #expect((summary["mean_abs_relative_error"] as? Double ?? 1) < 0.5) }
    }
}

import Foundation
import TesseraTestSupport
import Testing

/// `tessera bench llm-client` against `Scripts/instant_openai_server.py`: one JSON object
/// with every figure and no failure, the server never holding more connections than the
/// concurrency asked for; one-line errors for a bad flag (64) and a dead server (1). It
/// checks what the benchmark prints, never how fast it is.
@Suite struct LanguageModelBenchTests {
    static let server = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scripts/instant_openai_server.py")

    @Test func benchPrintsEveryFigureWithoutFailures() throws {
        let script = try PythonProcess([Self.server.path, "--port", "0"])
        defer { script.kill() }
        #expect(script.firstLine.hasPrefix("listening on http://127.0.0.1:") && script.firstLine.hasSuffix("/v1"), "\(script.firstLine)")
        let url = script.firstLine.replacingOccurrences(of: "listening on ", with: "")
        let result = try TesseraBinary.run(["bench", "llm-client", "--url", url, "--concurrency", "4", "--requests", "200",
                                            "--warmup", "10", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try lastJSONObject(result)
        for key in ["url", "concurrency", "requests", "warmup", "wall_seconds", "requests_per_second", "latency_mean_ms", "latency_p50_ms",
                    "latency_p99_ms", "latency_max_ms", "failures", "cpu_seconds", "cpu_microseconds_per_request", "client", "cpu_model"] {
            #expect(object[key] != nil, "no \(key) in \(result.stdout)")
        }
        #expect(object["requests"] as? Int == 200 && object["concurrency"] as? Int == 4 && object["failures"] as? Int == 0, "\(result.stdout)")
        let p50 = try #require(object["latency_p50_ms"] as? Double), p99 = try #require(object["latency_p99_ms"] as? Double)
        #expect(p50 > 0 && p50 <= p99 && (object["requests_per_second"] as? Double ?? 0) > 0)
        let client = try #require(object["client"] as? [String: Any])
        #expect(client["requests"] as? Int == 200 && client["failures"] as? Int == 0 && client["completion_tokens"] as? Int == 200,
                "\(client)")
        // The probe, the warm-up and the timed requests, at most four at once.
        let stats = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(string: url.replacingOccurrences(of: "/v1", with: "/stats"))!))
        let counts = try #require(stats as? [String: Int])
        #expect(counts["requests"] == 211 && (1...4).contains(counts["max_connections"] ?? 0) && (1...4).contains(counts["max_in_flight"] ?? 0),
                "\(counts)")
    }

    @Test func benchRefusesBadFlagsAndADeadServerInOneLine() throws {
        for (flags, message) in [(["--url", "http://127.0.0.1:9/v1", "--concurrency", "0"], "--concurrency must be"),
                                 (["--url", "http://127.0.0.1:9/v1", "--requests", "0"], "--requests must be"),
                                 (["--url", "ftp://127.0.0.1/v1"], "http:// or https://"), ([], "--url")] {
            let result = try TesseraBinary.run(["bench", "llm-client"] + flags)
            #expect(result.status == 64, "\(flags): \(result.status)")
            #expect(result.stderr.hasPrefix("Error: ") && result.stderr.contains(message), "\(flags): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(flags): \(result.stderr)")
        }
        // Nothing listens on the discard port of the loopback.
        let dead = try TesseraBinary.run(["bench", "llm-client", "--url", "http://127.0.0.1:9/v1", "--requests", "5"])
        #expect(dead.status == 1 && dead.stderr.contains("does not answer") && dead.stderr.split(separator: "\n").count == 1, "\(dead.stderr)")
    }
}

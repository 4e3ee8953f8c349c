import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TesseraTestSupport

/// `tessera run DOMAIN --algorithm qdaif|fixed-prompt|quality-only`: text runs against
/// loopback servers (the scripted world of `Scripts/scripted_llm_server.py`, and the
/// fault-injecting stand-in of the language-model tests). Every call is recorded in the
/// file; a replay sends nothing and gives the same archive; a resumed run never pays twice
/// for a recorded call; bad flags and dead servers are one line and write nothing.
@Suite(.serialized, .timeLimit(.minutes(4))) struct TextRunCommandsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let worldScript = repository.appendingPathComponent("Scripts/scripted_llm_server.py").path
    static let stubScript = repository.appendingPathComponent("Tests/TesseraLanguageModelsTests/Fixtures/openai_stub.py").path

    /// A started loopback server and its base URL (with /v1).
    struct Server {
        let process: PythonProcess
        let url: String

        init(world arguments: [String] = []) throws {
            process = try PythonProcess([TextRunCommandsTests.worldScript, "--port", "0"] + arguments)
            url = String(process.firstLine.dropFirst("listening on ".count))
        }

        init(stub mode: String, environment: [String: String?] = [:]) throws {
            process = try PythonProcess([TextRunCommandsTests.stubScript, "--mode", mode], environment: environment)
            url = String(process.firstLine.dropFirst("listening on ".count)) + "/v1"
        }

        /// The server's counters (`GET /stats` on the world server, `POST` on the stub).
        func stats(post: Bool = false) throws -> [String: Any] {
            var request = URLRequest(url: URL(string: url.replacingOccurrences(of: "/v1", with: "") + "/stats")!)
            request.httpMethod = post ? "POST" : "GET"
            let box = StatsBox()
            let done = DispatchSemaphore(value: 0)
            URLSession.shared.dataTask(with: request) { data, _, _ in
                box.data = data
                done.signal()
            }.resume()
            done.wait()
            let data = try #require(box.data)
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }

        func stop() { process.kill() }
    }

    final class StatsBox: @unchecked Sendable { var data: Data? }

    func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> [String: Any] {
        let result = try TesseraBinary.run(["run"] + arguments + ["--json", "--quiet"], in: folder, environment: environment)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try lastJSONObject(result)
    }

    func export(_ name: String, in folder: URL) throws -> String {
        let result = try TesseraBinary.run(["export", name, "--format", "jsonl", "--out", name + ".jsonl"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        return try String(contentsOf: folder.appendingPathComponent(name + ".jsonl"), encoding: .utf8)
    }

    @Test func aQDAIFRunRecordsEveryCallAndAReplayGivesTheSameArchiveWithoutAServer() async throws {
        try await onOwnThread { [self] in
            let folder = temporaryFolder()
            let server = try Server()
            let common = ["stories", "--algorithm", "qdaif", "--seed", "5", "--evaluations", "64", "--batch-size", "16"]
            let summary = try run(common + ["--llm-url", server.url, "--concurrency", "8", "--output", "live.sqlite"], in: folder)
            #expect(summary["evaluations"] as? Int == 64 && summary["failed_evaluations"] as? Int == 0)
            // One generation and three questions (quality, genre, ending) per text.
            #expect(summary["llm_requests"] as? Int == 64 * 4 && summary["llm_failures"] as? Int == 0, "\(summary)")
            #expect(summary["recorded_calls"] as? Int == 64 * 4 && summary["evaluator"] as? String == "llm")
            for key in ["llm_retries", "llm_seconds", "llm_prompt_tokens", "llm_completion_tokens"] { #expect(summary[key] != nil, "\(key)") }
            #expect((summary["llm_completion_tokens"] as? Int ?? 0) > 64 && (summary["num_elites"] as? Int ?? 0) >= 10, "\(summary)")
            let best = try #require(summary["best"] as? [String: Any])
            #expect((best["text"] as? String)?.isEmpty == false && (best["measures"] as? [String: Any])?["genre"] != nil)
            #expect(try server.stats()["max_in_flight"] as? Int ?? 99 <= 8, "never more requests in flight than --concurrency")

            // info --json shows the same figures.
            let info = try lastJSONObject(try TesseraBinary.run(["info", "live.sqlite", "--json"], in: folder))
            for key in ["llm_requests", "llm_prompt_tokens", "llm_completion_tokens", "recorded_calls", "num_elites"] {
                #expect(info[key] as? Int == summary[key] as? Int, "\(key)")
            }
            // The report shows the texts.
            let report = try String(contentsOf: folder.appendingPathComponent("live.html"), encoding: .utf8)
            #expect(report.contains(String((best["text"] as? String ?? "").prefix(30))), "the best text is in the report")
            #expect(report.contains("highest quality first") && report.contains(#"<span class="note-key">quality</span>"#))
            #expect(report.contains(">genre</text>") && report.contains(">ending</text>"), "the plot's axes are the domain's axes")

            // Replay: no server at all, the same archive bit for bit.
            server.stop()
            let replayed = try run(common + ["--replay", "live.sqlite", "--output", "replayed.sqlite", "--no-report"], in: folder)
            #expect(replayed["llm_requests"] as? Int == 0 && replayed["llm_replayed"] as? Int == 64 * 4 && replayed["replay"] as? Bool == true)
            #expect(try export("replayed.sqlite", in: folder) == export("live.sqlite", in: folder))

            // A replay of another experiment is refused up front; one that needs more calls than
            // recorded too; neither writes anything.
            for (extra, message) in [(["--seed", "6"], "recorded --seed 5, not 6"), (["--evaluations", "80"], "would need calls it lacks"),
                                     (["--algorithm", "fixed-prompt"], "recorded --algorithm qdaif")] {
                var arguments = ["run"] + common + ["--replay", "live.sqlite", "--output", "other.sqlite"]
                for pair in stride(from: 0, to: extra.count, by: 2) {
                    if let index = arguments.firstIndex(of: extra[pair]) { arguments[index + 1] = extra[pair + 1] }
                }
                let refused = try TesseraBinary.run(arguments, in: folder)
                #expect(refused.status == 1 && refused.stderr.contains(message) && refused.stderr.split(separator: "\n").count == 1,
                        "\(extra): \(refused.stderr)")
                #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("other.sqlite").path))
            }
        }
    }

    @Test func aResumedRunEqualsAnUninterruptedOneAndNeverPaysTwiceForARecordedCall() async throws {
        try await onOwnThread { [self] in
            let folder = temporaryFolder()
            let server = try Server(world: ["--latency", "0.02"])
            defer { server.stop() }
            let common = ["opinions", "--seed", "2", "--batch-size", "8", "--llm-url", server.url, "--concurrency", "8", "--no-report"]
            _ = try run(common + ["--evaluations", "96", "--output", "whole.sqlite"], in: folder)
            let before = try server.stats()["requests"] as? Int ?? 0
            _ = try run(common + ["--evaluations", "48", "--output", "part.sqlite"], in: folder)
            let resumed = try lastJSONObject(try TesseraBinary.run(["resume", "part.sqlite", "--evaluations", "96", "--json", "--quiet"], in: folder))
            #expect(resumed["evaluations"] as? Int == 96 && resumed["llm_requests"] as? Int == 96 * 3, "\(resumed)")
            #expect(resumed["session_llm_requests"] as? Int == 48 * 3, "only the new texts' calls are paid for")
            #expect(try server.stats()["requests"] as? Int == before + 96 * 3)
            #expect(try export("part.sqlite", in: folder) == export("whole.sqlite", in: folder), "a resumed run equals an uninterrupted one")

            // Killed mid-run: the resumed run asks again only for what the file had not recorded.
            // An uninterrupted run on a fresh server gives the repeats the run makes by itself
            // (the same question about two equal texts in flight at once).
            let budget = ["--evaluations", "400", "--checkpoint-every", "8"]
            let reference = try Server(world: ["--latency", "0.02"])
            defer { reference.stop() }
            var referenceCommon = common
            referenceCommon[referenceCommon.firstIndex(of: server.url)!] = reference.url
            _ = try run(referenceCommon + budget + ["--output", "reference.sqlite"], in: folder)
            let referenceStats = try reference.stats()
            let inherent = (referenceStats["requests"] as? Int ?? 0) - (referenceStats["distinct"] as? Int ?? 0)

            let fresh = try Server(world: ["--latency", "0.02"])
            defer { fresh.stop() }
            var freshCommon = common
            freshCommon[freshCommon.firstIndex(of: server.url)!] = fresh.url
            let process = Process()
            process.executableURL = TesseraBinary.url
            process.arguments = ["run"] + freshCommon + budget + ["--output", "killed.sqlite", "--quiet"]
            process.currentDirectoryURL = folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            while try (fresh.stats()["requests"] as? Int ?? 0) < 300 { Thread.sleep(forTimeInterval: 0.02) }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let paid = try fresh.stats()["requests"] as? Int ?? 0
            let recorded = try lastJSONObject(try TesseraBinary.run(["info", "killed.sqlite", "--json"], in: folder))["recorded_calls"] as? Int ?? -1
            #expect(recorded > 0 && recorded <= paid, "\(recorded) recorded of \(paid)")
            let finished = try lastJSONObject(try TesseraBinary.run(["resume", "killed.sqlite", "--json", "--quiet"], in: folder))
            #expect(finished["evaluations"] as? Int == 400 && finished["completed"] as? Bool == true)
            let stats = try fresh.stats()
            let repeated = (stats["requests"] as? Int ?? 0) - (stats["distinct"] as? Int ?? 0)
            #expect(repeated <= inherent + (paid - recorded),
                    "asked again: \(repeated); the run's own repeats: \(inherent); paid but not yet recorded at the kill: \(paid - recorded)")
            #expect(try export("killed.sqlite", in: folder) == export("reference.sqlite", in: folder), "the same archive as without the kill")
        }
    }

    /// `Archives/samples/kinds/opinions-qdaif.sqlite`: a text run of 24 texts (seed 1, batch
    /// 8, the scripted world), committed so later versions keep reading, replaying and
    /// resuming text runs of format 1.
    @Test func theCommittedTextRunStillReplaysAndResumes() async throws {
        try await onOwnThread { [self] in
            let folder = temporaryFolder()
            let sample = Self.repository.appendingPathComponent("Archives/samples/kinds/opinions-qdaif.sqlite")
            try FileManager.default.copyItem(at: sample, to: folder.appendingPathComponent("sample.sqlite"))
            let info = try lastJSONObject(try TesseraBinary.run(["info", "sample.sqlite", "--json"], in: folder))
            #expect(info["evaluations"] as? Int == 24 && info["recorded_calls"] as? Int == 72 && info["genome_kind"] as? String == "json")
            #expect((info["config"] as? [String: Any])?["kind"] as? String == "text")
            let replayed = try run(["opinions", "--seed", "1", "--evaluations", "24", "--replay", "sample.sqlite", "--output", "replayed.sqlite",
                                    "--no-report"], in: folder)
            #expect(replayed["llm_requests"] as? Int == 0)
            #expect(try export("replayed.sqlite", in: folder) == export("sample.sqlite", in: folder))
            // CSV gives each text itself (not its JSON literal).
            let csv = try TesseraBinary.run(["export", "sample.sqlite", "--format", "csv"], in: folder).stdout
            let header = try #require(csv.split(separator: "\n").first)
            #expect(header == "index,objective,descriptor_0,genome,metadata_sentiment", "\(header)")
            #expect(!csv.contains("\"\"\"") && csv.split(separator: "\n").count == 1 + (info["num_elites"] as? Int ?? -1), "\(csv.prefix(300))")
            let server = try Server()
            defer { server.stop() }
            let resumed = try lastJSONObject(try TesseraBinary.run(["resume", "sample.sqlite", "--evaluations", "32", "--llm-url", server.url,
                                                                    "--json", "--quiet", "--no-report"], in: folder))
            #expect(resumed["evaluations"] as? Int == 32 && resumed["session_llm_requests"] as? Int == 8 * 3, "\(resumed)")
        }
    }

    @Test func theBaselinesRunOnTheSameGridAndScale() async throws {
        try await onOwnThread { [self] in
            let folder = temporaryFolder()
            let server = try Server()
            defer { server.stop() }
            for algorithm in ["fixed-prompt", "quality-only"] {
                let summary = try run(["opinions", "--algorithm", algorithm, "--evaluations", "48", "--llm-url", server.url,
                                       "--output", "\(algorithm).sqlite", "--no-report"], in: folder)
                #expect(summary["algorithm"] as? String == algorithm && summary["cells"] as? Int == 20 && summary["evaluations"] as? Int == 48)
                #expect((summary["num_elites"] as? Int ?? 0) >= 2 && summary["llm_requests"] as? Int == 48 * 3, "\(summary)")
            }
            // A domain of the user's, from its file, and a calibrated judge.
            let domain = folder.appendingPathComponent("mine.json")
            try Data(#"""
                {"name": "mine", "summary": "Short notes about rivers.", "seeds": ["The river ran cold.", "A bridge over the river.", "The river dried up."],
                 "generation": {"template": "Here is a note about a river:\n"},
                 "quality": {"instruction": "Is this a good note about a river? Answer \"yes\" or \"no\".", "options": ["yes", "no"]},
                 "axes": [{"name": "mood", "instruction": "Is the note \"calm\" or \"wild\"?", "options": ["calm", "wild"], "bins": 10}]}
                """#.utf8).write(to: domain)
            let mine = try run(["--domain", "mine.json", "--evaluations", "24", "--llm-url", server.url, "--calibrate", "--output", "mine.sqlite",
                                "--no-report"], in: folder)
            #expect(mine["task"] as? String == "mine" && mine["cells"] as? Int == 10 && mine["algorithm"] as? String == "qdaif")
            // The judge's calibration asks both questions about three references once; a text
            // written twice is judged once (the second time from the recording).
            #expect((mine["llm_requests"] as? Int ?? 0) + (mine["llm_replayed"] as? Int ?? 0) == 24 * 3 + 3 * 2, "\(mine)")
        }
    }

    @Test func faultsAreRetriedAndCounted() async throws {
        try await onOwnThread { [self] in
            let folder = temporaryFolder()
            for (mode, minimum) in [("500-twice", 2), ("cut", 8)] {
                let server = try Server(stub: mode)
                defer { server.stop() }
                let summary = try run(["opinions", "--evaluations", "8", "--llm-url", server.url, "--concurrency", "3",
                                       "--output", "\(mode).sqlite", "--no-report"], in: folder)
                #expect(summary["evaluations"] as? Int == 8 && summary["llm_failures"] as? Int == 0)
                #expect((summary["llm_retries"] as? Int ?? 0) >= minimum, "\(mode): \(summary)")
                #expect(try server.stats(post: true)["max_in_flight"] as? Int ?? 99 <= 3)
            }
            // 429 with Retry-After: 1 on every first attempt: each request waits a second, once.
            let limited = try Server(stub: "429")
            let waited = try run(["opinions", "--evaluations", "2", "--batch-size", "2", "--llm-url", limited.url, "--concurrency", "6",
                                  "--output", "429.sqlite", "--no-report"], in: folder)
            limited.stop()
            #expect(waited["llm_failures"] as? Int == 0 && waited["llm_retries"] as? Int == 6 && (waited["llm_seconds"] as? Double ?? 0) >= 6,
                    "\(waited)")
            // A server slower than --timeout: every request fails after its retries, every row
            // fails with the reason, and the run completes.
            let slow = try Server(stub: "slow")
            let failed = try run(["opinions", "--evaluations", "2", "--batch-size", "2", "--llm-url", slow.url, "--timeout", "0.3",
                                  "--output", "slow.sqlite", "--no-report"], in: folder)
            slow.stop()
            #expect(failed["completed"] as? Bool == true && failed["failed_evaluations"] as? Int == 2 && failed["num_elites"] as? Int == 0)
            #expect((failed["llm_failures"] as? Int ?? 0) >= 2, "\(failed)")
            let text = try TesseraBinary.run(["info", "slow.sqlite"], in: folder).stdout
            #expect(text.contains("failed"), "\(text)")
        }
    }

    @Test func deadServersRefusedKeysAndBadFlagsAreOneLineAndWriteNothing() async throws {
        try await onOwnThread {
            let folder = temporaryFolder()
            let key = "sk-\(UUID().uuidString)"
            let keyed = try Server(stub: "key", environment: ["STUB_KEY": key])
            defer { keyed.stop() }
            let cases: [([String], Int32, String)] = [
                (["opinions", "--llm-url", "http://127.0.0.1:9/v1"], 1, "cannot be reached"),
                (["opinions", "--llm-url", keyed.url, "--llm-key-env", "WRONG_KEY"], 1, "refuses the key in $WRONG_KEY"),
                (["opinions", "--llm-url", keyed.url], 1, "refuses requests without a key"),
                (["opinions", "--llm-url", keyed.url, "--llm-key-env", "UNSET_VARIABLE_X"], 1, "UNSET_VARIABLE_X"),
                (["opinions"], 64, "needs a language-model server"),
                (["opinions", "--llm-url", "ftp://x/v1"], 64, "not an http:// or https:// URL"),
                (["opinions", "--llm-url", "http://u:p@h/v1"], 64, "must not hold a user or password"),
                (["opinions", "--llm-url", "http://h/v1", "--concurrency", "0"], 64, "--concurrency must be in 1...1,024"),
                (["opinions", "--llm-url", "http://h/v1", "--llm-key-env", "A B"], 64, "--llm-key-env must name"),
                (["opinions", "--llm-url", "http://h/v1", "--dims", "3"], 64, "--dims does not apply to a text run"),
                (["opinions", "--llm-url", "http://h/v1", "--workers", "2"], 64, "--workers does not apply"),
                (["opinions", "--llm-url", "http://h/v1", "--algorithm", "map-elites"], 64, "is a text domain"),
                (["sphere", "--algorithm", "qdaif", "--llm-url", "http://h/v1"], 64, "is a numeric task"),
                (["sphere", "--llm-url", "http://h/v1"], 64, "apply to text runs"),
                (["--domain", "missing.json", "--llm-url", "http://h/v1"], 64, "missing.json: cannot be read"),
                (["--domain", "bad.json", "--llm-url", "http://h/v1"], 64, "bad.json: seeds"),
                (["opinions", "--replay", "nothing.sqlite"], 64, "--replay needs --output"),
                (["opinions", "--replay", "nothing.sqlite", "--output", "new.sqlite"], 1, "nothing.sqlite"),
                (["opinions", "--replay", "bad.json", "--output", "new.sqlite"], 1, "bad.json"),
                (["opinions", "--llm-url", "http://h/v1", "--evaluations", "0"], 64, "--evaluations must be positive"),
                (["opinions", "--llm-url", "http://h/v1", "--batch-size", "5000"], 64, "batch size must be in 1...4096"),
            ]
            try Data(#"{"name": "bad", "summary": "x", "seeds": ["only one"], "generation": {"template": "t"}, "quality": {"instruction": "q", "options": ["yes", "no"]}, "axes": [{"name": "a", "instruction": "i", "options": ["x", "y"]}]}"#.utf8)
                .write(to: folder.appendingPathComponent("bad.json"))
            let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            for (arguments, status, message) in cases {
                let result = try TesseraBinary.run(["run"] + arguments, in: folder, environment: ["WRONG_KEY": "nope"])
                #expect(result.status == status && result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1,
                        "\(arguments): \(result.status) \(result.stderr)")
                #expect(!result.stderr.contains(key) && !result.stdout.contains(key) && !result.stderr.contains("u:p@"))
                #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before, "\(arguments) wrote nothing")
            }
        }
    }
}

/// `tessera run opinions --algorithm qdaif` on the real local model (llama.cpp's server with
/// Gemma 3 270M, from `Scripts/setup-local-llm.sh`), when `TESSERA_LLM_TESTS=1` asks for it
/// (its build takes about 12 minutes, so default CI does not run it): a calibrated run
/// completes, and its recording replays it bit for bit once the model is gone, although the
/// model itself does not answer the same way twice.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["TESSERA_LLM_TESTS"] == "1"), .timeLimit(.minutes(10)))
struct LocalModelCommandTests {
    @Test func aRunOnTheRealModelReplaysBitForBitWithoutIt() async throws {
        try await onOwnThread {
            let folder = temporaryFolder()
            let script = TextRunCommandsTests.repository.appendingPathComponent("Scripts/start-local-llm.py").path
            let server = try PythonProcess([script, "--port", "0"])
            guard server.firstLine.hasPrefix("listening on ") else {
                server.kill()
                Issue.record("the local model did not start (run Scripts/setup-local-llm.sh): \(server.firstLine)")
                return
            }
            let url = String(server.firstLine.dropFirst("listening on ".count))
            let common = ["opinions", "--algorithm", "qdaif", "--seed", "1", "--evaluations", "16", "--batch-size", "8", "--calibrate",
                          "--json", "--quiet"]
            let live = try TesseraBinary.run(["run"] + common + ["--llm-url", url, "--concurrency", "4", "--output", "live.sqlite"], in: folder)
            server.kill()
            #expect(live.status == 0, "\(live.stderr)")
            let summary = try lastJSONObject(live)
            #expect(summary["evaluations"] as? Int == 16 && summary["llm_failures"] as? Int == 0 && (summary["num_elites"] as? Int ?? 0) > 0,
                    "\(summary)")
            #expect((summary["llm_completion_tokens"] as? Int ?? 0) > 16)
            let replay = try TesseraBinary.run(["run"] + common + ["--replay", "live.sqlite", "--output", "replayed.sqlite", "--no-report"],
                                               in: folder)
            #expect(replay.status == 0, "\(replay.stderr)")
            func export(_ name: String) throws -> String {
                _ = try TesseraBinary.run(["export", name, "--format", "jsonl", "--out", name + ".jsonl"], in: folder)
                return try String(contentsOf: folder.appendingPathComponent(name + ".jsonl"), encoding: .utf8)
            }
            #expect(try export("replayed.sqlite") == export("live.sqlite"))
        }
    }
}

import Foundation
import Testing

/// `tessera bench evosearch`: a JSON line per algorithm and seed and a summary per algorithm,
/// at equal NFE; bad flags are one line.
@Suite struct EvoSearchBenchTests {
    @Test func itPrintsRunsAndSummariesAtEqualNFE() throws {
        let result = try TesseraBinary.run(["bench", "evosearch", "--seeds", "2", "--reward", "multi-peak"])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.filter { $0["case"] as? String == "run" }.count == 6)
        let summaries = objects.filter { $0["case"] as? String == "summary" }
        #expect(summaries.map { $0["algorithm"] as? String } == ["evosearch", "best-of-n", "evosearch-qd"])
        for summary in summaries {
            #expect(summary["nfe"] as? Int == 5000 && summary["best_reward_mean"] is Double && summary["vendi_final_mean"] is Double)
            #expect((summary["modes_mean"] as? Double ?? 0) >= 1 && (summary["vendi_kernel"] as? String)?.hasPrefix("rbf") == true)
        }
        for (arguments, message) in [(["--dims", "7"], "--dims must be in 8...4096"), (["--reward", "x"], "--reward must be"),
                                     (["--seeds", "0"], "--seeds must be in 1...1000")] {
            let bad = try TesseraBinary.run(["bench", "evosearch"] + arguments)
            #expect(bad.status == 64 && bad.stderr.contains(message) && bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
        }
    }
}

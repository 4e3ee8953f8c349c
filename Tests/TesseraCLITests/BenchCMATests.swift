import Foundation
import Testing

/// `tessera bench cma`: one JSON line per run with pycma_bench.py's fields, a table
/// without `--json`, and a message naming the flag for a bad value.
@Suite struct BenchCMATests {
    @Test func benchCMAPrintsOneJSONLinePerRun() throws {
        for es in ["cma", "sep", "lm-ma"] {
            let result = try TesseraBinary.run(["bench", "cma", "--es", es, "--function", "sphere", "--dims", "6", "--seeds", "1,3", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let objects = try result.stdout.split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            #expect(objects.count == 2 && objects.map { $0["seed"] as? Int } == [1, 3], "\(es)")
            for object in objects {
                for key in ["function", "dims", "seed", "evaluations", "reached", "wall_seconds", "first_hit_evaluation", "iterations",
                            "popsize", "best_f", "objective_seconds", "evals_per_second", "stop", "cpu_model", "overhead_ns_per_evaluation"] {
                    #expect(object[key] != nil, "\(es): no \(key)")
                }
                let evaluations = try #require(object["evaluations"] as? Int), lambda = try #require(object["popsize"] as? Int)
                let first = try #require(object["first_hit_evaluation"] as? Int)
                #expect(object["reached"] as? Bool == true && (object["best_f"] as? Double ?? 1) < 1e-8, "\(es)")
                #expect(evaluations % lambda == 0 && evaluations >= first && evaluations - first < lambda, "\(es)")
                #expect(lambda == 4 + Int(3 * log(6.0)))
            }
        }
        // The same seed gives the same run.
        let again = try TesseraBinary.run(["bench", "cma", "--function", "ellipsoid", "--dims", "5", "--seeds", "2", "--json"])
        let twice = try TesseraBinary.run(["bench", "cma", "--function", "ellipsoid", "--dims", "5", "--seeds", "2", "--json"])
        let evaluations = { (s: String) in s.split(separator: ",").first { $0.hasPrefix(#""evaluations""#) } }
        #expect(evaluations(again.stdout) != nil && evaluations(again.stdout) == evaluations(twice.stdout))
    }

    @Test func benchCMAPrintsATableOfMedians() throws {
        let result = try TesseraBinary.run(["bench", "cma", "--function", "sphere", "--dims", "4", "--seeds", "1-3"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("| median evals |") && result.stdout.contains("| sphere | 4 | 8 | 3/3 |"), "\(result.stdout)")
    }

    @Test func benchCMARefusesBadFlags() throws {
        for (flags, message) in [(["--function", "cigar"], "--function must be"), (["--dims", "1"], "--dims must be between 2"),
                                 (["--seeds", "5-1"], "--seeds must be"), (["--es", "bipop"], "--es must be"),
                                 (["--maxfevals", "0"], "--maxfevals must be"), (["--sigma0", "0"], "--sigma0 must be"),
                                 (["--es", "sep", "--positive-weights"], "--positive-weights applies")] {
            let result = try TesseraBinary.run(["bench", "cma"] + flags)
            #expect(result.status == 64, "\(flags): \(result.status)")
            #expect(result.stderr.contains(message), "\(flags): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(flags): \(result.stderr)")
        }
    }
}

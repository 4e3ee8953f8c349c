import Foundation
import Testing

/// `aurora`, `taxons` and MAP-Elites' `--descriptor learned-*` from the command line: the
/// summary's ground truth and learning figures, exact resume through the file, and bad flags.
@Suite struct LearnedDescriptorCommandsTests {
    /// A small network and images, so a run takes a second.
    static let small = ["--layers", "32", "--image-size", "16", "--epochs", "2"]

    func resumeEqualsUninterrupted(_ arguments: [String], part: Int, whole: Int) throws -> [String: Any] {
        let dir = temporaryFolder()
        let first = try TesseraBinary.run(["run"] + arguments + ["--evaluations", "\(part)", "--output", "part.sqlite", "--no-report",
                                                                 "--quiet", "--json"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let resumed = try TesseraBinary.run(["resume", "part.sqlite", "--evaluations", "\(whole)", "--json", "--quiet"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let full = try TesseraBinary.run(["run"] + arguments + ["--evaluations", "\(whole)", "--output", "full.sqlite", "--no-report",
                                                                "--quiet", "--json"], in: dir)
        #expect(full.status == 0, "\(full.stderr)")
        let exports = try ["part.sqlite", "full.sqlite"].map { try TesseraBinary.run(["export", $0, "--format", "jsonl"], in: dir).stdout }
        #expect(!exports[0].isEmpty && exports[0] == exports[1], "resume equals an uninterrupted run: \(arguments)")
        let (a, b) = (try lastJSONObject(resumed), try lastJSONObject(full))
        #expect(a["ground_truth_coverage"] as? Double == b["ground_truth_coverage"] as? Double)
        #expect((a["learning"] as? [String: Any])?["trainings"] as? Int == (b["learning"] as? [String: Any])?["trainings"] as? Int)
        let info = try TesseraBinary.run(["info", "full.sqlite", "--json"], in: dir)
        #expect(info.status == 0, "\(info.stderr)")
        let facts = try lastJSONObject(info)
        #expect(facts["ground_truth_coverage"] as? Double == b["ground_truth_coverage"] as? Double)
        #expect((facts["learning"] as? [String: Any])?["trainings"] as? Int
                == (b["learning"] as? [String: Any])?["trainings"] as? Int)
        return b
    }

    @Test func auroraOnTheArmResumesExactlyAndReportsItsGroundTruth() throws {
        let summary = try resumeEqualsUninterrupted(["arm", "--algorithm", "aurora", "--batch-size", "100", "--train-gap", "3",
                                                     "--target-size", "300"] + Self.small, part: 700, whole: 1500)
        let coverage = try #require(summary["ground_truth_coverage"] as? Double)
        #expect(coverage > 0 && coverage < 1)
        let learning = try #require(summary["learning"] as? [String: Any])
        // Trainings after iterations 1 and 7 of 15 (gaps 6, then 9).
        #expect(learning["trainings"] as? Int == 2)
        #expect((learning["observations_kept"] as? Int ?? 0) == summary["num_elites"] as? Int)
        #expect((summary["archive"] as? [String: Any])?["kind"] as? String == "unstructured")
    }

    /// 32 x 32 images: OpenBLAS rounds 1,024-wide products differently on one thread and
    /// on two, so this fails unless the learning pins its thread count.
    @Test func aLearnedRunIsTheSameOnOneWorkerAndOnTwo() throws {
        let dir = temporaryFolder()
        var exports: [String] = []
        for workers in ["1", "2"] {
            let run = try TesseraBinary.run(["run", "arm", "--algorithm", "aurora", "--batch-size", "50", "--train-gap", "2",
                                             "--evaluations", "500", "--workers", workers, "--output", "w\(workers).sqlite",
                                             "--no-report", "--quiet", "--layers", "64", "--epochs", "2"], in: dir)
            #expect(run.status == 0, "\(run.stderr)")
            exports.append(try TesseraBinary.run(["export", "w\(workers).sqlite", "--format", "jsonl"], in: dir).stdout)
        }
        #expect(!exports[0].isEmpty && exports[0] == exports[1])
    }

    @Test func taxonsOnTheMazeLearnsFromItsImages() throws {
        let dir = temporaryFolder()
        let run = try TesseraBinary.run(["run", "maze", "--algorithm", "taxons", "--batch-size", "20", "--train-every", "3",
                                         "--observation", "trajectory", "--evaluations", "200", "--no-report", "--quiet", "--json"]
                                        + Self.small, in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try lastJSONObject(run)
        #expect((summary["learning"] as? [String: Any])?["trainings"] as? Int == 4)
        #expect(summary["ground_truth_coverage"] as? Double ?? 0 > 0)
        #expect((summary["num_elites"] as? Int ?? 0) <= 5 * 10)
    }

    @Test func taxonsOnTheArmResumesExactly() throws {
        let summary = try resumeEqualsUninterrupted(["arm", "--algorithm", "taxons", "--batch-size", "40", "--train-every", "5",
                                                     "--latent", "4"] + Self.small, part: 400, whole: 1000)
        // At most 5 of each generation of 40 enter.
        #expect((summary["num_elites"] as? Int ?? 0) <= 5 * 25 && (summary["num_elites"] as? Int ?? 0) > 10)
        #expect(summary["ground_truth_coverage"] as? Double ?? 0 > 0)
    }

    @Test func mapElitesWithALearnedDescriptorResumesExactly() throws {
        let summary = try resumeEqualsUninterrupted(["arm", "--descriptor", "learned-pca", "--batch-size", "50", "--train-every", "4",
                                                     "--image-size", "16", "--grid", "20x20"], part: 300, whole: 800)
        // 16 iterations: trainings after iterations 1, 5, 9 and 13.
        #expect((summary["learning"] as? [String: Any])?["trainings"] as? Int == 4)
        #expect((summary["learning"] as? [String: Any])?["failed_trainings"] as? Int == 0)
        // Untrained PCA maps the first batch to one cell; the first training, on that whole
        // batch, spreads the later ones.
        #expect((summary["num_elites"] as? Int ?? 0) > 30)
        // Plain MAP-Elites on the arm reports its ground truth too, and no learning.
        let dir = temporaryFolder()
        let plain = try TesseraBinary.run(["run", "arm", "--evaluations", "1000", "--no-report", "--quiet", "--json"], in: dir)
        #expect(plain.status == 0, "\(plain.stderr)")
        let object = try lastJSONObject(plain)
        #expect(object["ground_truth_coverage"] as? Double ?? 0 > 0 && object["learning"] == nil)
    }

    @Test func noveltySearchOnALearnedDescriptorResumesExactly() throws {
        let summary = try resumeEqualsUninterrupted(["arm", "--algorithm", "novelty", "--descriptor", "learned-pca", "--population", "50",
                                                     "--batch-size", "50", "--train-every", "4", "--image-size", "16",
                                                     "--grid", "20x20"], part: 300, whole: 800)
        #expect((summary["learning"] as? [String: Any])?["trainings"] as? Int == 4)
        #expect(summary["ground_truth_coverage"] as? Double ?? 0 > 0)
    }

    @Test(arguments: [
        (["sphere", "--descriptor", "learned-ae"], "--descriptor"),
        (["sphere", "--algorithm", "taxons"], "--algorithm"),
        (["arm", "--latent", "3"], "--latent"),
        (["arm", "--descriptor", "learned-pca", "--latent", "3"], "--grid"),
        (["arm", "--descriptor", "learned-pca", "--image-size", "2"], "--image-size"),
        (["arm", "--descriptor", "learned-pca", "--image-size", "300"], "--image-size"),
        (["arm", "--algorithm", "aurora", "--observation", "trajectory"], "--observation"),
        (["maze", "--algorithm", "aurora", "--layers", "0"], "--layers"),
        (["maze", "--algorithm", "aurora", "--target-size", "0"], "--target-size"),
        (["maze", "--algorithm", "taxons", "--train-every", "-3"], "--train-every"),
        (["maze", "--algorithm", "taxons", "--learner", "vae"], "--learner"),
        (["maze", "--algorithm", "aurora", "--image-size", "256", "--layers", "4096x4096"], "--layers"),
        (["maze", "--algorithm", "aurora", "--image-size", "256", "--target-size", "10000000"], "--target-size"),
        (["maze", "--algorithm", "taxons", "--latent", "65"], "--latent"),
    ])
    func badLearningFlagsAreOneLineUsageErrors(arguments: [String], flag: String) throws {
        let dir = temporaryFolder()
        let result = try TesseraBinary.run(["run"] + arguments + ["--evaluations", "100", "--no-report", "--quiet"], in: dir)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("Error:") && lines[0].contains(flag), "\(arguments): \(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "nothing written")
    }
}

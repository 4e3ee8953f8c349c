// README.md shows this program from `snippet-begin` to `snippet-end`. The rest repeats
// the quick start's domain (README.md, "As a library"), so that the program stands alone.

// snippet-begin
import Foundation
import Tessera
import TesseraStore

/// The quick start's scheduler. A file restores only into a scheduler built the same way:
/// the same archive, the same emitters in the same order, the same seed.
func makeScheduler() throws -> Scheduler<GridArchive<[Double]>> {
    let archive = try GridArchive<[Double]>(shape: [50, 50], descriptorSpace: MyDomain().descriptorSpace,
                                            genomeLayout: 8, qdScoreOffset: -8)
    let mutation = try GaussianMutation(sigma: 0.1, bounds: GenomeBounds(Box(dimension: 8, range: -1...1)))
    let emitter = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(mutation),
                                    initialGenome: [Double](repeating: 0, count: 8), batchSize: 256)
    return try Scheduler(archive: archive, emitters: [emitter], seed: 42)
}

struct ResumeMismatch: Error {}

@main
struct SaveThenResume {
    static func main() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "tessera-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appending(path: "mine.sqlite")
        let evaluator = try ParallelEvaluator()

        var scheduler = try makeScheduler()
        let file = try ArchiveFile.create(for: scheduler, at: url)
        await scheduler.run(domain: MyDomain(), totalEvaluations: 50_000, evaluator: evaluator)
        try file.writeCheckpoint(scheduler)          // as often as you like; one transaction each
        try file.finish()

        // Later, or in another process: build the same scheduler, restore it, go on.
        var resumed = try makeScheduler()
        let reopened = try ArchiveFile.open(url, mode: .readWrite)
        try reopened.restore(into: &resumed)
        await resumed.run(domain: MyDomain(), totalEvaluations: 100_000, evaluator: evaluator)
        try reopened.writeCheckpoint(resumed)
        try reopened.finish()

        // The break changes nothing: a run straight to 100,000 gives the same archive.
        var straight = try makeScheduler()
        await straight.run(domain: MyDomain(), totalEvaluations: 100_000, evaluator: evaluator)
        let same = resumed.archive.stats == straight.archive.stats
        print("saved at \(scheduler.evaluations) evaluations, resumed to \(resumed.evaluations): same as without a break: \(same)")
        guard same else { throw ResumeMismatch() }
    }
}
// snippet-end

/// Eight genes in [-1, 1]. The objective is minus the genome's squared length, from -8
/// (worst) to 0 (best); the descriptor is the first two genes.
struct MyDomain: PerGenomeDomain {
    typealias Genome = [Double]
    let descriptorSpace = Box(dimension: 2, range: -1...1)
    var genomeLayout: Int { 8 }
    func evaluate(_ x: [Double]) throws -> Evaluation {
        Evaluation(objective: -x.reduce(0) { $0 + $1 * $1 }, descriptor: [x[0], x[1]])
    }
}

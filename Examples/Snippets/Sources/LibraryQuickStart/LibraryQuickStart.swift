import Tessera

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

@main
struct QuickStart {
    static func main() async throws {
        let archive = try GridArchive<[Double]>(shape: [50, 50], descriptorSpace: MyDomain().descriptorSpace,
                                                genomeLayout: 8, qdScoreOffset: -8)
        let mutation = try GaussianMutation(sigma: 0.1, bounds: GenomeBounds(Box(dimension: 8, range: -1...1)))
        let emitter = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(mutation),
                                        initialGenome: [Double](repeating: 0, count: 8), batchSize: 256)
        var scheduler = try Scheduler(archive: archive, emitters: [emitter], seed: 42)
        let evaluator = try ParallelEvaluator()
        await scheduler.run(domain: MyDomain(), totalEvaluations: 100_000, evaluator: evaluator)
        let stats = scheduler.archive.stats
        print("\(stats.numElites) elites of \(archive.cellCount) cells, QD score \(stats.qdScore), best objective \(stats.objMax ?? .nan)")
    }
}

import Tessera

/// Runs a MAP-Elites search on our own domain with our own operators and prints a summary.
@main
enum CustomDomainExample {
    static func main() async throws {
        let domain = RosenbrockDomain(dimension: 6)
        let box = domain.genomeBounds!
        let archive = try GridArchive<[Double]>(shape: [30, 30], descriptorSpace: domain.descriptorSpace,
                                                genomeLayout: domain.dimension, qdScoreOffset: -10_000)
        let emitters: [any Emitter<[Double]>] = try [
            RestartingEmitter(selection: BestHalfSelection(), mutation: CauchyMutation(scale: 0.05, box: box),
                              box: box, batchSize: 64),
            // Tessera's own parts mix freely with ours.
            VectorEmitter(selection: CuriositySelection(), variation: IsoLineVariation(isoSigma: 0.02, lineSigma: 0.2),
                          initialGenome: [Double](repeating: 0, count: domain.dimension), batchSize: 64,
                          bounds: GenomeBounds(box)),
        ]
        var scheduler = try Scheduler(archive: archive, emitters: emitters, seed: 7)
        try await scheduler.run(domain: domain, totalEvaluations: 50_000, evaluator: ParallelEvaluator())
        let stats = scheduler.archive.stats
        print("evaluations \(scheduler.evaluations), elites \(stats.numElites) of \(scheduler.archive.cellCount)")
        print("coverage \(stats.coverage), QD score \(stats.qdScore), best objective \(stats.objMax ?? .nan)")
        let best = scheduler.archive.elites.max { $0.objective < $1.objective }!
        print("best genome \(best.genome.map { ($0 * 1000).rounded() / 1000 })")
        guard stats.coverage > 0.5, stats.objMax! > -5 else {
            print("the search did not get far enough")
            exit(1)
        }
    }
}

import Foundation

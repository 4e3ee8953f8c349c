import Foundation
import Tessera

/// A deceptive toy: the objective pulls every gene towards 1, but the descriptor space is
/// the first two genes' sines, so behaviours far from the objective's optimum are worth
/// finding too.
struct Deceptive: PerGenomeDomain {
    typealias Genome = [Double]
    let descriptorSpace = Box(dimension: 2, range: -1...1)
    var genomeLayout: Int { 6 }
    func evaluate(_ x: [Double]) throws -> Evaluation {
        Evaluation(objective: -x.reduce(0) { $0 + ($1 - 1) * ($1 - 1) }, descriptor: [sin(3 * x[0]), sin(3 * x[1])])
    }
}

@main
struct NoveltySearchExample {
    static func main() async throws {
        let box = Box(dimension: 6, range: -2...2)
        let initial = PopulationEmitter<GaussianMutation>.uniformPopulation(in: box, count: 100, seed: 7)
        let mutation = try GaussianMutation(sigma: 0.2, bounds: GenomeBounds(box))
        // .novelty is Novelty Search; .noveltyWithLocalCompetition NSLC; .objective a plain GA.
        // The novelty archive's threshold: the maze's rule, scaled to this descriptor box.
        let threshold = AdaptiveThreshold.scaled(to: Deceptive().descriptorSpace)
        let search = try PopulationEmitter(score: .novelty, mutation: mutation, initialPopulation: initial,
                                           populationSize: 100, batchSize: 100,
                                           archive: try NoveltyArchive.Settings(rule: .threshold(threshold)))
        // The grid keeps the best genome met in each cell: the run's results.
        let results = try GridArchive<[Double]>(shape: [50, 50], descriptorSpace: Deceptive().descriptorSpace, genomeLayout: 6)
        var scheduler = try Scheduler(archive: results, emitters: [search], seed: 7)
        await scheduler.run(domain: Deceptive(), totalEvaluations: 20_000, evaluator: try ParallelEvaluator())
        let novelty = (scheduler.emitters[0] as? PopulationEmitter<GaussianMutation>)?.noveltyArchive?.stats.count ?? 0
        print("coverage \(scheduler.archive.stats.coverage), \(novelty) behaviours in the novelty archive")
    }
}

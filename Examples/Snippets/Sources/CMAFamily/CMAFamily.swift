import Tessera

/// Eight genes; the objective is minus the genome's squared distance to 0.3, from about
/// −20 (worst, at the box's corners) to 0; the descriptor is the first two genes.
struct Bowl: PerGenomeDomain {
    typealias Genome = [Double]
    let descriptorSpace = Box(dimension: 2, range: -1...1)
    var genomeLayout: Int { 8 }
    func evaluate(_ x: [Double]) throws -> Evaluation {
        Evaluation(objective: -x.reduce(0) { $0 + ($1 - 0.3) * ($1 - 0.3) }, descriptor: [x[0], x[1]])
    }
}

@main
struct CMAFamily {
    static func main() async throws {
        // snippet-begin
        // CMA-ES as an ask/tell optimiser: minimise the Rosenbrock function in 10-D.
        func rosenbrock(_ x: ArraySlice<Double>) -> Double {
            zip(x, x.dropFirst()).reduce(0) { $0 + 100 * ($1.0 * $1.0 - $1.1) * ($1.0 * $1.0 - $1.1) + (1 - $1.0) * (1 - $1.0) }
        }
        var es = try CMAEvolutionStrategy(mean: [Double](repeating: 0.1, count: 10), sigma: 0.5)
        var rng = Xoshiro256(seed: 1)
        while es.stop == nil && (es.best?.value ?? .infinity) > 1e-10 {
            let x = es.ask(using: &rng)  // λ rows of 10, row-major
            let values = (0..<es.populationSize).map { rosenbrock(x[$0 * 10 ..< ($0 + 1) * 10]) }
            es.tell(x, values: values)
        }
        print("f = \(es.best?.value ?? .nan) after \(es.evaluations) evaluations")
        // snippet-end

        // snippet-begin
        // CMA-MAE: soft thresholds on the search archive, an elitist result archive for
        // the results, 15 emitters of 36 ranking by improvement.
        let space = Bowl().descriptorSpace
        let soft = try GridArchive<[Double]>(shape: [50, 50], descriptorSpace: space, genomeLayout: 8, qdScoreOffset: -20,
                                             acceptance: Acceptance(learningRate: 0.01, thresholdMin: -20))
        let results = try GridArchive<[Double]>(shape: [50, 50], descriptorSpace: space, genomeLayout: 8, qdScoreOffset: -20)
        let emitters = try (0..<15).map { _ in
            try EvolutionStrategyEmitter(strategy: CMAEvolutionStrategy(mean: [Double](repeating: 0, count: 8), sigma: 0.5,
                                                                        populationSize: 36, active: false),
                                         ranker: .improvement, selection: .mu, restartRule: .basic)
        }
        var scheduler = try Scheduler(archive: soft, resultArchive: results, emitters: emitters, seed: 7)
        await scheduler.run(domain: Bowl(), totalEvaluations: 200_000, evaluator: try ParallelEvaluator())
        let stats = scheduler.results.stats
        print("\(stats.numElites) elites, QD score \(stats.qdScore)")
        // snippet-end
    }
}

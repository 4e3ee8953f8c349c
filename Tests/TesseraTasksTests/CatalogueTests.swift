import Testing
import Tessera
import TesseraTasks

/// The catalogue: algorithms and tasks declare themselves, runs are built from the
/// declarations, and combinations the declarations exclude are refused by name.
@Suite struct CatalogueTests {
    /// An algorithm declared outside Tessera's folders: MAP-Elites with tournament parents
    /// and its own option, limited to the arm.
    static let tournament = AlgorithmDeclaration(
        name: "tournament-map-elites", summary: "MAP-Elites with tournament parent selection", paper: "a test",
        tasks: ["arm"], archive: .grid,
        options: [RunOption(RunSetting("tournament_size"), kind: .count, help: "Tournament size.") { _ in .integer(3) }],
        emitter: { configuration, _ in
            try VectorEmitter(selection: TournamentSelection(size: configuration.integer(RunSetting("tournament_size")) ?? 0),
                              variation: MutationVariation(GaussianMutation(sigma: 0.1)),
                              initialGenome: [Double](repeating: 0, count: configuration.dimension), batchSize: configuration.batchSize,
                              bounds: configuration.task.genomeBounds(dimension: configuration.dimension))
        })

    @Test func aNewAlgorithmIsOneDeclaration() async throws {
        let configuration = RunConfiguration(task: .arm, algorithm: Self.tournament, batchSize: 50, evaluations: 500,
                                             options: [.grid: .shape([10, 10]), RunSetting("tournament_size"): .integer(4)])
        #expect(configuration.fields.map(\.0) == ["task", "algorithm", "dims", "seed", "evaluations", "batch_size", "grid",
                                                   "tournament_size", "qd_score_offset"])
        var run = try configuration.makeRun()
        #expect(try await run.run(totalEvaluations: 500, evaluator: ParallelEvaluator(workers: 1)) { _, _ in true })
        #expect(run.stats.numElites > 5)
        var zero = configuration
        zero.options[RunSetting("tournament_size")] = .integer(0)
        #expect(throws: ConfigurationError.self) { try zero.validate() }
    }

    @Test func anUnsupportedCombinationNamesTheValidOnes() throws {
        let catalogue = Catalogue(tasks: [.sphere, .rastrigin, .arm], algorithms: [.mapElites, Self.tournament])
        let error = try #require(throws: ConfigurationError.self) {
            try RunConfiguration(task: .sphere, algorithm: Self.tournament).validate(catalogue: catalogue)
        }
        #expect(error.setting == .algorithm)
        #expect(error.message == "--algorithm tournament-map-elites cannot search sphere (real-vector genomes); "
                + "for sphere use map-elites; tournament-map-elites searches arm")
        #expect(catalogue.algorithms(for: .sphere) == [.mapElites])
        #expect(catalogue.tasks(for: Self.tournament) == [.arm])
        #expect(throws: Never.self) { try RunConfiguration(task: .arm, algorithm: Self.tournament).validate(catalogue: catalogue) }
    }

    @Test func optionsOfAnotherAlgorithmAreRefusedNamingTheirUsers() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try RunConfiguration(task: .sphere, options: [.cells: .integer(50)]).validate()
        }
        #expect(error.message == "--cells does not apply to map-elites; it is used by cvt-map-elites")
        #expect(Catalogue.builtIn.algorithms(using: .grid) == [.mapElites, .lineMapElites, .random, .novelty, .nslc, .ga,
                                                               .cmaES, .cmaME, .cmaMEImp, .cmaMAE, .cmaMEBandit])
        #expect(Catalogue.builtIn.algorithms(using: .alpha) == [.cmaMAE])
        #expect(Catalogue.builtIn.algorithms(using: .neighbours) == [.novelty, .nslc])
    }

    @Test func optionsParseAndCheckByKind() throws {
        let grid = try #require(AlgorithmDeclaration.mapElites.option(.grid))
        #expect(try grid.parse("20X30") == .shape([20, 30]))
        #expect(throws: ConfigurationError.self) { try grid.parse("20by30") }
        #expect(throws: ConfigurationError.self) { try grid.check(.shape([0, 3])) }
        #expect(throws: ConfigurationError.self) { try grid.check(.number(3)) }
        let sigma = try #require(AlgorithmDeclaration.mapElites.option(.sigma))
        #expect(sigma.defaultValue(for: .arm) == .number(0.1) && sigma.defaultValue(for: .sphere) == .number(0.5))
        for bad in [-1, Double.nan, .infinity] { #expect(throws: ConfigurationError.self) { try sigma.check(.number(bad)) } }
    }

    @Test func everyDeclarationIsComplete() {
        for algorithm in Catalogue.builtIn.algorithms {
            #expect(!algorithm.summary.isEmpty && !algorithm.paper.isEmpty && !Catalogue.builtIn.tasks(for: algorithm).isEmpty)
            #expect(Set(algorithm.options.map(\.setting)).count == algorithm.options.count, "\(algorithm): options are unique")
            #expect(algorithm.options.allSatisfy { !RunSetting.common.contains($0.setting) })
        }
        for task in Catalogue.builtIn.tasks { #expect(!task.summary.isEmpty && task.defaultDimension >= task.minimumDimension) }
    }
}

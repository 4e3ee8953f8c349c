extension PopulationEmitter {
    /// `tessera.population-emitter`, whatever the mutation and genome types.
    public static var stateIdentifier: String { "tessera.population-emitter" }

    /// The emitter's counters and shapes, saved as one small JSON part.
    struct Counters: Codable, Hashable {
        var generation: Int
        /// Population members, or `nil` before the first generation.
        var populationCount: Int?
        var descriptorDimension: Int
        var hasArchive: Bool
    }

    /// The population and the novelty archive. Parts:
    /// - `population`: the genomes, as `doubles` (`μ × dimension`) for real vectors,
    ///   otherwise the genome column as JSON;
    /// - `descriptors` (`μ × descriptor dimension`), `objectives`, `scores` and
    ///   `member_evaluations` (μ each), as doubles;
    /// - `archive.behaviours`, `archive.objectives` (`rows` parts for an unbounded
    ///   archive, appended to by stores), `archive.counters` and so on
    ///   (``NoveltyArchive/save(into:prefix:)``);
    /// - `counters`: the generation and shapes, JSON.
    ///
    /// The configuration is not saved: the caller rebuilds it.
    /// - Throws: Encoding errors of JSON parts.
    public func saveState() throws -> ComponentState {
        var state = Self.emptyState()
        let dimension = population == nil || objectives.isEmpty ? 0 : descriptors.count / objectives.count
        try state.set("counters", json: Counters(generation: generation, populationCount: population?.count,
                                                 descriptorDimension: noveltyArchive?.dimension ?? dimension,
                                                 hasArchive: noveltyArchive != nil))
        if let population {
            if let vectors = population as? VectorColumn {
                state.set("population", .doubles(vectors.storage))
            } else {
                try state.set("population", json: population)
            }
            state.set("descriptors", .doubles(descriptors))
            state.set("objectives", .doubles(objectives))
            state.set("scores", .doubles(scores))
            state.set("member_evaluations", .doubles(memberEvaluations.map(Double.init)))
        }
        try noveltyArchive?.save(into: &state, prefix: "archive.")
        return state
    }

    /// Restores the population and the novelty archive, checking their shapes.
    ///
    /// - Throws: ``RestoreError`` for a missing, mismatched or impossible part;
    ///   `DecodingError` for a genome column that cannot be read.
    public mutating func restoreState(from state: ComponentState) throws {
        let counters = try state.decode(Counters.self, key: "counters")
        func refuse(_ problem: String) -> RestoreError {
            RestoreError(message: "the saved state of \(Self.stateIdentifier) \(problem)")
        }
        guard counters.generation >= 0 else { throw refuse("has generation \(counters.generation)") }
        var restored = self
        restored.generation = counters.generation
        if let count = counters.populationCount {
            let d = counters.descriptorDimension
            guard count >= 1, count <= populationSize, d >= 1 else {
                throw refuse("has \(count) members of descriptor dimension \(d) (population size \(populationSize))")
            }
            let column: Genome.Column
            if let vectors = initialPopulation as? VectorColumn {
                let storage = try state.doubles("population", count: count * vectors.dimension)
                column = VectorColumn(dimension: vectors.dimension, storage: storage) as! Genome.Column
            } else {
                column = try state.decode(Genome.Column.self, key: "population")
            }
            guard column.count == count, column.layout == initialPopulation.layout else {
                throw refuse("has a population of \(column.count) genomes or of another layout, expected \(count)")
            }
            restored.population = column
            restored.descriptors = try state.doubles("descriptors", count: count * d)
            restored.objectives = try state.doubles("objectives", count: count)
            restored.scores = try state.doubles("scores", count: count)
            // States saved before members' evaluations were kept: unknown (−1).
            let members = state.parts["member_evaluations"] == nil ? nil : try state.doubles("member_evaluations", count: count)
            guard members.map({ $0.allSatisfy { $0 >= -1 && $0 < 9e15 && $0.rounded() == $0 } }) ?? true else {
                throw refuse("has members' evaluations that are not whole numbers")
            }
            restored.memberEvaluations = members.map { $0.map { Int($0) } } ?? [Int](repeating: -1, count: count)
            guard restored.descriptors.allSatisfy(\.isFinite), restored.objectives.allSatisfy(\.isFinite),
                  !restored.scores.contains(where: \.isNaN) else {
                throw refuse("holds NaN or an infinity in the population's descriptors, objectives or scores")
            }
        } else {
            restored.population = nil
            restored.descriptors = []
            restored.objectives = []
            restored.memberEvaluations = []
            restored.scores = []
        }
        if counters.hasArchive {
            let archive = try NoveltyArchive(restoring: state, prefix: "archive.", settings: archiveSettings)
            if counters.populationCount != nil, archive.dimension != counters.descriptorDimension {
                throw refuse("has a novelty archive of dimension \(archive.dimension), descriptors of \(counters.descriptorDimension)")
            }
            restored.noveltyArchive = archive
        } else {
            restored.noveltyArchive = nil
        }
        self = restored
    }
}

extension TaxonsEmitter {
    public static var stateIdentifier: String { "tessera.taxons-emitter" }

    private struct Counters: Codable {
        var generation: Int
        var archived: [Bool]
        var populationCount: Int?
    }

    /// Saves the generation, the archived flags and the population.
    public func saveState() throws -> ComponentState {
        var state = Self.emptyState()
        try state.set("counters", json: Counters(generation: generation, archived: archived, populationCount: population?.count))
        if let population { state.set("population", .doubles(population.storage)) }
        return state
    }

    /// Restores a saved state, checking that it fits this emitter's population.
    public mutating func restoreState(from state: ComponentState) throws {
        let counters = try state.decode(Counters.self, key: "counters")
        guard counters.generation >= 0 else { throw RestoreError(message: "the saved TAXONS generation is \(counters.generation)") }
        var restored = self
        restored.pending = nil
        restored.generation = counters.generation
        if let count = counters.populationCount {
            guard count == batchSize, counters.archived.count == count else {
                throw RestoreError(message: "the saved TAXONS population has \(count) members and \(counters.archived.count) flags, "
                                   + "this emitter \(batchSize)")
            }
            let storage = try state.doubles("population", count: count * initialPopulation.dimension)
            guard storage.allSatisfy(\.isFinite) else { throw RestoreError(message: "the saved TAXONS population has a non-finite gene") }
            restored.population = VectorColumn(dimension: initialPopulation.dimension, storage: storage)
            restored.archived = counters.archived
        } else {
            restored.population = nil
            restored.archived = []
        }
        self = restored
    }

    private enum CodingKeys: String, CodingKey {
        case signal, mutation, mutationRate, neighbours, selected, noveltyGenerations, initialPopulation
    }

    /// Decodes the configuration, checking it as the initialiser does.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let signal = try c.decode(TaxonsSignal.self, forKey: .signal)
        let mutation = try c.decode(M.self, forKey: .mutation)
        let rate = try c.decode(Double.self, forKey: .mutationRate)
        let k = try c.decode(Int.self, forKey: .neighbours)
        let selected = try c.decode(Int.self, forKey: .selected)
        let generations = try c.decode(Int.self, forKey: .noveltyGenerations)
        let initial = try c.decode(VectorColumn.self, forKey: .initialPopulation)
        self = try DecodingError.validating(decoder) { () throws(ParameterError) in
            try Self(signal: signal, mutation: mutation, initialPopulation: initial, mutationRate: rate, neighbours: k,
                     selected: selected, noveltyGenerations: generations)
        }
    }

    /// Encodes the configuration only; the population is state.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(signal, forKey: .signal)
        try c.encode(mutation, forKey: .mutation)
        try c.encode(mutationRate, forKey: .mutationRate)
        try c.encode(neighbours, forKey: .neighbours)
        try c.encode(selected, forKey: .selected)
        try c.encode(noveltyGenerations, forKey: .noveltyGenerations)
        try c.encode(initialPopulation, forKey: .initialPopulation)
    }
}

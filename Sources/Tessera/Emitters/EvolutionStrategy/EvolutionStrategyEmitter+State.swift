import Foundation

extension EvolutionStrategyEmitter {
    /// `tessera.evolution-strategy-emitter`.
    public static var stateIdentifier: String { "tessera.evolution-strategy-emitter" }

    /// The strategy as binary parts under `strategy.` (its own layout) and the emitter's
    /// counters and random direction as a JSON part `emitter-state`. The configuration is
    /// not saved: the caller rebuilds it.
    ///
    /// - Throws: Encoding errors of the JSON part (none in practice).
    public func saveState() throws -> ComponentState {
        var state = Self.emptyState()
        try state.set("emitter-state", json: Counters(strategy: String(describing: Strategy.self), restarts: restarts,
                                                     iterations: iterations, clippedRows: clippedRows, direction: direction))
        strategy.save(into: &state, prefix: "strategy.")
        return state
    }

    /// Restores the strategy and the counters, checking them: the same kind of strategy,
    /// counters of at least 0, a finite direction of the archive's dimension.
    ///
    /// - Throws: ``RestoreError`` for a missing, mismatched or impossible part.
    public mutating func restoreState(from state: ComponentState) throws {
        let counters = try state.decode(Counters.self, key: "emitter-state")
        let kind = String(describing: Strategy.self)
        func refuse(_ problem: String) -> RestoreError { RestoreError(message: "EvolutionStrategyEmitter: the saved \(problem)") }
        guard counters.strategy == kind else { throw refuse("strategy is \(counters.strategy), this emitter adapts \(kind)") }
        guard counters.restarts >= 0, counters.iterations >= 0, counters.clippedRows >= 0 else { throw refuse("counters are negative") }
        if let direction = counters.direction {
            guard !direction.isEmpty, direction.allSatisfy(\.isFinite) else { throw refuse("random direction is empty or not finite") }
        }
        var restored = strategy
        try restored.restore(from: state, prefix: "strategy.")
        strategy = restored
        restarts = counters.restarts
        iterations = counters.iterations
        clippedRows = counters.clippedRows
        direction = counters.direction
    }

    /// The emitter's own state, saved as JSON.
    struct Counters: Codable, Hashable {
        var strategy: String
        var restarts: Int
        var iterations: Int
        var clippedRows: Int
        var direction: [Double]?
    }
}

extension EvolutionStrategyEmitter {
    /// The emitter's settings, without the strategy's matrices: what a file keeps of its
    /// configuration.
    public func configurationJSON() throws -> Data {
        try StateCoding.encoder.encode(Settings(strategy: String(describing: Strategy.self), dimension: strategy.dimension,
                                                sigma0: strategy.sigma, populationSize: strategy.populationSize, batchSize: batchSize,
                                                initialMean: initialMean, ranker: ranker, selection: selection,
                                                restartRule: restartRule, bounds: bounds, maximumResamples: maximumResamples))
    }

    /// The settings ``configurationJSON()`` writes.
    struct Settings: Codable {
        var strategy: String
        var dimension: Int
        /// The step size when the run was created (the initial one).
        var sigma0: Double
        var populationSize: Int
        var batchSize: Int
        var initialMean: [Double]
        var ranker: Ranker
        var selection: SelectionRule
        var restartRule: RestartRule
        var bounds: Box?
        var maximumResamples: Int
    }
}

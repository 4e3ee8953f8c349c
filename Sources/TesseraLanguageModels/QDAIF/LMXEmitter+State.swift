import Tessera

extension LMXEmitter {
    /// The stable name of the emitter's saved state.
    public static var stateIdentifier: String { "tessera.lmx-emitter" }

    /// The quality-only champion, when there is one, and the run's language-model figures
    /// so far (``runStatistics``, part `llm_statistics`); the configuration and the client
    /// are the run's, rebuilt, not saved.
    public func saveState() throws -> ComponentState {
        var state = Self.emptyState()
        try state.set("selection", json: selection)
        try state.set(Self.statisticsKey, json: runStatistics)
        if let best { try state.set("champion", json: best) }
        return state
    }

    /// The part holding the run's language-model figures.
    public static let statisticsKey = "llm_statistics"

    /// Restores the champion and the earlier figures, checking that the state is one of the same selection.
    ///
    /// - Throws: ``RestoreError`` for a state of another selection or a champion whose
    ///   quality is not finite.
    public mutating func restoreState(from state: ComponentState) throws {
        let saved = try state.decode(Selection.self, key: "selection")
        guard saved == selection else {
            throw RestoreError(message: "the saved LMX emitter selects by \(saved.rawValue), not \(selection.rawValue)")
        }
        earlierStatistics = state.parts[Self.statisticsKey] == nil ? LanguageModelStatistics()
            : try state.decode(LanguageModelStatistics.self, key: Self.statisticsKey)
        if state.parts["champion"] != nil {
            let champion = try state.decode(Champion.self, key: "champion")
            guard champion.quality.isFinite, selection == .qualityOnly else {
                throw RestoreError(message: "the saved LMX emitter's champion is not a finite-quality text of a quality-only search")
            }
            best = champion
        } else {
            best = nil
        }
    }
}

extension VectorEmitter {
    /// `tessera.vector-emitter`, whatever the selection and variation types.
    public static var stateIdentifier: String { "tessera.vector-emitter" }

    /// The selection's state (curiosity scores; nothing to speak of for uniform
    /// selection) as one JSON part, `selection`. The rest is configuration, rebuilt by
    /// the caller.
    ///
    /// - Throws: The selection's encoding errors.
    public func saveState() throws -> ComponentState {
        var state = Self.emptyState()
        try state.set("selection", json: selection)
        return state
    }

    /// Restores the selection's state, checked as its `init(from:)` checks it.
    ///
    /// - Throws: ``RestoreError`` for a missing or non-JSON part; `DecodingError` for a
    ///   selection that cannot be read or holds a refused value.
    public mutating func restoreState(from state: ComponentState) throws {
        selection = try state.decode(S.self, key: "selection")
    }
}

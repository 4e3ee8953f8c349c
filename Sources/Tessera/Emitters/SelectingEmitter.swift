/// An emitter whose only mutable state is its parent selection's (curiosity scores,
/// novelty scores): ``VectorEmitter`` and ``MutationEmitter``. It saves that state as one
/// JSON part, `selection`; everything else is configuration, rebuilt by the caller.
public protocol SelectingEmitter: Emitter {
    /// The selection's type.
    associatedtype ParentSelection: Selection
    /// Parent selection (and its state).
    var selection: ParentSelection { get set }
}

extension SelectingEmitter {
    /// The selection's state as one JSON part, `selection`.
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
        selection = try state.decode(ParentSelection.self, key: "selection")
    }
}

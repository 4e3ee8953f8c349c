extension UniformEmitter {
    /// `tessera.uniform-emitter`.
    public static var stateIdentifier: String { "tessera.uniform-emitter" }

    /// No parts: the emitter has no mutable state.
    public func saveState() throws -> ComponentState { Self.emptyState() }

    /// Nothing to restore.
    public mutating func restoreState(from state: ComponentState) throws {}
}

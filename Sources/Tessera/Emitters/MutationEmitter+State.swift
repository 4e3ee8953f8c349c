extension MutationEmitter: SelectingEmitter {
    /// `tessera.mutation-emitter`, whatever the selection, mutation and genome types.
    public static var stateIdentifier: String { "tessera.mutation-emitter" }
}

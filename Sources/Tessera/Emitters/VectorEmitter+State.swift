extension VectorEmitter: SelectingEmitter {
    /// `tessera.vector-emitter`, whatever the selection and variation types.
    public static var stateIdentifier: String { "tessera.vector-emitter" }
}

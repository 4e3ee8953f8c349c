extension CMAEvolutionStrategy {
    /// The update works from the candidates alone.
    public var usesNormals: Bool { false }
}

extension SeparableCMAEvolutionStrategy {
    /// The update works from the candidates alone.
    public var usesNormals: Bool { false }
}

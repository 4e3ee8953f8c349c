/// The number type of a latent: `Double` (the built-in model) or `Float` (real models,
/// float32 on the wire and in files). A latent's numbers are saved in run state as the
/// matching binary part.
public protocol LatentScalar: BinaryFloatingPoint, Sendable, Codable {
    /// `values` as a part of saved state.
    static func statePart(_ values: [Self]) -> StatePart
    /// The numbers of the part under `key`, `count` of them when given.
    ///
    /// - Throws: ``RestoreError`` for a missing part, one of another kind or another count.
    static func values(in state: ComponentState, key: String, count: Int?) throws -> [Self]
}

extension Double: LatentScalar {
    public static func statePart(_ values: [Double]) -> StatePart { .doubles(values) }
    public static func values(in state: ComponentState, key: String, count: Int?) throws -> [Double] {
        try state.doubles(key, count: count)
    }
}

extension Float: LatentScalar {
    public static func statePart(_ values: [Float]) -> StatePart { .floats(values) }
    public static func values(in state: ComponentState, key: String, count: Int?) throws -> [Float] {
        try state.floats(key, count: count)
    }
}

/// The number type of a latent: `Double` (the built-in model) or `Float` (real models,
/// float32 on the wire and in files). A latent's numbers are saved in run state as the
/// matching binary part.
///
/// The loops over every number of a latent (drawing noise, mutating) are requirements, so
/// each runs as concrete code even where EvoSearch is not specialised for the latent's type.
public protocol LatentScalar: BinaryFloatingPoint, Sendable, Codable {
    /// Fills `buffer` with standard normals drawn in order from `generator` (rounded to
    /// `Self`).
    static func fillNormals(_ buffer: UnsafeMutableBufferPointer<Self>, using generator: inout Xoshiro256)
    /// x ← keep · x + scale · ε for every number in order, ε standard normals from
    /// `generator`, computed in double precision.
    static func perturb(_ x: UnsafeMutableBufferPointer<Self>, keep: Double, scale: Double, using generator: inout Xoshiro256)
    /// `values` as a part of saved state.
    static func statePart(_ values: [Self]) -> StatePart
    /// The numbers of the part under `key`, `count` of them when given.
    ///
    /// - Throws: ``RestoreError`` for a missing part, one of another kind or another count.
    static func values(in state: ComponentState, key: String, count: Int?) throws -> [Self]
}

extension Double: LatentScalar {
    public static func fillNormals(_ buffer: UnsafeMutableBufferPointer<Double>, using generator: inout Xoshiro256) {
        for j in buffer.indices { buffer[j] = generator.nextNormal() }
    }
    public static func perturb(_ x: UnsafeMutableBufferPointer<Double>, keep: Double, scale: Double, using generator: inout Xoshiro256) {
        for j in x.indices { x[j] = keep * x[j] + scale * generator.nextNormal() }
    }
    public static func statePart(_ values: [Double]) -> StatePart { .doubles(values) }
    public static func values(in state: ComponentState, key: String, count: Int?) throws -> [Double] {
        try state.doubles(key, count: count)
    }
}

extension Float: LatentScalar {
    public static func fillNormals(_ buffer: UnsafeMutableBufferPointer<Float>, using generator: inout Xoshiro256) {
        for j in buffer.indices { buffer[j] = Float(generator.nextNormal()) }
    }
    public static func perturb(_ x: UnsafeMutableBufferPointer<Float>, keep: Double, scale: Double, using generator: inout Xoshiro256) {
        for j in x.indices { x[j] = Float(keep * Double(x[j]) + scale * generator.nextNormal()) }
    }
    public static func statePart(_ values: [Float]) -> StatePart { .floats(values) }
    public static func values(in state: ComponentState, key: String, count: Int?) throws -> [Float] {
        try state.floats(key, count: count)
    }
}

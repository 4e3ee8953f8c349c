import Tessera

/// How a run stores a generator's outputs as the genomes of its archive: the built-in
/// model's double-precision points as real vectors, a real model's Float32 latents as
/// tensors of the latent's shape.
public protocol DiffusionOutput: LatentScalar {
    /// The archive's genome.
    associatedtype Genome: Tessera.Genome
    /// The genome of an output of `shape`.
    static func genome(_ output: [Self], shape: [Int]) -> Genome
    /// The numbers of a genome.
    static func output(of genome: Genome) -> [Self]
    /// The genome layout of outputs of `shape`.
    static func layout(shape: [Int]) -> Genome.Column.Layout
}

extension Double: DiffusionOutput {
    public static func genome(_ output: [Double], shape: [Int]) -> [Double] { output }
    public static func output(of genome: [Double]) -> [Double] { genome }
    public static func layout(shape: [Int]) -> Int { shape.reduce(1, *) }
}

extension Float: DiffusionOutput {
    public static func genome(_ output: [Float], shape: [Int]) -> FloatTensor { try! FloatTensor(shape: shape, values: output) }
    public static func output(of genome: FloatTensor) -> [Float] { genome.values }
    public static func layout(shape: [Int]) -> [Int] { shape }
}

/// A dense autoencoder as a descriptor learner: the code of a row is the output of the
/// encoder's last layer, and its reconstruction error is the mean squared error per
/// component of the decoder's output.
///
/// TAXONS (Paolo et al. 2020) and AURORA (Grillotti & Cully 2022) learn the descriptor
/// with an autoencoder and use its reconstruction error as surprise. Theirs are
/// convolutional for images; this one is fully connected (see `Docs/Caveats.md` and `Docs/LearnedDescriptors.md`).
///
/// - Architecture: ``Configuration/widths`` `[d, h₁, …, hₖ, c, hₖ, …, h₁, d]`, one
///   ``Activation`` per layer. The weights and biases of all layers live in one
///   contiguous Float buffer, ``parameters`` (per layer: `W`, `in × out` row-major, then
///   `b`).
/// - Initialisation: uniform Glorot (He for ``Activation/relu`` layers) weights and zero
///   biases, drawn from a ``Xoshiro256`` seeded with the initialiser's `seed`. Before
///   the first fit, encoding uses these weights, so it is deterministic for the seed.
/// - Training: ``fit(_:count:seed:)`` continues from the current weights (a warm start,
///   as TAXONS keeps training one network) with fresh Adam moments; every forward and
///   backward pass is BLAS `sgemm` over a whole minibatch. See
///   ``fit(_:count:seed:)`` for the held-out split and early stopping.
/// - Determinism: the same starting weights, rows, seed and OpenBLAS thread count give
///   bit-identical weights. The thread count matters: with 1,024-wide layers, 1 and 2
///   OpenBLAS threads gave weights that differ in the last bits, so a run that must be
///   reproducible fixes it with ``BLASThreads/set(_:)`` (see `Docs/LearnedDescriptors.md`).
/// - State size: ``Configuration/parameterCount`` Floats, stored as little-endian
///   Float32 bytes (base64 in JSON): 2.2 MB for 1,024 → 256 → 64 → 10 and back.
public struct Autoencoder: DescriptorLearner {
    /// The architecture and training settings.
    public let configuration: Configuration
    /// The weights and biases of every layer, back to back (see ``Autoencoder``).
    public internal(set) var parameters: [Float]
    /// Whether ``fit(_:count:seed:)`` has completed at least once.
    public internal(set) var isFitted: Bool
    /// The layers, with their offsets into ``parameters``.
    let layers: [DenseLayer]

    /// The number of Float components of each observation row.
    public var inputDimension: Int { configuration.inputDimension }
    /// The number of components of each code.
    public var codeDimension: Int { configuration.codeDimension }

    /// Creates an autoencoder with seeded initial weights.
    ///
    /// - Parameters:
    ///   - configuration: The architecture and training settings.
    ///   - seed: Seeds the initial weights.
    /// - Throws: ``LearnerError/invalidConfiguration(_:)`` naming the first bad setting
    ///   (see ``Configuration/validate(memoryBytes:)``).
    /// - Complexity: O(``Configuration/parameterCount``).
    public init(configuration: Configuration, seed: UInt64) throws(LearnerError) {
        try configuration.validate()
        self.configuration = configuration
        self.layers = DenseLayer.stack(widths: configuration.widths, activations: configuration.layerActivations)
        self.isFitted = false
        var parameters = [Float](repeating: 0, count: configuration.parameterCount!)
        var rng = Xoshiro256(seed: seed)
        for layer in layers {
            let bound = layer.activation.initialisationBound(fanIn: layer.inputSize, fanOut: layer.outputSize)
            for i in layer.weightOffset..<layer.biasOffset {
                parameters[i] = Float((2 * rng.nextUnitDouble() - 1) * bound)
            }
        }
        self.parameters = parameters
    }

    /// Creates an autoencoder with given weights, for decoding.
    init(configuration: Configuration, parameters: [Float], isFitted: Bool) throws(LearnerError) {
        try configuration.validate()
        guard parameters.count == configuration.parameterCount else {
            throw .invalidConfiguration("Autoencoder parameters hold \(parameters.count) Floats, the layers \(configuration.widths) need \(configuration.parameterCount!)")
        }
        if let bad = parameters.firstIndex(where: { !$0.isFinite }) {
            throw .invalidConfiguration("Autoencoder parameters[\(bad)] is not finite")
        }
        self.configuration = configuration
        self.layers = DenseLayer.stack(widths: configuration.widths, activations: configuration.layerActivations)
        self.parameters = parameters
        self.isFitted = isFitted
    }
}

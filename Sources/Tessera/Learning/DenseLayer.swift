/// One fully connected layer of an ``Autoencoder``: where its weights and bias live in
/// the network's flat parameter buffer, and its activation.
///
/// The weights are an `inputSize × outputSize` row-major matrix `W` at ``weightOffset``,
/// followed by `outputSize` biases at ``biasOffset``, so a minibatch `X` (`rows ×
/// inputSize`, row-major) maps to `f(X W + 1 bᵀ)` with one `sgemm`.
struct DenseLayer: Hashable, Sendable {
    /// The width of the layer's input.
    let inputSize: Int
    /// The width of the layer's output.
    let outputSize: Int
    /// The activation applied to the output.
    let activation: Activation
    /// Where `W` starts in the parameter buffer.
    let weightOffset: Int

    /// Where the bias starts in the parameter buffer (right after `W`).
    var biasOffset: Int { weightOffset + inputSize * outputSize }
    /// The number of parameters: weights and biases.
    var parameterCount: Int { (inputSize + 1) * outputSize }

    /// The layers of a network with the given widths (`widths[0]` is the input) and one
    /// activation per layer, packed back to back from offset 0.
    static func stack(widths: [Int], activations: [Activation]) -> [DenseLayer] {
        precondition(activations.count == widths.count - 1, "one activation per layer")
        var layers: [DenseLayer] = []
        var offset = 0
        for l in 0..<activations.count {
            let layer = DenseLayer(inputSize: widths[l], outputSize: widths[l + 1], activation: activations[l], weightOffset: offset)
            layers.append(layer)
            offset += layer.parameterCount
        }
        return layers
    }
}

/// The buffers of one forward and backward pass of an ``Autoencoder`` over up to
/// `capacity` rows: each layer's outputs, two ping-pong gradient buffers and the gradient
/// of the parameters. Allocated once per fit or encoding call, never per minibatch.
final class AutoencoderWorkspace {
    /// The most rows one pass can hold.
    let capacity: Int
    /// The layers the buffers are sized for.
    let layers: [DenseLayer]
    /// Layer `l`'s outputs, `capacity × layers[l].outputSize` each.
    let outputs: [UnsafeMutablePointer<Float>]
    /// Gradients with respect to a layer's pre-activations, `capacity × widest` each.
    private(set) var delta: UnsafeMutablePointer<Float>
    private(set) var spare: UnsafeMutablePointer<Float>
    /// The gradient of the loss with respect to every parameter.
    let gradient: UnsafeMutableBufferPointer<Float>

    init(layers: [DenseLayer], capacity: Int, parameterCount: Int, withGradients: Bool) {
        self.capacity = capacity
        self.layers = layers
        outputs = layers.map { layer in
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(1, capacity * layer.outputSize))
            buffer.initialize(repeating: 0, count: max(1, capacity * layer.outputSize))
            return buffer
        }
        let widest = withGradients ? layers.map { max($0.inputSize, $0.outputSize) }.max()! : 0
        delta = .allocate(capacity: max(1, capacity * widest))
        delta.initialize(repeating: 0, count: max(1, capacity * widest))
        spare = .allocate(capacity: max(1, capacity * widest))
        spare.initialize(repeating: 0, count: max(1, capacity * widest))
        gradient = .allocate(capacity: withGradients ? parameterCount : 0)
        gradient.initialize(repeating: 0)
    }

    deinit {
        for buffer in outputs { buffer.deallocate() }
        delta.deallocate()
        spare.deallocate()
        gradient.deallocate()
    }

    /// Exchanges ``delta`` and the spare buffer.
    func swapDeltas() { swap(&delta, &spare) }
}

extension Autoencoder {
    /// Back-propagates the loss of the last ``forward(_:input:rows:layers:workspace:)``
    /// over all layers, writing the gradient of the minibatch loss
    /// `L = Σ (y − x)² / (rows · d)` with respect to every parameter into the workspace.
    ///
    /// With `δ_L = 2 (Y − X) / (rows · d) ⊙ f′`, each layer takes two `sgemm`s:
    /// `∇W_l = A_{l−1}ᵀ δ_l` and `δ_{l−1} = (δ_l W_lᵀ) ⊙ f′_{l−1}`; `∇b_l` is the column sum
    /// of `δ_l`.
    ///
    /// - Complexity: O(`rows` × ``Configuration/parameterCount``).
    func backward(_ theta: UnsafeBufferPointer<Float>, input: UnsafePointer<Float>, rows: Int,
                  workspace: AutoencoderWorkspace) {
        let d = inputDimension
        let last = layers.count - 1
        let y = workspace.outputs[last]
        let scale = 2 / Float(rows * d)
        var delta = workspace.delta
        for i in 0..<(rows * d) { delta[i] = scale * (y[i] - input[i]) }
        layers[last].activation.multiplyDerivative(delta, outputs: y, count: rows * d)
        let g = workspace.gradient
        for l in stride(from: last, through: 0, by: -1) {
            let layer = layers[l]
            let (k, n) = (layer.inputSize, layer.outputSize)
            let previous: UnsafePointer<Float> = l == 0 ? input : UnsafePointer(workspace.outputs[l - 1])
            BLAS.gemm(.transposed, .none, m: k, n: n, k: rows,
                      a: UnsafeBufferPointer(start: previous, count: rows * k), lda: k,
                      b: UnsafeBufferPointer(start: delta, count: rows * n), ldb: n,
                      c: UnsafeMutableBufferPointer(rebasing: g[layer.weightOffset..<layer.biasOffset]), ldc: n)
            let bias = g.baseAddress! + layer.biasOffset
            bias.update(repeating: 0, count: n)
            for r in 0..<rows {
                let row = delta + r * n
                for j in 0..<n { bias[j] += row[j] }
            }
            if l > 0 {
                let next = workspace.spare
                BLAS.gemm(.none, .transposed, m: rows, n: k, k: n,
                          a: UnsafeBufferPointer(start: delta, count: rows * n), lda: n,
                          b: UnsafeBufferPointer(rebasing: theta[layer.weightOffset..<layer.biasOffset]), ldb: n,
                          c: UnsafeMutableBufferPointer(start: next, count: rows * k), ldc: k)
                layers[l - 1].activation.multiplyDerivative(next, outputs: previous, count: rows * k)
                workspace.swapDeltas()
                delta = workspace.delta
            }
        }
    }

    /// The loss `Σ (y − x)² / (count · d)` of `count` rows as one minibatch, and its
    /// gradient with respect to ``parameters`` (same layout): the hook for gradient tests.
    func lossAndGradient(_ observations: [Float], count: Int) -> (loss: Double, gradient: [Float]) {
        LearnerError.requireSize(observations, count: count, inputDimension: inputDimension)
        let workspace = AutoencoderWorkspace(layers: layers, capacity: count, parameterCount: parameters.count, withGradients: true)
        var loss = 0.0
        parameters.withUnsafeBufferPointer { theta in
            observations.withUnsafeBufferPointer { x in
                forward(theta, input: x.baseAddress!, rows: count, layers: layers.count, workspace: workspace)
                rowErrors(input: x.baseAddress!, rows: count, workspace: workspace) { _, error in loss += error }
                backward(theta, input: x.baseAddress!, rows: count, workspace: workspace)
            }
        }
        return (loss / Double(count), Array(workspace.gradient))
    }
}

extension Autoencoder {
    /// Rows per forward pass when encoding outside training.
    static let encodingBlockRows = 1024

    /// Codes of `count` rows: the encoder's output, `count × codeDimension` Doubles.
    ///
    /// Rows go through the encoder in blocks of up to 1,024, one `sgemm` per layer and block.
    ///
    /// - Precondition: `observations.count == count × inputDimension`.
    /// - Complexity: O(`count` × the encoder's weights).
    public func encode(_ observations: [Float], count: Int) -> [Double] {
        run(observations, count: count, codes: true, errors: false).codes
    }

    /// Per-row reconstruction error: the mean squared error per component between each
    /// row and the decoder's output.
    ///
    /// - Precondition: `observations.count == count × inputDimension`.
    /// - Complexity: O(`count` × ``Configuration/parameterCount``).
    public func reconstructionErrors(_ observations: [Float], count: Int) -> [Double] {
        run(observations, count: count, codes: false, errors: true).errors
    }

    /// Codes and reconstruction errors from one forward pass.
    ///
    /// - Precondition: `observations.count == count × inputDimension`.
    /// - Complexity: O(`count` × ``Configuration/parameterCount``).
    public func encodeWithErrors(_ observations: [Float], count: Int) -> (codes: [Double], errors: [Double]) {
        run(observations, count: count, codes: true, errors: true)
    }

    /// The mean of the per-row reconstruction errors of `count` rows (the training loss).
    func loss(_ observations: [Float], count: Int) -> Double {
        let errors = reconstructionErrors(observations, count: count)
        return errors.reduce(0, +) / Double(max(1, count))
    }

    private func run(_ observations: [Float], count: Int, codes wantCodes: Bool, errors wantErrors: Bool)
        -> (codes: [Double], errors: [Double]) {
        LearnerError.requireSize(observations, count: count, inputDimension: inputDimension)
        let d = inputDimension
        let c = codeDimension
        var codes = [Double](repeating: 0, count: wantCodes ? count * c : 0)
        var errors = [Double](repeating: 0, count: wantErrors ? count : 0)
        if count == 0 { return (codes, errors) }
        let capacity = min(count, Self.encodingBlockRows)
        let workspace = AutoencoderWorkspace(layers: layers, capacity: capacity, parameterCount: parameters.count, withGradients: false)
        let depth = wantErrors ? layers.count : configuration.encoderLayerCount
        let codeLayer = configuration.encoderLayerCount - 1
        parameters.withUnsafeBufferPointer { theta in
            observations.withUnsafeBufferPointer { x in
                var first = 0
                while first < count {
                    let rows = min(capacity, count - first)
                    let input = x.baseAddress! + first * d
                    forward(theta, input: input, rows: rows, layers: depth, workspace: workspace)
                    if wantCodes {
                        let z = workspace.outputs[codeLayer]
                        for i in 0..<(rows * c) { codes[first * c + i] = Double(z[i]) }
                    }
                    if wantErrors {
                        rowErrors(input: input, rows: rows, workspace: workspace) { errors[first + $0] = $1 }
                    }
                    first += rows
                }
            }
        }
        return (codes, errors)
    }

    /// Runs the first `depth` layers on `rows` rows at `input`, leaving each layer's
    /// outputs in the workspace: `A_l = f_l(A_{l−1} W_l + 1 b_lᵀ)`, the bias written
    /// first and the product added by one `sgemm`.
    func forward(_ theta: UnsafeBufferPointer<Float>, input: UnsafePointer<Float>, rows: Int, layers depth: Int,
                 workspace: AutoencoderWorkspace) {
        precondition(rows <= workspace.capacity)
        var previous = input
        for l in 0..<depth {
            let layer = layers[l]
            let out = workspace.outputs[l]
            let n = layer.outputSize
            let bias = theta.baseAddress! + layer.biasOffset
            for r in 0..<rows { (out + r * n).update(from: bias, count: n) }
            BLAS.gemm(m: rows, n: n, k: layer.inputSize,
                      a: UnsafeBufferPointer(start: previous, count: rows * layer.inputSize), lda: layer.inputSize,
                      b: UnsafeBufferPointer(rebasing: theta[layer.weightOffset..<layer.biasOffset]), ldb: n,
                      beta: 1, c: UnsafeMutableBufferPointer(start: out, count: rows * n), ldc: n)
            layer.activation.apply(out, count: rows * n)
            previous = UnsafePointer(out)
        }
    }

    /// Reports the mean squared error per component of each row's reconstruction (the
    /// last layer's output after a full ``forward(_:input:rows:layers:workspace:)``).
    func rowErrors(input: UnsafePointer<Float>, rows: Int, workspace: AutoencoderWorkspace, _ report: (Int, Double) -> Void) {
        let d = inputDimension
        let y = workspace.outputs[layers.count - 1]
        for r in 0..<rows {
            var sum: Float = 0
            let base = r * d
            for j in 0..<d {
                let e = y[base + j] - input[base + j]
                sum += e * e
            }
            report(r, Double(sum) / Double(d))
        }
    }
}

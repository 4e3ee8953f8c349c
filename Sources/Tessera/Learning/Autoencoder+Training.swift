extension Autoencoder {
    /// Trains the network on `count` rows with Adam and minibatches, continuing from the
    /// current weights.
    ///
    /// - The seed drives a ``Xoshiro256`` that first draws the held-out split: with
    ///   ``Configuration/heldOutFraction`` `f > 0` and at least
    ///   ``Configuration/minimumRowsForHoldOut`` rows, `max(1, ⌊f · count⌋)` random rows
    ///   are kept out of training. It then shuffles the training rows before every epoch.
    /// - Each minibatch of up to ``Configuration/batchSize`` rows is copied into one
    ///   buffer, run forward and backward (``backward(_:input:rows:workspace:)``), and
    ///   followed by one Adam step. The last minibatch of an epoch may be smaller.
    /// - With a held-out split, the held-out loss is measured after every epoch; the
    ///   weights of the epoch with the lowest held-out loss are kept (restored at the
    ///   end), and training stops once ``Configuration/patience`` epochs in a row have
    ///   not lowered it.
    /// - Adam's moments start at zero for each fit.
    ///
    /// - Parameters:
    ///   - observations: `count × inputDimension` Floats, row-major.
    ///   - count: The number of rows, at least 1.
    ///   - seed: Drives the held-out split and the shuffles.
    /// - Returns: The fit report: epochs run, the kept epoch, its mean minibatch training
    ///   loss, its held-out loss, whether training stopped early, and the wall time.
    /// - Throws: ``LearnerError/observationSize(elements:count:inputDimension:)``,
    ///   ``LearnerError/nonFiniteValue(row:column:)``, ``LearnerError/tooFewRows(count:minimum:)``
    ///   for no rows, ``LearnerError/diverged(epoch:)`` when the losses or weights become
    ///   NaN or infinite. The autoencoder is unchanged when it throws.
    /// - Complexity: O(`epochs` × `count` × ``Configuration/parameterCount``).
    @discardableResult
    public mutating func fit(_ observations: [Float], count: Int, seed: UInt64) throws -> LearnerFit {
        let start = ContinuousClock.now
        try LearnerError.checkObservations(observations, count: count, inputDimension: inputDimension)
        guard count >= 1 else { throw LearnerError.tooFewRows(count: count, minimum: 1) }
        let config = configuration
        let d = inputDimension
        var rng = Xoshiro256(seed: seed)
        let (training, heldOut) = Self.split(count: count, configuration: config, using: &rng)
        var order = training
        let capacity = min(config.batchSize, max(training.count, heldOut.count))
        let workspace = AutoencoderWorkspace(layers: layers, capacity: capacity, parameterCount: parameters.count, withGradients: true)
        var adam = AdamOptimizer(count: parameters.count, learningRate: config.learningRate,
                                 beta1: config.beta1, beta2: config.beta2, epsilon: config.epsilon)
        var theta = parameters
        var best = theta
        var bestHeldOut = Double.infinity
        var bestEpoch: Int?
        var trainingLosses: [Double] = []
        var heldOutLosses: [Double] = []
        var sinceBest = 0
        var epochsRun = 0
        var batch = [Float](repeating: 0, count: capacity * d)

        for epoch in 1...config.epochs {
            Self.shuffle(&order, using: &rng)
            var sum = 0.0
            observations.withUnsafeBufferPointer { x in
                batch.withUnsafeMutableBufferPointer { xb in
                    theta.withUnsafeMutableBufferPointer { theta in
                        var first = 0
                        while first < order.count {
                            let rows = min(capacity, order.count - first)
                            for r in 0..<rows {
                                (xb.baseAddress! + r * d).update(from: x.baseAddress! + order[first + r] * d, count: d)
                            }
                            let input = UnsafePointer(xb.baseAddress!)
                            forward(UnsafeBufferPointer(theta), input: input, rows: rows, layers: layers.count, workspace: workspace)
                            rowErrors(input: input, rows: rows, workspace: workspace) { _, error in sum += error }
                            backward(UnsafeBufferPointer(theta), input: input, rows: rows, workspace: workspace)
                            adam.update(theta, gradient: UnsafeBufferPointer(workspace.gradient))
                            first += rows
                        }
                    }
                }
            }
            epochsRun = epoch
            let trainingLoss = sum / Double(order.count)
            trainingLosses.append(trainingLoss)
            guard trainingLoss.isFinite else { throw LearnerError.diverged(epoch: epoch) }
            if heldOut.isEmpty { continue }
            let heldOutLoss = meanError(of: heldOut, in: observations, parameters: theta, workspace: workspace)
            heldOutLosses.append(heldOutLoss)
            if heldOutLoss < bestHeldOut {
                bestHeldOut = heldOutLoss
                best = theta
                bestEpoch = epoch
                sinceBest = 0
            } else {
                sinceBest += 1
                if let patience = config.patience, sinceBest >= patience { break }
            }
        }

        let kept: Int
        if heldOut.isEmpty {
            kept = epochsRun
        } else {
            guard let bestEpoch else { throw LearnerError.diverged(epoch: epochsRun) }
            kept = bestEpoch
            theta = best
        }
        if theta.contains(where: { !$0.isFinite }) { throw LearnerError.diverged(epoch: kept) }
        parameters = theta
        isFitted = true
        return LearnerFit(rows: count, heldOutRows: heldOut.count, epochs: epochsRun, keptEpoch: kept,
                          trainingLoss: trainingLosses[kept - 1],
                          heldOutLoss: heldOut.isEmpty ? nil : heldOutLosses[kept - 1],
                          stoppedEarly: epochsRun < config.epochs, seconds: start.secondsElapsed)
    }

    /// The training and held-out row indices (each ascending) of a fit on `count` rows,
    /// drawn from `rng` as ``fit(_:count:seed:)`` draws them.
    static func split(count: Int, configuration: Configuration, using rng: inout Xoshiro256) -> (training: [Int], heldOut: [Int]) {
        guard configuration.heldOutFraction > 0, count >= configuration.minimumRowsForHoldOut else {
            return (Array(0..<count), [])
        }
        let held = max(1, Int(configuration.heldOutFraction * Double(count)))
        var permutation = Array(0..<count)
        shuffle(&permutation, using: &rng)
        return (permutation[held...].sorted(), permutation[..<held].sorted())
    }

    /// Fisher–Yates with ``RandomNumberGenerator/nextIndex(below:)``: Tessera's own
    /// shuffle, so a seed gives the same order whatever the standard library does.
    static func shuffle(_ values: inout [Int], using rng: inout Xoshiro256) {
        var i = values.count - 1
        while i > 0 {
            values.swapAt(i, rng.nextIndex(below: i + 1))
            i -= 1
        }
    }

    /// The held-out split `fit(_:count:seed:)` draws for `count` rows and `seed`.
    func heldOutRows(count: Int, seed: UInt64) -> [Int] {
        var rng = Xoshiro256(seed: seed)
        return Self.split(count: count, configuration: configuration, using: &rng).heldOut
    }

    /// The mean reconstruction error of the rows `indices` under `parameters`, in
    /// minibatches of the workspace's capacity.
    private func meanError(of indices: [Int], in observations: [Float], parameters: [Float],
                           workspace: AutoencoderWorkspace) -> Double {
        let d = inputDimension
        var sum = 0.0
        var block = [Float](repeating: 0, count: workspace.capacity * d)
        observations.withUnsafeBufferPointer { x in
            parameters.withUnsafeBufferPointer { theta in
                block.withUnsafeMutableBufferPointer { xb in
                    var first = 0
                    while first < indices.count {
                        let rows = min(workspace.capacity, indices.count - first)
                        for r in 0..<rows {
                            (xb.baseAddress! + r * d).update(from: x.baseAddress! + indices[first + r] * d, count: d)
                        }
                        forward(theta, input: xb.baseAddress!, rows: rows, layers: layers.count, workspace: workspace)
                        rowErrors(input: xb.baseAddress!, rows: rows, workspace: workspace) { _, error in sum += error }
                        first += rows
                    }
                }
            }
        }
        return sum / Double(indices.count)
    }
}

import Foundation

extension Autoencoder {
    /// The architecture and training settings of an ``Autoencoder``.
    ///
    /// The encoder maps `inputDimension → hiddenSizes[0] → … → hiddenSizes.last →
    /// codeDimension`; the decoder mirrors it back to `inputDimension`. Encoder hidden
    /// layer `i` uses `hiddenActivations[i]`, as does its mirror in the decoder; the code
    /// layer uses ``codeActivation`` and the reconstruction ``outputActivation``.
    ///
    /// The defaults follow TAXONS (Paolo et al. 2020): Adam with learning rate 10⁻³,
    /// β₁ 0.9, β₂ 0.999, ε 10⁻⁸, minibatches of 128, 5 epochs per fit, a linear code, and
    /// a sigmoid output for observations in [0, 1].
    public struct Configuration: Codable, Hashable, Sendable {
        /// The Floats of each observation row.
        public var inputDimension: Int
        /// The encoder's hidden widths, input side first (may be empty).
        public var hiddenSizes: [Int]
        /// The width of the code, the learned descriptor.
        public var codeDimension: Int
        /// One activation per encoder hidden layer (mirrored in the decoder).
        public var hiddenActivations: [Activation]
        /// The code layer's activation; ``Activation/identity`` by default.
        public var codeActivation: Activation
        /// The reconstruction's activation: ``Activation/sigmoid`` (the default) for
        /// observations in [0, 1], ``Activation/identity`` for unbounded ones.
        public var outputActivation: Activation
        /// Adam's step size, finite and positive.
        public var learningRate: Float
        /// Adam's first-moment decay, in [0, 1).
        public var beta1: Float
        /// Adam's second-moment decay, in [0, 1).
        public var beta2: Float
        /// Adam's denominator term, finite and positive.
        public var epsilon: Float
        /// Rows per minibatch, at least 1.
        public var batchSize: Int
        /// Epochs per fit (passes over the training rows), at least 1.
        public var epochs: Int
        /// The fraction of rows held out to pick the epoch whose weights are kept, in
        /// [0, 0.5]; 0 for none.
        public var heldOutFraction: Double
        /// Fits on fewer rows than this hold nothing out. At least 2.
        public var minimumRowsForHoldOut: Int
        /// With a held-out split: stop after this many epochs without a lower held-out
        /// loss. `nil` runs every epoch (the best epoch's weights are still kept).
        public var patience: Int?

        /// Creates a configuration; ``Autoencoder/init(configuration:seed:)`` validates it.
        ///
        /// - Parameters:
        ///   - inputDimension: The Floats of each observation row.
        ///   - hiddenSizes: The encoder's hidden widths, input side first.
        ///   - codeDimension: The code width.
        ///   - hiddenActivation: The activation of every hidden layer (set
        ///     ``hiddenActivations`` afterwards for one per layer).
        ///   - codeActivation: The code layer's activation.
        ///   - outputActivation: The reconstruction's activation.
        ///   - learningRate: Adam's step size.
        ///   - batchSize: Rows per minibatch.
        ///   - epochs: Epochs per fit.
        ///   - heldOutFraction: The held-out fraction.
        ///   - patience: Epochs without improvement before stopping, or `nil`.
        public init(inputDimension: Int, hiddenSizes: [Int], codeDimension: Int,
                    hiddenActivation: Activation = .relu, codeActivation: Activation = .identity,
                    outputActivation: Activation = .sigmoid, learningRate: Float = 1e-3,
                    batchSize: Int = 128, epochs: Int = 5, heldOutFraction: Double = 0.1, patience: Int? = 2) {
            self.inputDimension = inputDimension
            self.hiddenSizes = hiddenSizes
            self.codeDimension = codeDimension
            self.hiddenActivations = Array(repeating: hiddenActivation, count: hiddenSizes.count)
            self.codeActivation = codeActivation
            self.outputActivation = outputActivation
            self.learningRate = learningRate
            self.beta1 = 0.9
            self.beta2 = 0.999
            self.epsilon = 1e-8
            self.batchSize = batchSize
            self.epochs = epochs
            self.heldOutFraction = heldOutFraction
            self.minimumRowsForHoldOut = 50
            self.patience = patience
        }

        /// The widths of every layer boundary, input to reconstruction:
        /// `[d, h₁, …, hₖ, c, hₖ, …, h₁, d]`.
        public var widths: [Int] {
            [inputDimension] + hiddenSizes + [codeDimension] + hiddenSizes.reversed() + [inputDimension]
        }

        /// The number of layers whose outputs form the code (the encoder's).
        public var encoderLayerCount: Int { hiddenSizes.count + 1 }

        /// One activation per layer, encoder then decoder.
        var layerActivations: [Activation] {
            hiddenActivations + [codeActivation] + hiddenActivations.reversed() + [outputActivation]
        }

        /// The number of Floats in the weights and biases, or `nil` on overflow.
        public var parameterCount: Int? {
            let w = widths
            var total = 0
            for l in 0..<(w.count - 1) {
                let (inPlusOne, o1) = w[l].addingReportingOverflow(1)
                let (layer, o2) = inPlusOne.multipliedReportingOverflow(by: w[l + 1])
                let (sum, o3) = total.addingReportingOverflow(layer)
                if o1 || o2 || o3 { return nil }
                total = sum
            }
            return total
        }

        /// Checks every setting.
        ///
        /// - Parameter memoryBytes: The memory training may use; half the machine's by default.
        /// - Throws: ``LearnerError/invalidConfiguration(_:)`` naming the first bad setting.
        /// - Complexity: O(number of layers).
        public func validate(memoryBytes: UInt64 = ProcessInfo.processInfo.physicalMemory / 2) throws(LearnerError) {
            func fail(_ message: String) -> LearnerError { .invalidConfiguration("Autoencoder " + message) }
            let limit = Int(Int32.max)
            guard inputDimension >= 1, inputDimension <= limit else { throw fail("inputDimension must be in 1...\(limit) (got \(inputDimension))") }
            guard codeDimension >= 1, codeDimension <= limit else { throw fail("codeDimension must be in 1...\(limit) (got \(codeDimension))") }
            for (i, size) in hiddenSizes.enumerated() where size < 1 || size > limit {
                throw fail("hiddenSizes[\(i)] must be in 1...\(limit) (got \(size))")
            }
            guard hiddenActivations.count == hiddenSizes.count else {
                throw fail("needs one hidden activation per hidden layer (\(hiddenSizes.count)), got \(hiddenActivations.count)")
            }
            guard learningRate.isFinite, learningRate > 0 else { throw fail("learningRate must be finite and positive (got \(learningRate))") }
            guard beta1.isFinite, beta1 >= 0, beta1 < 1 else { throw fail("beta1 must be in [0, 1) (got \(beta1))") }
            guard beta2.isFinite, beta2 >= 0, beta2 < 1 else { throw fail("beta2 must be in [0, 1) (got \(beta2))") }
            guard epsilon.isFinite, epsilon > 0 else { throw fail("epsilon must be finite and positive (got \(epsilon))") }
            guard batchSize >= 1, batchSize <= limit else { throw fail("batchSize must be in 1...\(limit) (got \(batchSize))") }
            guard epochs >= 1 else { throw fail("epochs must be at least 1 (got \(epochs))") }
            guard heldOutFraction.isFinite, heldOutFraction >= 0, heldOutFraction <= 0.5 else {
                throw fail("heldOutFraction must be in [0, 0.5] (got \(heldOutFraction))")
            }
            guard minimumRowsForHoldOut >= 2 else { throw fail("minimumRowsForHoldOut must be at least 2 (got \(minimumRowsForHoldOut))") }
            if let patience, patience < 1 { throw fail("patience must be at least 1 or nil (got \(patience))") }
            // Parameters, gradient, two Adam moments and the best weights; activations and
            // two gradient buffers for one minibatch.
            guard let parameters = parameterCount else { throw fail("layer sizes \(widths) overflow the parameter count") }
            let widest = widths.max() ?? 0
            let bytes = 4 * (5 * Double(parameters) + Double(batchSize) * (Double(widths.reduce(0, +)) + 2 * Double(widest)))
            guard bytes <= Double(memoryBytes) else {
                throw fail("layer sizes \(widths) with batch \(batchSize) need \(Int(bytes / 1_048_576)) MiB to train, more than the \(memoryBytes / 1_048_576) MiB allowed")
            }
        }
    }
}

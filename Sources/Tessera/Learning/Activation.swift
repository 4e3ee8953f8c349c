import Foundation

/// An elementwise activation function of a dense layer.
///
/// Derivatives are computed from the layer's output `a = f(z)`, so training keeps only
/// the outputs of each layer: `relu′ = [a > 0]`, `tanh′ = 1 − a²`, `sigmoid′ = a(1 − a)`,
/// `identity′ = 1`.
public enum Activation: String, Codable, Hashable, Sendable, CaseIterable {
    /// `max(0, z)`; He initialisation.
    case relu
    /// `tanh(z)`; Glorot initialisation.
    case tanh
    /// `1 / (1 + e^(−z))`, with outputs in (0, 1): the output layer for images in [0, 1];
    /// Glorot initialisation.
    case sigmoid
    /// `z` (a linear layer); Glorot initialisation.
    case identity

    /// Applies the function to `count` values in place.
    ///
    /// - Complexity: O(`count`).
    func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .relu:
            for i in 0..<count { values[i] = max(0, values[i]) }
        case .tanh:
            for i in 0..<count { values[i] = Foundation.tanh(values[i]) }
        case .sigmoid:
            for i in 0..<count { values[i] = 1 / (1 + Foundation.exp(-values[i])) }
        case .identity:
            break
        }
    }

    /// Multiplies `count` gradients by the derivative at the matching outputs, in place.
    ///
    /// - Complexity: O(`count`).
    func multiplyDerivative(_ gradients: UnsafeMutablePointer<Float>, outputs: UnsafePointer<Float>, count: Int) {
        switch self {
        case .relu:
            for i in 0..<count { gradients[i] = outputs[i] > 0 ? gradients[i] : 0 }
        case .tanh:
            for i in 0..<count { gradients[i] *= 1 - outputs[i] * outputs[i] }
        case .sigmoid:
            for i in 0..<count { gradients[i] *= outputs[i] * (1 - outputs[i]) }
        case .identity:
            break
        }
    }

    /// The half-width `a` of the uniform initialisation `U(−a, a)` of a `fanIn × fanOut`
    /// weight matrix: He (`√(6 / fanIn)`) for ``relu``, Glorot (`√(6 / (fanIn + fanOut))`)
    /// otherwise.
    func initialisationBound(fanIn: Int, fanOut: Int) -> Double {
        switch self {
        case .relu: return (6 / Double(fanIn)).squareRoot()
        case .tanh, .sigmoid, .identity: return (6 / Double(fanIn + fanOut)).squareRoot()
        }
    }
}

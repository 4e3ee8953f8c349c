import Foundation

/// Adam (Kingma & Ba 2015) over one flat parameter buffer.
///
/// After `t` steps with gradient `g`: `m ← β₁m + (1 − β₁)g`, `v ← β₂v + (1 − β₂)g²`, and
/// `θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)`, the bias-corrected form that
/// PyTorch's `torch.optim.Adam` uses. The moments start at zero for each fit.
struct AdamOptimizer: Sendable {
    /// The step size `lr`.
    let learningRate: Float
    /// The decay of the first moment, `β₁`.
    let beta1: Float
    /// The decay of the second moment, `β₂`.
    let beta2: Float
    /// The term `ε` that keeps the denominator away from zero.
    let epsilon: Float
    /// Steps taken so far, `t`.
    private(set) var step = 0
    private var firstMoment: [Float]
    private var secondMoment: [Float]

    /// An optimiser for `count` parameters, with zero moments.
    init(count: Int, learningRate: Float, beta1: Float, beta2: Float, epsilon: Float) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        firstMoment = [Float](repeating: 0, count: count)
        secondMoment = [Float](repeating: 0, count: count)
    }

    /// Takes one step on `parameters` along `gradient`.
    ///
    /// - Complexity: O(`parameters.count`), one vectorisable loop.
    mutating func update(_ parameters: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>) {
        precondition(parameters.count == firstMoment.count && gradient.count == firstMoment.count)
        step += 1
        let t = Double(step)
        let correction1 = 1 - Float(pow(Double(beta1), t))
        let correction2 = 1 - Float(pow(Double(beta2), t))
        let stepSize = learningRate / correction1
        let inverseRootCorrection2 = 1 / correction2.squareRoot()
        firstMoment.withUnsafeMutableBufferPointer { m in
            secondMoment.withUnsafeMutableBufferPointer { v in
                Self.apply(parameters: parameters.baseAddress!, gradient: gradient.baseAddress!,
                          m: m.baseAddress!, v: v.baseAddress!, count: parameters.count,
                          beta1: beta1, beta2: beta2, epsilon: epsilon,
                          stepSize: stepSize, inverseRootCorrection2: inverseRootCorrection2)
            }
        }
    }

    /// The update of `count` parameters, eight lanes at a time: the four buffers are
    /// distinct, which the compiler cannot prove, so the loop is written in SIMD by hand.
    private static func apply(parameters: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>,
                             m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>, count: Int,
                             beta1: Float, beta2: Float, epsilon: Float,
                             stepSize: Float, inverseRootCorrection2: Float) {
        typealias Lanes = SIMD8<Float>
        let lanes = Lanes.scalarCount
        let (b1, b2, c1, c2) = (Lanes(repeating: beta1), Lanes(repeating: beta2),
                                Lanes(repeating: 1 - beta1), Lanes(repeating: 1 - beta2))
        let (eps, size, root) = (Lanes(repeating: epsilon), Lanes(repeating: stepSize), Lanes(repeating: inverseRootCorrection2))
        let whole = count - count % lanes
        var i = 0
        while i < whole {
            let g = UnsafeRawPointer(gradient + i).loadUnaligned(as: Lanes.self)
            let mi = b1 * UnsafeRawPointer(m + i).loadUnaligned(as: Lanes.self) + c1 * g
            let vi = b2 * UnsafeRawPointer(v + i).loadUnaligned(as: Lanes.self) + c2 * g * g
            let p = UnsafeRawPointer(parameters + i).loadUnaligned(as: Lanes.self) - size * mi / (vi.squareRoot() * root + eps)
            UnsafeMutableRawPointer(m + i).storeBytes(of: mi, as: Lanes.self)
            UnsafeMutableRawPointer(v + i).storeBytes(of: vi, as: Lanes.self)
            UnsafeMutableRawPointer(parameters + i).storeBytes(of: p, as: Lanes.self)
            i += lanes
        }
        while i < count {
            let g = gradient[i]
            let mi = beta1 * m[i] + (1 - beta1) * g
            let vi = beta2 * v[i] + (1 - beta2) * g * g
            m[i] = mi
            v[i] = vi
            parameters[i] -= stepSize * mi / (vi.squareRoot() * inverseRootCorrection2 + epsilon)
            i += 1
        }
    }
}

import Foundation
import Tessera

/// A mutation of our own: heavy-tailed Cauchy steps, clipped into a box. Conforming to
/// `VectorMutation` lets Tessera's emitters run it on rows of their flat buffers.
struct CauchyMutation: VectorMutation {
    var scale: Double
    var box: Box

    func mutate(_ x: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256) {
        for i in 0..<x.count {
            let step = scale * tan(Double.pi * (rng.nextUnitDouble() - 0.5))
            x[i] = min(max(x[i] + step, box.lower[i]), box.upper[i])
        }
    }
}

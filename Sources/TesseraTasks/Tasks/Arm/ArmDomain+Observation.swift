import Tessera

extension ArmDomain {
    /// Draws every row's final pose into its observation: the links from joint to joint,
    /// then the end effector, over `[−D, D]²`.
    ///
    /// The joints are computed by the same operations, in the same order, as the
    /// descriptor in ``evaluate(_:into:)``, so the drawn end effector is the descriptor.
    /// - Complexity: O(count × (D × (width + 1)² + size²)): clearing a row is the size² term.
    func draw(_ genomes: VectorColumn, _ observation: ArmObservation, into results: inout EvaluationBatch) {
        let d = dimension, size = observation.size, m = observation.dimension
        let extent = Double(d)
        genomes.storage.withUnsafeBufferPointer { x in
            results.observations.withUnsafeMutableBufferPointer { observations in
                for row in 0..<genomes.count {
                    let canvas = ImageCanvas(size: size, pixels: UnsafeMutableBufferPointer(rebasing: observations[row * m ..< (row + 1) * m]),
                                             minX: -extent, minY: -extent, maxX: extent, maxY: extent)
                    canvas.clear()
                    var angle = 0.0, px = 0.0, py = 0.0
                    var (u, v) = canvas.pixel(x: 0, y: 0)
                    for i in 0..<d {
                        angle += x[row * d + i]
                        let (sine, cosine) = SineCosine.of(angle)
                        px += cosine
                        py += sine
                        let (nextU, nextV) = canvas.pixel(x: px, y: py)
                        canvas.segment(u0: u, v0: v, u1: nextU, v1: nextV,
                                       width: ArmObservation.linkWidth, intensity: ArmObservation.linkIntensity)
                        (u, v) = (nextU, nextV)
                    }
                    canvas.disc(u: u, v: v, radius: ArmObservation.effectorRadius, intensity: 1)
                }
            }
        }
    }
}

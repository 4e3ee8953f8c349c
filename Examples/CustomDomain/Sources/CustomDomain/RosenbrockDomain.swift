import Tessera

/// A domain of our own: the Rosenbrock valley in `dimension` genes, scored per genome.
///
/// The objective is `−Σ (100 (x_{i+1} − x_i²)² + (1 − x_i)²)` (0 at the optimum, all ones);
/// the descriptors are the first two genes, in [−2, 2]².
struct RosenbrockDomain: PerGenomeDomain {
    typealias Genome = [Double]

    let dimension: Int
    let descriptorSpace = Box(dimension: 2, range: -2...2)
    var genomeLayout: Int { dimension }
    var genomeBounds: Box? { Box(dimension: dimension, range: -2...2) }

    func evaluate(_ x: [Double]) throws -> Evaluation {
        var value = 0.0
        for i in 0..<(x.count - 1) {
            let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
            value += 100 * a * a + b * b
        }
        return Evaluation(objective: -value, descriptor: [x[0], x[1]])
    }
}

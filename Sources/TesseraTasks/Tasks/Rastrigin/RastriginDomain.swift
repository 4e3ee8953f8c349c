import Foundation
import _TesseraKernels
import Tessera

/// The shifted Rastrigin function of the CMA-MAE paper's linear-projection benchmark:
/// `raw = 10·D + Σ (dᵢ² − 10 cos(2π dᵢ))` with `d = x − 2.048`, normalised as the sphere
/// (`worst` = raw at xᵢ = −5.12); linear-projection descriptors; unbounded genomes.
public struct RastriginDomain: Domain {
    public typealias Genome = [Double]

    /// The genome dimension D.
    public let dimension: Int
    public let descriptorSpace: Box

    /// Creates the task for `dimension`-D genomes.
    ///
    /// - Throws: ``ParameterError`` when `dimension` is below 2.
    public init(dimension: Int) throws(ParameterError) {
        guard dimension >= 2 else {
            throw ParameterError(type: "RastriginDomain", parameter: "dimension", problem: "must be at least 2 (got \(dimension))")
        }
        self.dimension = dimension
        self.descriptorSpace = LinearProjection.descriptorSpace(dimension: dimension)
    }

    public var genomeLayout: Int { dimension }

    /// The raw value at xᵢ = −5.12 everywhere.
    public var worst: Double {
        let d = -5.12 - SphereDomain.shift
        return 10 * Double(dimension) + Double(dimension) * (d * d - 10 * cos(2 * Double.pi * d))
    }

    public func evaluate(_ genomes: VectorColumn, into results: inout EvaluationBatch) throws {
        let d = dimension
        let worst = self.worst
        let shift = SphereDomain.shift
        genomes.storage.withUnsafeBufferPointer { x in
            results.objectives.withUnsafeMutableBufferPointer { objectives in
                results.descriptors.withUnsafeMutableBufferPointer { descriptors in
                    for row in 0..<genomes.count {
                        let genome = UnsafeBufferPointer(rebasing: x[row * d ..< (row + 1) * d])
                        var sum = 0.0
                        for i in 0..<d {
                            let t = genome[i] - shift
                            sum += t * t - 10 * cos(2 * Double.pi * t)
                        }
                        let raw = 10 * Double(d) + sum
                        objectives[row] = (raw - worst) / (0 - worst) * 100
                    }
                    // The descriptors of the whole batch on the sphere's kernel (objectives not asked).
                    tk_sphere_rows(KernelPath.best.rawValue, x.baseAddress, genomes.count, d, 0, 0, nil, descriptors.baseAddress)
                }
            }
        }
    }
}

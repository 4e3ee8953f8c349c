import _TesseraKernels
import Tessera

/// The shifted sphere of pyribs' sphere example: objective `100 · (1 − raw / worst)` with
/// `raw = Σ (xᵢ − 2.048)²` and `worst = (−5.12 − 2.048)² · D`, so 100 at xᵢ = 2.048 and 0
/// at xᵢ = −5.12 (not clipped); linear-projection descriptors. Genomes are unbounded.
public struct SphereDomain: Domain {
    public typealias Genome = [Double]

    /// The genome dimension D.
    public let dimension: Int
    public let descriptorSpace: Box
    /// The shift of the optimum, 0.4 · 5.12.
    public static let shift = 0.4 * 5.12

    /// Creates the task for `dimension`-D genomes.
    ///
    /// - Throws: ``ParameterError`` when `dimension` is below 2.
    public init(dimension: Int) throws(ParameterError) {
        guard dimension >= 2 else {
            throw ParameterError(type: "SphereDomain", parameter: "dimension", problem: "must be at least 2 (got \(dimension))")
        }
        self.dimension = dimension
        self.descriptorSpace = LinearProjection.descriptorSpace(dimension: dimension)
    }

    public var genomeLayout: Int { dimension }

    /// The raw value at xᵢ = −5.12 everywhere.
    public var worst: Double { (-5.12 - Self.shift) * (-5.12 - Self.shift) * Double(dimension) }

    /// Evaluates the batch on the vector kernel (`tk_sphere_rows`): each sum in four
    /// partial sums, term i into sum i mod 4, the order of earlier builds' scalar loop, so
    /// every row keeps its bits.
    public func evaluate(_ genomes: VectorColumn, into results: inout EvaluationBatch) throws {
        let d = dimension, worst = self.worst
        genomes.storage.withUnsafeBufferPointer { x in
            results.objectives.withUnsafeMutableBufferPointer { objectives in
                results.descriptors.withUnsafeMutableBufferPointer { descriptors in
                    tk_sphere_rows(KernelPath.best.rawValue, x.baseAddress, genomes.count, d, Self.shift, worst,
                                   objectives.baseAddress, descriptors.baseAddress)
                }
            }
        }
    }
}

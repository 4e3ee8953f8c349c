import Foundation
import Tessera

/// The planar arm repertoire (Cully et al. 2015; Vassiliades & Mouret 2018; pyribs' arm
/// tutorial): D unit links with joint angles in [−π, π]; objective `−Var(θ)` (population
/// variance, so smooth arms score best, range [−π², 0]); descriptors = the end effector
/// `(Σ cos aₖ, Σ sin aₖ)` with cumulative angles `aₖ = Σ_{j≤k} θⱼ`, in [−D, D]².
///
/// With an ``ArmObservation`` each evaluation also reports an image of the final pose
/// (see ``observation``).
public struct ArmDomain: Domain {
    public typealias Genome = [Double]

    /// The number of joints D.
    public let dimension: Int
    public let descriptorSpace: Box
    /// The image each evaluation reports, or `nil` for none.
    public let observation: ArmObservation?

    /// Creates the task for `dimension` joints.
    ///
    /// - Parameters:
    ///   - dimension: The number of joints D, at least 1.
    ///   - observation: The image of the final pose each evaluation reports, or `nil`
    ///     (the default) for none.
    /// - Throws: ``ParameterError`` when `dimension` is below 1.
    public init(dimension: Int, observation: ArmObservation? = nil) throws(ParameterError) {
        guard dimension >= 1 else {
            throw ParameterError(type: "ArmDomain", parameter: "dimension", problem: "must be at least 1 (got \(dimension))")
        }
        self.dimension = dimension
        self.observation = observation
        self.descriptorSpace = Box(dimension: 2, range: -Double(dimension)...Double(dimension))
    }

    public var genomeLayout: Int { dimension }

    /// `size × size` with an ``observation``, 0 without.
    public var observationDimension: Int { observation?.dimension ?? 0 }

    /// Joint angles stay in [−π, π].
    public var genomeBounds: Box? { Box(dimension: dimension, range: -Double.pi...Double.pi) }

    public func evaluate(_ genomes: VectorColumn, into results: inout EvaluationBatch) throws {
        let d = dimension
        genomes.storage.withUnsafeBufferPointer { x in
            results.objectives.withUnsafeMutableBufferPointer { objectives in
                results.descriptors.withUnsafeMutableBufferPointer { descriptors in
                    for row in 0..<genomes.count {
                        let theta = UnsafeBufferPointer(rebasing: x[row * d ..< (row + 1) * d])
                        var mean = 0.0
                        for i in 0..<d { mean += theta[i] }
                        mean /= Double(d)
                        var variance = 0.0
                        var angle = 0.0
                        var px = 0.0
                        var py = 0.0
                        for i in 0..<d {
                            let t = theta[i] - mean
                            variance += t * t
                            angle += theta[i]
                            let (sine, cosine) = SineCosine.of(angle)
                            px += cosine
                            py += sine
                        }
                        objectives[row] = -(variance / Double(d))
                        descriptors[2 * row] = px
                        descriptors[2 * row + 1] = py
                    }
                }
            }
        }
        if let observation { draw(genomes, observation, into: &results) }
    }
}

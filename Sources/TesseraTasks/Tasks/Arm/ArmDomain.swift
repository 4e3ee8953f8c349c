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
                    var row = 0
                    while row + 4 <= genomes.count {
                        if !evaluateFour(x.baseAddress! + row * d, objectives.baseAddress! + row, descriptors.baseAddress! + 2 * row) {
                            for r in row ..< row + 4 { evaluateOne(x.baseAddress! + r * d, objectives.baseAddress! + r, descriptors.baseAddress! + 2 * r) }
                        }
                        row += 4
                    }
                    for r in row ..< genomes.count {
                        evaluateOne(x.baseAddress! + r * d, objectives.baseAddress! + r, descriptors.baseAddress! + 2 * r)
                    }
                }
            }
        }
        if let observation { draw(genomes, observation, into: &results) }
    }

    /// One arm: the population variance of its angles and its end effector.
    @inline(__always)
    private func evaluateOne(_ theta: UnsafePointer<Double>, _ objective: UnsafeMutablePointer<Double>,
                             _ descriptor: UnsafeMutablePointer<Double>) {
        let d = dimension
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
        objective.pointee = -(variance / Double(d))
        descriptor[0] = px
        descriptor[1] = py
    }

    /// Four consecutive arms, one per vector lane, with ``evaluateOne(_:_:_:)``'s operations
    /// in its order (the same bits); `false`, writing nothing, when an angle leaves the
    /// vector sine's range.
    @inline(__always)
    private func evaluateFour(_ theta: UnsafePointer<Double>, _ objectives: UnsafeMutablePointer<Double>,
                              _ descriptors: UnsafeMutablePointer<Double>) -> Bool {
        let d = dimension
        @inline(__always) func joint(_ i: Int) -> SIMD4<Double> {
            SIMD4(theta[i], theta[d + i], theta[2 * d + i], theta[3 * d + i])
        }
        var mean = SIMD4<Double>.zero
        for i in 0..<d { mean += joint(i) }
        mean /= SIMD4(repeating: Double(d))
        var variance = SIMD4<Double>.zero
        var angle = SIMD4<Double>.zero
        var px = SIMD4<Double>.zero
        var py = SIMD4<Double>.zero
        for i in 0..<d {
            let a = joint(i)
            let t = a - mean
            variance += t * t
            angle += a
            guard let (sine, cosine) = SineCosine.of(angle) else { return false }
            px += cosine
            py += sine
        }
        // Times −1 rather than prefix minus, which SIMD computes as 0 − x (giving +0 for 0).
        let objective = (variance / SIMD4(repeating: Double(d))) * SIMD4(repeating: -1)
        for lane in 0..<4 {
            objectives[lane] = objective[lane]
            descriptors[2 * lane] = px[lane]
            descriptors[2 * lane + 1] = py[lane]
        }
        return true
    }
}

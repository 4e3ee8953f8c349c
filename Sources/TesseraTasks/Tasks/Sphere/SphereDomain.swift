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

    public func evaluate(_ genomes: VectorColumn, into results: inout EvaluationBatch) throws {
        let d = dimension
        let worst = self.worst
        let shift = Self.shift
        genomes.storage.withUnsafeBufferPointer { x in
            results.objectives.withUnsafeMutableBufferPointer { objectives in
                results.descriptors.withUnsafeMutableBufferPointer { descriptors in
                    for row in 0..<genomes.count {
                        let genome = UnsafeBufferPointer(rebasing: x[row * d ..< (row + 1) * d])
                        // Lane j sums the terms i ≡ j (mod 4), the tail joins lane 0, and the
                        // lanes add pairwise: the order of the scalar sum of earlier builds,
                        // so objectives keep their bits.
                        let start = genome.baseAddress!
                        let shift4 = SIMD4<Double>(repeating: shift)
                        var r = SIMD4<Double>.zero
                        var i = 0
                        while i + 4 <= d {
                            let t = UnsafeRawPointer(start + i).loadUnaligned(as: SIMD4<Double>.self) - shift4
                            r += t * t
                            i += 4
                        }
                        var r0 = r[0]
                        while i < d {
                            let t = genome[i] - shift
                            r0 += t * t
                            i += 1
                        }
                        let raw = (r0 + r[1]) + (r[2] + r[3])
                        objectives[row] = (raw - worst) / (0 - worst) * 100
                        LinearProjection.descriptors(of: genome, into: descriptors.baseAddress! + 2 * row)
                    }
                }
            }
        }
    }
}

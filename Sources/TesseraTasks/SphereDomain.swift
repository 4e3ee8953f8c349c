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
    public init(dimension: Int) {
        precondition(dimension >= 2, "the sphere needs at least 2 dimensions")
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
                        var raw = 0.0
                        for i in 0..<d {
                            let t = genome[i] - shift
                            raw += t * t
                        }
                        objectives[row] = (raw - worst) / (0 - worst) * 100
                        LinearProjection.descriptors(of: genome, into: descriptors.baseAddress! + 2 * row)
                    }
                }
            }
        }
    }
}

import Tessera

/// Explicit seeds that property tests loop over; a failing expectation's message names
/// the seed so the case can be replayed.
public enum TestSeeds {
    /// A handful of unrelated seeds.
    public static let few: [UInt64] = [0, 1, 42, 0xDEAD_BEEF, 987_654_321]

    /// A generator for one named test case.
    public static func generator(_ seed: UInt64) -> Xoshiro256 { Xoshiro256(seed: seed) }
}

/// Summary statistics of a sample, for operator tests.
public struct SampleMoments {
    public let count: Int
    public let mean: Double
    public let variance: Double
    public let skewness: Double
    public let kurtosis: Double

    public init(_ values: [Double]) {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        for v in values {
            let d = v - mean
            m2 += d * d
            m3 += d * d * d
            m4 += d * d * d * d
        }
        m2 /= n; m3 /= n; m4 /= n
        self.count = values.count
        self.mean = mean
        self.variance = m2
        self.skewness = m3 / Swift.max(1e-300, m2 * m2.squareRoot())
        self.kurtosis = m4 / Swift.max(1e-300, m2 * m2)
    }
}

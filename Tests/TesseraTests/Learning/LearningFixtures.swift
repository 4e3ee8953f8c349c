@testable import Tessera

/// The namespace of the descriptor-learner suites (so `swift test --filter Learning` runs them).
enum Learning {}

/// Seeded observation rows for the learner tests.
enum LearningFixtures {
    /// `count × dimension` uniform Floats in [0, 1).
    static func uniform(count: Int, dimension: Int, seed: UInt64) -> [Float] {
        var rng = Xoshiro256(seed: seed)
        return (0..<(count * dimension)).map { _ in Float(rng.nextUnitDouble()) }
    }

    /// Rows that are noisy mixtures of 3 prototypes in [0, 1]: each row is dominated by
    /// one prototype, with a little of the others and Gaussian noise, clipped to [0, 1].
    static func prototypeMixtures(count: Int, dimension: Int, seed: UInt64) -> [Float] {
        var rng = Xoshiro256(seed: seed)
        let prototypes = (0..<(3 * dimension)).map { _ in rng.nextUnitDouble() < 0.5 ? 0.1 : 0.9 }
        var rows = [Float](repeating: 0, count: count * dimension)
        for i in 0..<count {
            let main = rng.nextIndex(below: 3)
            var weights = (0..<3).map { _ in 0.2 * rng.nextUnitDouble() }
            weights[main] += 1
            let total = weights.reduce(0, +)
            for j in 0..<dimension {
                var value = 0.0
                for p in 0..<3 { value += weights[p] / total * prototypes[p * dimension + j] }
                value += 0.03 * rng.nextNormal()
                rows[i * dimension + j] = Float(min(1, max(0, value)))
            }
        }
        return rows
    }

    /// The sample variance (denominator `n − 1`) of column `column` of `n` rows of width `width`.
    static func columnVariance(_ values: [Double], rows n: Int, width: Int, column: Int) -> Double {
        let mean = (0..<n).map { values[$0 * width + column] }.reduce(0, +) / Double(n)
        return (0..<n).map { let e = values[$0 * width + column] - mean; return e * e }.reduce(0, +) / Double(n - 1)
    }
}

import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// The test vectors of the Vendi score (Friedman & Dieng 2023; PAPERS.md §3.12), every
/// order, and the kernel checks.
@Suite struct VendiScoreTests {
    /// K = [[1, .9, 0], [.9, 1, 0], [0, 0, 1]]: eigenvalues 1.9, 1 and 0.1, so the spectrum
    /// of K/3 is λ = (1.9, 1, 0.1) / 3.
    let kernel = Matrix(rows: 3, columns: 3, storage: [1, 0.9, 0, 0.9, 1, 0, 0, 0, 1])
    let lambda = [1.9 / 3, 1.0 / 3, 0.1 / 3]

    @Test func threeByThreeVectorEveryOrder() throws {
        let score = try VendiScore(kernel: kernel)
        #expect(abs(try score.value(.shannon) - 2.1573) < 1e-4)
        #expect(abs(try score.value(.order(1)) - 2.1573) < 1e-4)
        #expect(abs(try score.value(.order(2)) - 1.9481) < 1e-4)
        #expect(abs(try score.value(.infinity) - 1.5789) < 1e-4)
        #expect(abs(try score.value(.order(.infinity)) - 1.5789) < 1e-4)
        #expect(try score.value(.order(0)) == 3)
        // q = 0.5: (Σ √λ)², written out from the eigenvalues: 2.420348.
        let half = pow(lambda.map { $0.squareRoot() }.reduce(0, +), 2)
        #expect(abs(half - 2.420348) < 1e-6)
        #expect(abs(try score.value(.order(0.5)) - half) < 1e-10)
        // The same orders straight from the eigenvalues derived by hand.
        let shannon = exp(-lambda.map { $0 * log($0) }.reduce(0, +))
        #expect(abs(try score.value(.shannon) - shannon) < 1e-10)
        #expect(abs(try score.value(.order(2)) - 1 / lambda.map { $0 * $0 }.reduce(0, +)) < 1e-10)
        #expect(abs(try score.value(.infinity) - 3 / 1.9) < 1e-10)
        // q = 3: exp(log(Σ λ³) / −2).
        let cubic = exp(log(lambda.map { $0 * $0 * $0 }.reduce(0, +)) / -2)
        #expect(abs(try score.value(.order(3)) - cubic) < 1e-10)
        // The spectrum, descending.
        #expect(zip(score.spectrum, lambda).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func scoresDoNotIncreaseWithOrder() throws {
        let score = try VendiScore(kernel: kernel)
        let orders: [VendiOrder] = [.order(0), .order(0.25), .order(0.5), .order(0.999), .shannon, .order(1.001), .order(2), .order(10), .infinity]
        let values = try orders.map { try score.value($0) }
        for (a, b) in zip(values, values.dropFirst()) { #expect(a >= b - 1e-9, "\(values)") }
        // Orders next to 1 approach the Shannon limit.
        #expect(abs(values[3] - values[4]) < 1e-3 && abs(values[5] - values[4]) < 1e-3)
    }

    /// Samples [0, 0, 10, 10, 20, 20] with k(a, b) = exp(−|a − b|): 2.9999 (q = 1).
    @Test func duplicatedSamplesVector() throws {
        let samples: [Double] = [0, 0, 10, 10, 20, 20]
        var k = Matrix(rows: 6, columns: 6)
        for i in 0..<6 { for j in 0..<6 { k[i, j] = exp(-abs(samples[i] - samples[j])) } }
        let score = try VendiScore(kernel: k)
        #expect(abs(try score.value() - 2.9999) < 1e-4)
        // K = B ⊗ ones(2, 2) with B = [[1, a, c], [a, 1, a], [c, a, 1]], a = e^-10, c = e^-20,
        // so the nonzero eigenvalues of K/6 are those of B over 3: 1 − c and
        // (2 + c ± √(c² + 8a²)) / 2.
        let a = exp(-10.0), c = exp(-20.0)
        let root = (c * c + 8 * a * a).squareRoot()
        let lambda = [(2 + c + root) / 6, (1 - c) / 3, (2 + c - root) / 6]
        #expect(abs(lambda.reduce(0, +) - 1) < 1e-12)
        let expected: [(VendiOrder, Double)] = [
            (.order(0), 3),
            (.order(0.5), pow(lambda.map { $0.squareRoot() }.reduce(0, +), 2)),
            (.shannon, exp(-lambda.map { $0 * log($0) }.reduce(0, +))),
            (.order(2), 1 / lambda.map { $0 * $0 }.reduce(0, +)),
            (.infinity, 1 / lambda[0]),
        ]
        for (order, value) in expected {
            #expect(abs(try score.value(order) - value) < 1e-4, "q = \(order)")
        }
        // q = ∞ is visibly below 3 (2.99981): the test can tell the orders apart.
        #expect(try score.value(.infinity) < 2.9999)
    }

    @Test func identicalAndDistinctItems() throws {
        let same = try VendiScore(kernel: Matrix(rows: 4, columns: 4, repeating: 1))
        let distinct = try VendiScore(kernel: .identity(5))
        for order: VendiOrder in [.order(0), .order(0.5), .shannon, .order(2), .infinity] {
            #expect(abs(try same.value(order) - 1) < 1e-9)
            #expect(abs(try distinct.value(order) - 5) < 1e-9)
        }
        #expect(try VendiScore(kernel: Matrix(rows: 0, columns: 0)).value() == 0)
        #expect(try VendiScore(kernel: .identity(1)).value(.order(0.5)) == 1)
    }

    @Test func uniformWeightsEqualTheUnweightedScore() throws {
        var rng = Xoshiro256(seed: 7)
        let points = (0..<40).map { _ in rng.nextUnitDouble() }
        let k = try RBFKernel(bandwidth: 0.3).matrix(points: points, dimension: 2)
        let plain = try VendiScore(kernel: k)
        let weighted = try VendiScore(kernel: k, weights: Array(repeating: 1.0 / 20, count: 20))
        for order: VendiOrder in [.order(0), .order(0.5), .shannon, .order(2), .infinity] {
            #expect(abs(try plain.value(order) - weighted.value(order)) < 1e-9, "q = \(order)")
        }
        // A weight vector that puts everything on one item scores 1.
        var one = [Double](repeating: 0, count: 20)
        one[3] = 1
        #expect(abs(try VendiScore(kernel: k, weights: one).value() - 1) < 1e-9)
        // Two orthogonal items weighted 0.9 and 0.1: exp(H(0.9, 0.1)).
        let skewed = try VendiScore(kernel: .identity(2), weights: [0.9, 0.1])
        #expect(abs(try skewed.value() - exp(-(0.9 * log(0.9) + 0.1 * log(0.1)))) < 1e-12)
    }

    @Test func gramShortcutEqualsTheFullKernel() throws {
        for seed in TestSeeds.few {
            var rng = Xoshiro256(seed: seed)
            let (n, m) = (30, 4)
            let x = (0..<(n * m)).map { _ in rng.nextNormal() }
            let shortcut = try VendiScore(features: Matrix(rows: n, columns: m, storage: x))
            #expect(shortcut.spectrum.count == m)
            // The n x n cosine kernel, built by hand.
            var unit = x
            for i in 0..<n {
                let norm = (0..<m).map { unit[i * m + $0] * unit[i * m + $0] }.reduce(0, +).squareRoot()
                for j in 0..<m { unit[i * m + j] /= norm }
            }
            var k = Matrix(rows: n, columns: n)
            for i in 0..<n {
                for j in 0..<n { k[i, j] = (0..<m).map { unit[i * m + $0] * unit[j * m + $0] }.reduce(0, +) }
                k[i, i] = 1
            }
            let full = try VendiScore(kernel: k)
            for order: VendiOrder in [.order(0), .order(0.5), .shannon, .order(2), .infinity] {
                #expect(abs(try shortcut.value(order) - full.value(order)) < 1e-9, "seed \(seed), q = \(order)")
            }
            // More features than items takes the n x n path and agrees too.
            let wide = try VendiScore(features: Matrix(rows: m, columns: n, storage: x))
            #expect(wide.spectrum.count == m)
        }
    }

    @Test func featureRowsAreNormalised() throws {
        // Rows (2, 0) and (0, 5) are orthogonal whatever their lengths: score 2.
        let score = try VendiScore(features: Matrix(rows: 2, columns: 2, storage: [2, 0, 0, 5]))
        #expect(abs(try score.value() - 2) < 1e-12)
        // Parallel rows of different lengths are the same item: score 1.
        let parallel = try VendiScore(features: Matrix(rows: 3, columns: 2, storage: [1, 1, 3, 3, 0.5, 0.5]))
        #expect(abs(try parallel.value(.order(0.5)) - 1) < 1e-9)
    }
}

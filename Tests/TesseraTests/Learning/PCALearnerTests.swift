import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

extension Learning {
@Suite struct PCALearnerTests {
    private func close(_ x: Double, _ y: Double, _ tolerance: Double = 1e-9) -> Bool { abs(x - y) <= tolerance }

    @Test func twoDimensionalExampleByHand() throws {
        // Rows (3, 1), (−3, −1), (1, −2), (−1, 2) have mean 0 and covariance
        // [20 2; 2 10] / 3, whose eigenvalues are (15 ± √29) / 3 with eigenvectors
        // (2, √29 − 5) and (−2, 5 + √29) (signed so the largest entry is positive).
        let rows: [Float] = [3, 1, -3, -1, 1, -2, -1, 2]
        var pca = try PCALearner(inputDimension: 2, components: .count(2))
        let fit = try pca.fit(rows, count: 4, seed: 0)
        let r = 29.0.squareRoot()
        #expect(close(pca.variances[0], (15 + r) / 3) && close(pca.variances[1], (15 - r) / 3))
        let n1 = (4 + (r - 5) * (r - 5)).squareRoot()
        let n2 = (4 + (r + 5) * (r + 5)).squareRoot()
        let v1 = [2 / n1, (r - 5) / n1]
        let v2 = [-2 / n2, (r + 5) / n2]
        for i in 0..<2 {
            #expect(close(pca.basis[i], v1[i]), "component 1 entry \(i): \(pca.basis[i]) vs \(v1[i])")
            #expect(close(pca.basis[2 + i], v2[i]), "component 2 entry \(i): \(pca.basis[2 + i]) vs \(v2[i])")
        }
        #expect(pca.mean == [0, 0])
        let codes = pca.encode(rows, count: 4)
        #expect(close(codes[0], 3 * v1[0] + 1 * v1[1]) && close(codes[1], 3 * v2[0] + 1 * v2[1]))
        #expect(close(codes[6], -v1[0] + 2 * v1[1]) && close(codes[7], -v2[0] + 2 * v2[1]))
        #expect(close(fit.explainedVarianceRatio!, 1) && close(fit.trainingLoss, 0) && fit.components == 2 && fit.epochs == 0)

        // One component explains (15 + √29) / 30 of the variance; the rest is the error.
        var one = try PCALearner(inputDimension: 2, components: .count(1))
        let fitOne = try one.fit(rows, count: 4, seed: 0)
        #expect(close(fitOne.explainedVarianceRatio!, (15 + r) / 30))
        let errors = one.reconstructionErrors(rows, count: 4)
        let lost = [3 * v2[0] + v2[1], -3 * v2[0] - v2[1], v2[0] - 2 * v2[1], -v2[0] + 2 * v2[1]]
        for i in 0..<4 { #expect(close(errors[i], lost[i] * lost[i] / 2), "row \(i)") }
        #expect(close(fitOne.trainingLoss, errors.reduce(0, +) / 4))
    }

    @Test(arguments: [PCALearner.Solver.covarianceEigen, .svd, .automatic])
    func matchesTheSVDOfTheCentredRows(solver: PCALearner.Solver) throws {
        for (n, d) in [(60, 8), (5, 9)] {
            var rng = Xoshiro256(seed: 3)
            // Columns of different scales so the components are well separated.
            let rows = (0..<(n * d)).map { Float(rng.nextNormal() * Double(1 + ($0 % d))) + 2 }
            let k = 3
            var pca = try PCALearner(inputDimension: d, components: .count(k), solver: solver)
            let fit = try pca.fit(rows, count: n, seed: 0)

            var centred = rows.map(Double.init)
            for j in 0..<d {
                let mean = (0..<n).map { centred[$0 * d + j] }.reduce(0, +) / Double(n)
                for i in 0..<n { centred[i * d + j] -= mean }
            }
            let svd = try SingularValueDecomposition(Matrix(rows: n, columns: d, storage: centred))
            let total = svd.singularValues.map { $0 * $0 }.reduce(0, +)
            let codes = pca.encode(rows, count: n)
            for c in 0..<k {
                let variance = svd.singularValues[c] * svd.singularValues[c] / Double(n - 1)
                #expect(close(pca.variances[c], variance, 1e-9 * variance), "\(solver) \(n)x\(d) variance \(c)")
                // Codes are the columns of U·Σ up to the sign of the component.
                let sign: Double = (0..<d).map { pca.basis[c * d + $0] * svd.vt[c, $0] }.reduce(0, +) > 0 ? 1 : -1
                for i in 0..<n {
                    #expect(close(codes[i * k + c], sign * svd.u[i, c] * svd.singularValues[c], 1e-8),
                            "\(solver) \(n)x\(d) code (\(i), \(c))")
                }
                // The sign convention: the largest-magnitude entry is positive.
                let row = (0..<d).map { pca.basis[c * d + $0] }
                #expect(row.max(by: { abs($0) < abs($1) })! > 0)
            }
            let kept = svd.singularValues.prefix(k).map { $0 * $0 }.reduce(0, +)
            #expect(close(fit.explainedVarianceRatio!, kept / total, 1e-12))
            let errors = pca.reconstructionErrors(rows, count: n)
            #expect(close(fit.trainingLoss, errors.reduce(0, +) / Double(n), 1e-9))
        }
    }

    @Test func whitenedCodesHaveUnitVariance() throws {
        let n = 200, d = 6
        var rng = Xoshiro256(seed: 9)
        let rows = (0..<(n * d)).map { Float(rng.nextNormal() * Double(1 + 3 * ($0 % d))) }
        var pca = try PCALearner(inputDimension: d, components: .count(4), whitening: true)
        try pca.fit(rows, count: n, seed: 0)
        let codes = pca.encode(rows, count: n)
        for c in 0..<4 {
            #expect(close(LearningFixtures.columnVariance(codes, rows: n, width: 4, column: c), 1, 1e-9), "component \(c)")
        }
        var plain = try PCALearner(inputDimension: d, components: .count(4))
        try plain.fit(rows, count: n, seed: 0)
        #expect(!close(LearningFixtures.columnVariance(plain.encode(rows, count: n), rows: n, width: 4, column: 0), 1, 0.5))
        // Whitening leaves the reconstruction alone.
        #expect(pca.reconstructionErrors(rows, count: n) == plain.reconstructionErrors(rows, count: n))
    }

    @Test func whiteningIgnoresComponentsWithoutVariance() throws {
        // Rank-1 rows: the second component has no variance and gives code 0.
        let rows: [Float] = [0, 0, 1, 2, 2, 4, 3, 6]
        var pca = try PCALearner(inputDimension: 2, components: .count(2), whitening: true)
        try pca.fit(rows, count: 4, seed: 0)
        let codes = pca.encode(rows, count: 4)
        #expect(codes.allSatisfy { $0.isFinite })
        for i in 0..<4 { #expect(codes[i * 2 + 1] == 0) }
        #expect(close(LearningFixtures.columnVariance(codes, rows: 4, width: 2, column: 0), 1))
    }

    /// Rows ±a_j e_j on 4 axes with a = (4, 3, 2, 1): variances in the ratio 16 : 9 : 4 : 1,
    /// cumulative explained ratios 16/30, 25/30, 29/30, 1.
    private var axisRows: [Float] {
        var rows = [Float](repeating: 0, count: 8 * 4)
        for (j, a) in [Float(4), 3, 2, 1].enumerated() {
            rows[(2 * j) * 4 + j] = a
            rows[(2 * j + 1) * 4 + j] = -a
        }
        return rows
    }

    @Test(arguments: [(0.5, 4, 1), (0.8, 4, 2), (25.0 / 30, 4, 2), (0.9, 4, 3), (0.99, 4, 4), (0.95, 2, 2), (1.0, 3, 3)])
    func explainedVarianceChoosesTheSmallestK(fraction: Double, maximum: Int, expected: Int) throws {
        var pca = try PCALearner(inputDimension: 4, components: .explainedVariance(fraction, maximum: maximum))
        #expect(pca.codeDimension == maximum)
        let fit = try pca.fit(axisRows, count: 8, seed: 0)
        #expect(fit.components == expected && pca.activeComponents == expected, "fraction \(fraction) max \(maximum)")
        let cumulative = [16.0, 25, 29, 30].map { $0 / 30 }
        #expect(close(fit.explainedVarianceRatio!, cumulative[expected - 1]))
        let codes = pca.encode(axisRows, count: 8)
        for i in 0..<8 {
            for c in expected..<maximum { #expect(codes[i * maximum + c] == 0, "unused component \(c) of row \(i)") }
        }
        // Row 0 is 4·e_0: its first code is 4, whatever the maximum.
        #expect(close(codes[0], 4))
    }

    @Test func rowsOfRankAtMostKReconstructExactly() throws {
        let n = 50, d = 7
        var rng = Xoshiro256(seed: 5)
        let directions = (0..<(2 * d)).map { _ in rng.nextNormal() }
        var rows = [Float](repeating: 0, count: n * d)
        for i in 0..<n {
            let (a, b) = (rng.nextNormal(), rng.nextNormal())
            for j in 0..<d { rows[i * d + j] = Float(3 + a * directions[j] + b * directions[d + j]) }
        }
        var two = try PCALearner(inputDimension: d, components: .count(2))
        let fit = try two.fit(rows, count: n, seed: 0)
        let scale = rows.map { Double($0 * $0) }.reduce(0, +) / Double(n * d)
        #expect(two.reconstructionErrors(rows, count: n).allSatisfy { $0 < 1e-10 * scale })
        #expect(fit.trainingLoss < 1e-10 * scale && close(fit.explainedVarianceRatio!, 1, 1e-9))
        var one = try PCALearner(inputDimension: d, components: .count(1))
        try one.fit(rows, count: n, seed: 0)
        #expect(one.reconstructionErrors(rows, count: n).reduce(0, +) / Double(n) > 1e-3 * scale)
    }

    @Test func beforeFittingCodesAreZeroAndRowsRebuildAsZero() throws {
        let pca = try PCALearner(inputDimension: 3, components: .count(2), whitening: true)
        let rows: [Float] = [1, 2, 3, -1, 0, 0.5]
        #expect(!pca.isFitted)
        #expect(pca.encode(rows, count: 2) == [0, 0, 0, 0])
        #expect(pca.reconstructionErrors(rows, count: 2) == [14.0 / 3, 1.25 / 3])
    }

    @Test func encodeWithErrorsMatchesTheSeparateCalls() throws {
        let n = 5000, d = 5
        let rows = LearningFixtures.uniform(count: n, dimension: d, seed: 2)
        var pca = try PCALearner(inputDimension: d, components: .count(2), whitening: true)
        try pca.fit(rows, count: n, seed: 0)
        let both = pca.encodeWithErrors(rows, count: n)
        #expect(both.codes == pca.encode(rows, count: n))
        #expect(both.errors == pca.reconstructionErrors(rows, count: n))
        #expect(both.codes.count == n * 2 && both.errors.count == n)
    }

    @Test func badInputThrowsAndLeavesTheLearnerUnchanged() throws {
        var pca = try PCALearner(inputDimension: 3, components: .count(1))
        try pca.fit([0, 0, 0, 1, 2, 3], count: 2, seed: 0)
        let before = pca.basis
        #expect(throws: LearnerError.observationSize(elements: 5, count: 2, inputDimension: 3)) {
            try pca.fit([1, 2, 3, 4, 5], count: 2, seed: 0)
        }
        #expect(throws: LearnerError.nonFiniteValue(row: 1, column: 2)) {
            try pca.fit([1, 2, 3, 4, 5, .nan], count: 2, seed: 0)
        }
        #expect(throws: LearnerError.nonFiniteValue(row: 0, column: 1)) {
            try pca.fit([1, .infinity, 3, 4, 5, 6], count: 2, seed: 0)
        }
        #expect(throws: LearnerError.tooFewRows(count: 1, minimum: 2)) { try pca.fit([1, 2, 3], count: 1, seed: 0) }
        #expect(pca.basis == before && pca.isFitted)
    }

    @Test func badConfigurationThrows() {
        let cases: [(Int, PCALearner.Components, String)] = [
            (0, .count(1), "inputDimension"), (3, .count(0), "component count"), (3, .count(4), "component count"),
            (3, .explainedVariance(0, maximum: 2), "fraction"), (3, .explainedVariance(1.5, maximum: 2), "fraction"),
            (3, .explainedVariance(.nan, maximum: 2), "fraction"), (3, .explainedVariance(0.9, maximum: 0), "maximum"),
            (3, .explainedVariance(0.9, maximum: 4), "maximum"), (1 << 40, .count(1), "inputDimension"),
            (1 << 30, .count(1), "memory"),
        ]
        for (d, components, word) in cases {
            do {
                _ = try PCALearner(inputDimension: d, components: components)
                Issue.record("accepted d \(d) \(components)")
            } catch {
                guard case .invalidConfiguration(let message) = error else { Issue.record("\(error)"); continue }
                #expect(message.contains(word) && !error.description.contains("\n"), "\(message)")
            }
        }
    }

    @Test func codableRoundTripIsExact() throws {
        let n = 40, d = 6
        let rows = LearningFixtures.uniform(count: n, dimension: d, seed: 8)
        var pca = try PCALearner(inputDimension: d, components: .explainedVariance(0.7, maximum: 4), whitening: true)
        try pca.fit(rows, count: n, seed: 0)
        let decoded = try DecodingChecks.expectRoundTrip(pca)
        #expect(decoded.basis == pca.basis && decoded.mean == pca.mean && decoded.variances == pca.variances)
        #expect(decoded.activeComponents == pca.activeComponents && decoded.isFitted)
        #expect(decoded.encode(rows, count: n) == pca.encode(rows, count: n))

        let json = try DecodingChecks.encode(pca)
        let shortBasis = json.replacingOccurrences(of: #""basis":""#, with: #""basis":"AAAAAAAAAAAA"#)
        DecodingChecks.expectRefused(PCALearner.self, shortBasis, mentioning: "basis")
        let negativeVariance = try DecodingChecks.encode(try PCALearner(inputDimension: 1, components: .count(1)))
            .replacingOccurrences(of: #""variances":"AAAAAAAAAAA=""#, with: #""variances":"AAAAAAAA8L8=""#)
        DecodingChecks.expectRefused(PCALearner.self, negativeVariance, mentioning: "variances[0] is negative")
        let negative = try DecodingChecks.encode(try PCALearner(inputDimension: 6, components: .count(7 - 1)))
            .replacingOccurrences(of: #""inputDimension":6"#, with: #""inputDimension":5"#)
        DecodingChecks.expectRefused(PCALearner.self, negative, mentioning: "component count must be in 1...5")
    }
}
}

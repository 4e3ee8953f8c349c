import Foundation
import Testing
@testable import Tessera

@Suite struct RandomFourierFeaturesTests {
    @Test func rbfKernelMatrixMatchesTheFormula() throws {
        var rng = Xoshiro256(seed: 3)
        let points = (0..<(25 * 3)).map { _ in rng.nextUnitDouble() * 4 - 2 }
        let kernel = try RBFKernel(bandwidth: 0.7)
        let k = try kernel.matrix(points: points, dimension: 3)
        for i in 0..<25 {
            #expect(k[i, i] == 1)
            for j in 0..<25 {
                let a = Array(points[(i * 3)..<(i * 3 + 3)]), b = Array(points[(j * 3)..<(j * 3 + 3)])
                let squared = zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
                #expect(abs(k[i, j] - exp(-squared / (2 * 0.49))) < 1e-12)
                #expect(k[i, j] == k[j, i])
                #expect(abs(kernel(a, b) - k[i, j]) < 1e-12)
            }
        }
    }

    @Test func medianDistanceOfKnownPoints() throws {
        var rng = Xoshiro256(seed: 0)
        // 1-D points 0, 1, 3: distances 1, 2, 3; median 2.
        #expect(try RBFKernel.medianDistance(points: [0, 1, 3], dimension: 1, using: &rng) == 2)
        // 0, 1, 3, 7: distances 1, 2, 3, 4, 6, 7; median (3 + 4) / 2.
        #expect(try RBFKernel.medianDistance(points: [7, 0, 3, 1], dimension: 1, using: &rng) == 3.5)
        // 0, 0, 0, 2 has distances 0, 0, 0, 2, 2, 2: median 1.
        #expect(try RBFKernel.medianDistance(points: [0, 0, 0, 2], dimension: 1, using: &rng) == 1)
        // Mostly coinciding points fall back to the positive distances: 0, 0, 0, 0, 3 has
        // six distances 0 and four 3; the median is 0, that of the positive ones 3.
        #expect(try RBFKernel.medianDistance(points: [0, 0, 0, 0, 3], dimension: 1, using: &rng) == 3)
        #expect(try RBFKernel.medianDistance(points: [5, 5, 5], dimension: 1, using: &rng) == 0)
        // Selection agrees with sorting on random data, odd and even counts.
        for count in [1, 2, 7, 100, 1001] {
            var values = (0..<count).map { _ in Double(rng.nextIndex(below: 50)) }
            let sorted = values.sorted()
            let expected = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
            #expect(RBFKernel.median(&values) == expected, "count \(count)")
        }
    }

    @Test func featuresApproximateTheKernel() throws {
        let features = try RandomFourierFeatures(dimension: 2, bandwidth: 0.5, count: 20_000, seed: 11)
        let points: [Double] = [0, 0, 0.3, 0.1, 1, 1]
        let z = try features.features(of: points)
        let kernel = try RBFKernel(bandwidth: 0.5)
        for i in 0..<3 {
            for j in 0..<3 {
                let dot = (0..<features.count).map { z[i, $0] * z[j, $0] }.reduce(0, +)
                let exact = kernel(Array(points[(2 * i)..<(2 * i + 2)]), Array(points[(2 * j)..<(2 * j + 2)]))
                #expect(abs(dot - exact) < 0.03, "pair \(i), \(j)")
            }
        }
    }

    @Test func scoreApproachesTheExactValueAsFeaturesGrow() throws {
        var errors: [Int: Double] = [:]
        for seed: UInt64 in [1, 2, 3] {
            var rng = Xoshiro256(seed: seed)
            let points = (0..<(300 * 2)).map { _ in rng.nextUnitDouble() }
            let h = 0.25
            let exact = try VendiScore(kernel: RBFKernel(bandwidth: h).matrix(points: points, dimension: 2)).value()
            for m in [16, 128, 1_024] {
                let approximate = try RandomFourierFeatures(dimension: 2, bandwidth: h, count: m, seed: seed &+ 100)
                    .vendiScore(of: points).value()
                errors[m, default: 0] += abs(approximate - exact) / exact / 3
            }
        }
        #expect(errors[1_024]! < 0.03, "\(errors)")
        #expect(errors[1_024]! < errors[128]! && errors[128]! < errors[16]!, "\(errors)")
    }

    @Test func sameSeedSameFeatures() throws {
        let a = try RandomFourierFeatures(dimension: 3, bandwidth: 0.2, count: 64, seed: 9)
        let b = try RandomFourierFeatures(dimension: 3, bandwidth: 0.2, count: 64, seed: 9)
        let c = try RandomFourierFeatures(dimension: 3, bandwidth: 0.2, count: 64, seed: 10)
        #expect(a == b && a != c)
        #expect(a.phases.allSatisfy { $0 >= 0 && $0 < 2 * Double.pi })
        // W ~ N(0, 1/h²): the sample variance of 192 entries is near 25.
        let variance = a.frequencies.map { $0 * $0 }.reduce(0, +) / Double(a.frequencies.count)
        #expect(variance > 15 && variance < 35)
    }
}

@Suite struct RandomFourierCosineTests {
    @Test func fastCosineMatchesTheLibrary() {
        var rng = Xoshiro256(seed: 17)
        var worst = 0.0
        for _ in 0..<100_000 {
            let x = (rng.nextUnitDouble() * 2 - 1) * 200
            worst = max(worst, abs(RandomFourierFeatures.cosine(x) - cos(x)))
        }
        for x in [0, Double.pi, -Double.pi, Double.pi / 2, 3 * Double.pi, 1e-300] {
            worst = max(worst, abs(RandomFourierFeatures.cosine(x) - cos(x)))
        }
        #expect(worst < 1e-9, "worst error \(worst)")
    }
}

import Foundation
import Testing
@testable import Tessera

@Suite struct ArchiveDiversityTests {
    let box = Box(lower: [-1, 0], upper: [1, 10])

    /// `n` descriptors uniform in ``box``, row-major.
    static func uniform(_ n: Int, using rng: inout Xoshiro256) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(2 * n)
        for _ in 0..<n { out += [rng.nextUnitDouble() * 2 - 1, rng.nextUnitDouble() * 10] }
        return out
    }

    @Test func emptySingleAndIdentical() throws {
        #expect(try ArchiveDiversity(descriptors: [], space: box).score == 0)
        let one = try ArchiveDiversity(descriptors: [0.5, 3], space: box)
        #expect(one.score == 1 && one.count == 1)
        let same = try ArchiveDiversity(descriptors: Array(repeating: [0.25, 7.0], count: 50).flatMap { $0 }, space: box)
        #expect(same.score == 1 && same.count == 50 && same.kernel == .rbf(bandwidth: 0))
    }

    /// k tight clusters of m elites each: K = K_c ⊗ ones(m, m), so the score equals the
    /// Vendi score of the k centres under the same kernel (and lies between 1 and k).
    @Test func tightClustersScoreLikeTheirCentres() throws {
        var rng = Xoshiro256(seed: 5)
        for k in [2, 3, 5, 8] {
            var centres: [Double] = []
            for _ in 0..<k { centres += [rng.nextUnitDouble() * 2 - 1, rng.nextUnitDouble() * 10] }
            var descriptors: [Double] = []
            for c in 0..<k {
                for _ in 0..<20 {
                    let x: Double = centres[2 * c] + 1e-7 * rng.nextNormal()
                    let y: Double = centres[2 * c + 1] + 1e-7 * rng.nextNormal()
                    descriptors += [x, y]
                }
            }
            let result = try ArchiveDiversity(descriptors: descriptors, space: box)
            let h = result.kernel.bandwidth
            var normalised: [Double] = []
            for c in 0..<k { normalised += [(centres[2 * c] + 1) / 2, centres[2 * c + 1] / 10] }
            let expected = try VendiScore(kernel: RBFKernel(bandwidth: h).matrix(points: normalised, dimension: 2)).value()
            #expect(abs(result.score - expected) < 1e-4, "k = \(k)")
            #expect(result.score > 1 && result.score <= Double(k) + 1e-9)
            #expect(result.method == .exact && result.kernel.kind == "rbf")
        }
    }

    /// Well-separated clusters under a kernel narrower than their separation: about k.
    @Test func separatedClustersUnderANarrowKernelScoreK() throws {
        var rng = Xoshiro256(seed: 8)
        for k in [1, 2, 4, 7] {
            var points: [Double] = []
            for c in 0..<k {
                for _ in 0..<15 {
                    let x: Double = Double(c) + 1e-5 * rng.nextNormal()
                    let y: Double = 1e-5 * rng.nextNormal()
                    points += [x, y]
                }
            }
            let score = try VendiScore(kernel: RBFKernel(bandwidth: 0.05).matrix(points: points, dimension: 2))
            #expect(abs(try score.value() - Double(k)) < 1e-3, "k = \(k)")
            #expect(abs(try score.value(.infinity) - Double(k)) < 1e-3, "k = \(k)")
        }
    }

    @Test func orderOfElitesDoesNotMatter() throws {
        var rng = Xoshiro256(seed: 12)
        for n in [300, 2_600] {
            var rows: [[Double]] = []
            for _ in 0..<n { rows.append([rng.nextUnitDouble() * 2 - 1, rng.nextUnitDouble() * 10]) }
            var shuffled = rows
            shuffled.shuffle(using: &rng)
            let a = try ArchiveDiversity(descriptors: rows.flatMap { $0 }, space: box)
            let b = try ArchiveDiversity(descriptors: shuffled.flatMap { $0 }, space: box)
            #expect(a == b, "n = \(n)")
            #expect(a.method == (n <= 2_000 ? .exact : .randomFeatures(count: 512)))
        }
    }

    @Test func deterministicForASeed() throws {
        var rng = Xoshiro256(seed: 13)
        let descriptors = Self.uniform(3_000, using: &rng)
        let a = try ArchiveDiversity(descriptors: descriptors, space: box, seed: 4)
        let b = try ArchiveDiversity(descriptors: descriptors, space: box, seed: 4)
        let c = try ArchiveDiversity(descriptors: descriptors, space: box, seed: 5)
        #expect(a == b)
        #expect(a.score != c.score)
        // Different seeds differ only by the approximation.
        #expect(abs(a.score - c.score) / a.score < 0.05)
        #expect(a.score > 1 && a.score <= 3_000)
    }

    @Test func randomFeaturesAgreeWithTheExactScore() throws {
        var rng = Xoshiro256(seed: 21)
        let descriptors = Self.uniform(1_500, using: &rng)
        let exact = try ArchiveDiversity(descriptors: descriptors, space: box)
        let approximate = try ArchiveDiversity(descriptors: descriptors, space: box, exactLimit: 1_000)
        #expect(exact.method == .exact && approximate.method == .randomFeatures(count: 512))
        #expect(exact.kernel == approximate.kernel)
        #expect(abs(approximate.score - exact.score) / exact.score < 0.05, "\(exact.score) vs \(approximate.score)")
    }

    @Test func archiveExtensionUsesTheOccupiedCells() throws {
        var archive = try GridArchive<[Double]>(shape: [10, 10], descriptorSpace: box, genomeLayout: 1)
        #expect(try archive.diversity().score == 0)
        var rng = Xoshiro256(seed: 2)
        var descriptors: [Double] = []
        for _ in 0..<60 {
            let d = [rng.nextUnitDouble() * 2 - 1, rng.nextUnitDouble() * 10]
            archive.add([[0.0]], [Evaluation(objective: 1, descriptor: d)])
            descriptors += d
        }
        let viaArchive = try archive.diversity()
        let kept = archive.elitesInInsertionOrder.flatMap(\.descriptor)
        let direct = try ArchiveDiversity(descriptors: kept, space: box)
        #expect(viaArchive == direct)
        #expect(viaArchive.count == archive.count)
        #expect(viaArchive.score > 1 && viaArchive.score <= Double(archive.count))
    }
}

import Testing
import TesseraTestSupport
@testable import Tessera

@Suite struct RandomTests {
    @Test func xoshiroMatchesTheReferenceSequence() {
        // Outputs of the reference C implementation of xoshiro256** from state {1, 2, 3, 4}.
        var rng = Xoshiro256(state: (1, 2, 3, 4))
        #expect([rng.next(), rng.next(), rng.next(), rng.next()] == [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240])
    }

    @Test func decodingRefusesTheAllZeroState() throws {
        var rng = Xoshiro256(seed: 9)
        _ = rng.next()
        var decoded = try DecodingChecks.expectRoundTrip(rng)
        #expect(decoded.next() == rng.next(), "the state travels")
        DecodingChecks.expectRefused(Xoshiro256.self, #"{"s0":0,"s1":0,"s2":0,"s3":0}"#, mentioning: "must not be all zero")
    }

    @Test func streamsAreAPureFunctionOfTheirPosition() {
        let streams = RandomStreams(seed: 7)
        var a = streams.stream(iteration: 3, emitter: 1, row: 5)
        var b = streams.stream(iteration: 3, emitter: 1, row: 5)
        #expect(a.next() == b.next())
        var seen = Set<UInt64>()
        for iteration in 0..<4 {
            for emitter in 0..<3 {
                for row in 0..<50 {
                    var rng = streams.stream(iteration: iteration, emitter: emitter, row: row)
                    seen.insert(rng.next())
                }
            }
        }
        #expect(seen.count == 4 * 3 * 50, "every position gets its own stream")
        var other = RandomStreams(seed: 8).stream(iteration: 3, emitter: 1, row: 5)
        var same = streams.stream(iteration: 3, emitter: 1, row: 5)
        #expect(other.next() != same.next())
    }

    @Test func unitDoublesAndIndicesAreUniform() {
        var rng = Xoshiro256(seed: 1)
        var counts = [Int](repeating: 0, count: 7)
        let n = 70_000
        for _ in 0..<n { counts[rng.nextIndex(below: 7)] += 1 }
        let expected = Double(n) / 7
        let chiSquare = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        #expect(chiSquare < 22.5, "chi-square \(chiSquare) with 6 degrees of freedom (p = 0.001)")
        let u = (0..<n).map { _ in rng.nextUnitDouble() }
        #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(SampleMoments(u).mean - 0.5) < 0.005)
    }

    @Test(arguments: TestSeeds.few)
    func zigguratDrawsStandardNormals(seed: UInt64) {
        var rng = Xoshiro256(seed: seed)
        let n = 400_000
        var values = [Double](repeating: 0, count: n)
        values.withUnsafeMutableBufferPointer { NormalSampler.fill($0, using: &rng) }
        let m = SampleMoments(values)
        #expect(abs(m.mean) < 0.006, "mean \(m.mean), seed \(seed)")
        #expect(abs(m.variance - 1) < 0.01, "variance \(m.variance), seed \(seed)")
        #expect(abs(m.skewness) < 0.02, "skewness \(m.skewness), seed \(seed)")
        #expect(abs(m.kurtosis - 3) < 0.05, "kurtosis \(m.kurtosis), seed \(seed)")
        // P(|Z| > 2) = 0.0455, and the tail beyond the base strip r = 3.654 is reached.
        let beyond2 = Double(values.filter { abs($0) > 2 }.count) / Double(n)
        #expect(abs(beyond2 - 0.0455) < 0.002, "P(|Z|>2) = \(beyond2), seed \(seed)")
        let tail = values.filter { abs($0) > NormalSampler.r }.count
        #expect(tail > 50 && tail < 160, "tail count \(tail) (expected about 103), seed \(seed)")
    }

    @Test func zigguratTablesCloseTheLayers() {
        // Every layer has the same area v: x[i] * (f(x[i+1]) - f(x[i])) = v for i >= 1.
        let x = NormalSampler.x
        for i in 1..<255 {
            let area = x[i] * (exp(-0.5 * x[i + 1] * x[i + 1]) - exp(-0.5 * x[i] * x[i]))
            #expect(abs(area - NormalSampler.layerArea) < 1e-9, "layer \(i)")
        }
        #expect(x[255] > 0 && x[255] < 0.3)
    }
}

import Foundation

import Foundation
import Testing
@testable import Tessera

/// The lane sampler: the same bits on every code path and in a plain Swift rendering of
/// its definition, whatever rows are drawn beside a row, and the distribution of N(0, 1)
/// to within sampling error.
@Suite struct LaneSamplerTests {
    /// The definition for one row in scalar Swift: chunks of 256 positions, each taking its
    /// stream's next word as a candidate, the rejected ones written as base + scale · 0
    /// and finished in order after the chunk.
    static func reference(base: [Double]?, scale: Double, count: Int, stream: inout Xoshiro256) -> [Double] {
        let t = NormalSampler.tables
        func signedUnit(_ bits: UInt64) -> Double { Double(bitPattern: (bits >> 12) | 0x4000_0000_0000_0000) - 3 }
        func finish(_ firstU: Double, _ firstLayer: Int) -> Double {
            var u = firstU, i = firstLayer
            let r = 3.6541528853610088
            while true {
                if abs(u) < t[257 + i] { return u * t[i] }
                if i == 0 {
                    var a: Double, y: Double
                    repeat {
                        a = log(1 - stream.nextUnitDouble()) / r
                        y = log(1 - stream.nextUnitDouble())
                    } while -2 * y < a * a
                    return u < 0 ? a - r : r - a
                }
                let xx = u * t[i]
                if t[513 + i + 1] + stream.nextUnitDouble() * (t[513 + i] - t[513 + i + 1]) < exp(-0.5 * xx * xx) { return xx }
                let bits = stream.next()
                i = Int(bits & 0xFF)
                u = signedUnit(bits)
            }
        }
        var out = [Double](repeating: 0, count: count)
        var start = 0
        while start < count {
            let end = min(count, start + 256)
            var rejected: [(Int, UInt64)] = []
            for p in start..<end {
                let bits = stream.next()
                let i = Int(bits & 0xFF), u = signedUnit(bits)
                var z = 0.0
                if abs(u) < t[257 + i] { z = u * t[i] } else { rejected.append((p, bits)) }
                out[p] = base.map { $0[p] + scale * z } ?? z
            }
            for (p, bits) in rejected {
                let z = finish(signedUnit(bits), Int(bits & 0xFF))
                out[p] = base == nil ? z : out[p] + scale * z
            }
            start = end
        }
        return out
    }

    /// Draws `rows` rows of `count` deviates (added to `bases` when given) on `path`.
    static func draw(rows: Int, count: Int, bases: [[Double]]? = nil, scale: Double = 1, streams: inout [Xoshiro256],
                     path: KernelPath = .best) -> [[Double]] {
        var out = [[Double]](repeating: [Double](repeating: .nan, count: count), count: rows)
        let baseCopies = bases ?? []
        let basePointers = baseCopies.map { row in
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(1, count))
            p.initialize(from: row, count: count)
            return p
        }
        let outPointers = (0..<rows).map { _ in UnsafeMutablePointer<Double>.allocate(capacity: max(1, count)) }
        defer { (basePointers + outPointers).forEach { $0.deallocate() } }
        let outs = outPointers.map { Optional($0) }
        let ins = basePointers.map { Optional(UnsafePointer($0)) }
        streams.withUnsafeMutableBufferPointer { s in
            LaneSampler.addNoise(rows: rows, bases: bases == nil ? nil : ins, scale: scale, into: outs, count: count,
                                 streams: s.baseAddress!, path: path)
        }
        for r in 0..<rows { out[r] = Array(UnsafeBufferPointer(start: outPointers[r], count: count)) }
        return out
    }

    static func draw(_ count: Int, seed: UInt64) -> [Double] {
        var streams = [Xoshiro256(seed: seed)]
        return draw(rows: 1, count: count, streams: &streams)[0]
    }

    @Test(arguments: [(1, 1), (4, 3), (4, 4), (5, 100), (9, 255), (8, 256), (6, 257), (4, 1031), (3, 12)])
    func everyPathGivesTheDefinitionsBits(rows: Int, count: Int) {
        let start = (0..<rows).map { Xoshiro256(seed: UInt64(rows * 1000 + count + $0)) }
        let bases = (0..<rows).map { r in (0..<count).map { Double(r * count + $0) * 0.125 - 50 } }
        for withBase in [false, true] {
            var expectedStreams = start
            let expected = (0..<rows).map { r in
                Self.reference(base: withBase ? bases[r] : nil, scale: 0.5, count: count, stream: &expectedStreams[r])
            }
            for path in KernelPath.allCases {
                var streams = start
                let got = Self.draw(rows: rows, count: count, bases: withBase ? bases : nil, scale: withBase ? 0.5 : 1, streams: &streams, path: path)
                let want = withBase ? expected : expected
                #expect(got.map { $0.map(\.bitPattern) } == want.map { $0.map(\.bitPattern) }, "path \(path), base \(withBase)")
                #expect(streams == expectedStreams, "each stream ends where its row's draws do (path \(path))")
            }
        }
    }

    @Test func aRowsValuesDoNotDependOnItsNeighbours() {
        let start = (0..<7).map { Xoshiro256(seed: 90 + UInt64($0)) }
        var all = start
        let together = Self.draw(rows: 7, count: 100, streams: &all)
        for r in 0..<7 {
            var alone = [start[r]]
            #expect(Self.draw(rows: 1, count: 100, streams: &alone)[0].map(\.bitPattern) == together[r].map(\.bitPattern))
        }
    }

    @Test func inPlaceEqualsFromACopy() {
        var rng = Xoshiro256(seed: 4)
        var values = (0..<300).map { Double($0) - 150 }
        let copy = values
        var again = rng
        values.withUnsafeMutableBufferPointer { LaneSampler.addNoise(base: UnsafePointer($0.baseAddress), scale: 0.25, into: $0, using: &rng) }
        var out = [Double](repeating: 0, count: 300)
        copy.withUnsafeBufferPointer { b in out.withUnsafeMutableBufferPointer { LaneSampler.addNoise(base: b.baseAddress, scale: 0.25, into: $0, using: &again) } }
        #expect(values.map(\.bitPattern) == out.map(\.bitPattern))
        #expect(rng == again)
    }

    @Test func tenMillionDeviatesHaveTheMomentsAndTailsOfNZeroOne() {
        let n = 10_000_000
        let z = Self.draw(n, seed: 2_026)
        var s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0
        var beyond = [0, 0, 0, 0]  // |z| > 3, 4, 5, and the ziggurat's tail start r
        let limits = [3.0, 4.0, 5.0, 3.6541528853610088]
        for v in z {
            let v2 = v * v
            s1 += v; s2 += v2; s3 += v2 * v; s4 += v2 * v2
            let a = abs(v)
            for j in 0..<4 where a > limits[j] { beyond[j] += 1 }
        }
        let count = Double(n)
        let mean = s1 / count
        let variance = s2 / count - mean * mean
        // Standard errors of the sample moments of N(0, 1): 1/√n, √(2/n), √(6/n), √(24/n).
        #expect(abs(mean) < 5 / count.squareRoot())
        #expect(abs(variance - 1) < 5 * (2 / count).squareRoot())
        #expect(abs(s3 / count) < 5 * (6 / count).squareRoot(), "skewness")
        #expect(abs(s4 / count - 3) < 5 * (24 / count).squareRoot(), "kurtosis")
        for (j, limit) in limits.enumerated() {
            let p = erfc(limit / 2.0.squareRoot())
            let expected = p * count
            let spread = (expected * (1 - p)).squareRoot()
            #expect(abs(Double(beyond[j]) - expected) < 5 * spread + 3, "|z| > \(limit): \(beyond[j]) against \(expected)")
        }
    }

    @Test func kolmogorovSmirnovAgainstTheNormalCDF() {
        let n = 1_000_000
        let z = Self.draw(n, seed: 77).sorted()
        var d = 0.0
        for (i, v) in z.enumerated() {
            let cdf = 0.5 * erfc(-v / 2.0.squareRoot())
            d = max(d, Double(i + 1) / Double(n) - cdf, cdf - Double(i) / Double(n))
        }
        // The 0.1% critical value of the one-sample KS statistic is 1.949 / √n.
        #expect(d < 1.949 / Double(n).squareRoot(), "D = \(d)")
    }

    @Test func lanesAndRowsAreUncorrelated() {
        let n = 1_000_000
        func correlation(_ a: [Double], _ b: [Double]) -> Double {
            let m = Double(a.count)
            let ma = a.reduce(0, +) / m, mb = b.reduce(0, +) / m
            var sab = 0.0, saa = 0.0, sbb = 0.0
            for i in a.indices {
                sab += (a[i] - ma) * (b[i] - mb)
                saa += (a[i] - ma) * (a[i] - ma)
                sbb += (b[i] - mb) * (b[i] - mb)
            }
            return sab / (saa * sbb).squareRoot()
        }
        // Four rows drawn side by side in the vector lanes, from adjacent streams of a run.
        let quads = RandomStreams(seed: 2)
        var streams = (0..<4).map { quads.stream(iteration: 0, emitter: 0, row: $0) }
        let lane = Self.draw(rows: 4, count: n / 4, streams: &streams)
        let bound = 5 / Double(n / 4).squareRoot()
        for k in 0..<4 {
            for j in (k + 1)..<4 { #expect(abs(correlation(lane[k], lane[j])) < bound, "lanes \(k) and \(j)") }
        }
        let z = lane[0]
        #expect(abs(correlation(Array(z.dropLast()), Array(z.dropFirst()))) < bound, "consecutive deviates of a row")
        // Rows of a run: adjacent rows' streams, as the mutation draws them.
        let rowStreams = RandomStreams(seed: 1)
        var first = [Double](), second = [Double]()
        func row(_ index: Int) -> [Double] {
            var rng = [rowStreams.stream(iteration: 4, emitter: 0, row: index)]
            return Self.draw(rows: 1, count: 100, streams: &rng)[0]
        }
        for index in stride(from: 0, to: 5_000, by: 2) {
            first += row(index)
            second += row(index + 1)
        }
        #expect(abs(correlation(first, second)) < 5 / Double(first.count).squareRoot(), "adjacent rows")
    }
}

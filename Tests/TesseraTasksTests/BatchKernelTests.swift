import Foundation
import Testing
import Tessera
@testable import TesseraTasks

/// The built-in tasks' batch kernels give every row the bits of the scalar arithmetic of
/// earlier builds, whatever the rows beside it, so files written before them resume
/// exactly.
@Suite struct BatchKernelTests {
    func evaluate(_ domain: some Domain<[Double]>, _ rows: [[Double]]) throws -> EvaluationBatch {
        var batch = EvaluationBatch(count: rows.count, descriptorDimension: domain.descriptorSpace.dimension)
        try domain.evaluate(VectorColumn(rows: rows), into: &batch)
        return batch
    }

    func randomRows(_ count: Int, _ d: Int, spread: Double, seed: UInt64) -> [[Double]] {
        var rng = Xoshiro256(seed: seed)
        return (0..<count).map { _ in (0..<d).map { _ in (rng.nextUnitDouble() * 2 - 1) * spread } }
    }

    @Test(arguments: [1, 3, 4, 7, 12])
    func armRowsMatchTheScalarArithmetic(joints: Int) throws {
        let arm = try ArmDomain(dimension: joints)
        let rows = randomRows(11, joints, spread: .pi, seed: UInt64(joints))
        let batch = try evaluate(arm, rows)
        for (r, theta) in rows.enumerated() {
            // The scalar arithmetic of earlier builds, written out.
            var mean = 0.0
            for t in theta { mean += t }
            mean /= Double(joints)
            var variance = 0.0, angle = 0.0, px = 0.0, py = 0.0
            for t in theta {
                variance += (t - mean) * (t - mean)
                angle += t
                let (s, c) = SineCosine.of(angle)
                px += c
                py += s
            }
            #expect(batch.objectives[r].bitPattern == (-(variance / Double(joints))).bitPattern, "row \(r)")
            #expect(batch.descriptors[2 * r].bitPattern == px.bitPattern && batch.descriptors[2 * r + 1].bitPattern == py.bitPattern)
            let alone = try evaluate(arm, [theta])
            #expect(alone.objectives[0].bitPattern == batch.objectives[r].bitPattern, "a row alone takes the scalar path")
        }
    }

    @Test(arguments: [2, 5, 100, 103])
    func sphereAndProjectionMatchTheScalarArithmetic(dimension: Int) throws {
        let sphere = try SphereDomain(dimension: dimension)
        // Genes beyond ±5.12 exercise the projection's fold.
        let rows = randomRows(6, dimension, spread: 8, seed: UInt64(dimension))
        let batch = try evaluate(sphere, rows)
        func fourSums(_ values: ArraySlice<Double>, _ term: (Double) -> Double) -> Double {
            var s = [0.0, 0.0, 0.0, 0.0]
            var i = values.startIndex
            while i + 4 <= values.endIndex {
                for j in 0..<4 { s[j] += term(values[i + j]) }
                i += 4
            }
            while i < values.endIndex { s[0] += term(values[i]); i += 1 }
            return (s[0] + s[1]) + (s[2] + s[3])
        }
        for (r, x) in rows.enumerated() {
            let raw = fourSums(x[...]) { ($0 - SphereDomain.shift) * ($0 - SphereDomain.shift) }
            let objective = (raw - sphere.worst) / (0 - sphere.worst) * 100
            let fold = { (v: Double) in (v < -5.12 || v > 5.12) ? 5.12 / v : v }
            #expect(batch.objectives[r].bitPattern == objective.bitPattern, "row \(r)")
            #expect(batch.descriptors[2 * r].bitPattern == fourSums(x[0 ..< dimension / 2], fold).bitPattern)
            #expect(batch.descriptors[2 * r + 1].bitPattern == fourSums(x[(dimension / 2)...], fold).bitPattern)
        }
    }
}

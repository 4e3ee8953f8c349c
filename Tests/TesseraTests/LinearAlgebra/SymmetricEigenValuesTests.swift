import Testing
@testable import Tessera

/// The values-only decomposition agrees with the full one.
@Suite struct SymmetricEigenValuesTests {
    @Test func valuesAloneEqualTheFullDecompositionsValues() throws {
        var rng = Xoshiro256(seed: 5)
        let n = 40
        var a = Matrix(rows: n, columns: n)
        for i in 0..<n {
            for j in 0...i {
                let x = rng.nextNormal()
                a[i, j] = x
                a[j, i] = x
            }
        }
        let full = try SymmetricEigen(a).values
        let alone = try SymmetricEigen.values(of: a)
        #expect(alone.count == n)
        #expect(zip(full, alone).allSatisfy { abs($0 - $1) <= 1e-10 * max(1, abs($0)) })
        #expect(zip(alone, alone.dropFirst()).allSatisfy { $0 <= $1 }, "ascending")
        #expect(try SymmetricEigen.values(of: Matrix(rows: 0, columns: 0)).isEmpty)
        var bad = a
        bad[3, 2] = .nan
        #expect(throws: LinearAlgebraError.self) { try SymmetricEigen.values(of: bad) }
    }
}

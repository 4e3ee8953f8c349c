import Testing
@testable import Tessera

@Suite struct CholeskyTests {
    @Test func knownFactor() throws {
        // A classic example: L = [2 0 0; 6 1 0; -8 5 3].
        let a = Matrix(rows: 3, columns: 3, storage: [4, 12, -16, 12, 37, -43, -16, -43, 98])
        let l = try Cholesky(a).lower
        #expect(l.storage == [2, 0, 0, 6, 1, 0, -8, 5, 3])
        #expect(l.multiplied(by: l, transposeOther: true) == a)
    }

    @Test func reconstructsAnSPDMatrix() throws {
        // B·Bᵀ + I is positive definite.
        let b = Matrix(rows: 4, columns: 4, storage: [1, 2, 0, -1, 0.5, 3, 1, 0, -2, 0, 1, 4, 1, 1, 1, 1])
        var a = b.multiplied(by: b, transposeOther: true)
        for i in 0..<4 { a[i, i] += 1 }
        let l = try Cholesky(a).lower
        let rebuilt = l.multiplied(by: l, transposeOther: true)
        for t in 0..<16 { #expect(abs(rebuilt.storage[t] - a.storage[t]) <= 1e-12) }
        for i in 0..<4 {
            #expect(l[i, i] > 0)
            for j in (i + 1)..<4 { #expect(l[i, j] == 0) }
        }
    }

    @Test func notPositiveDefiniteThrows() {
        // [1 2; 2 1] has eigenvalues 3 and -1; the leading minor of order 2 fails.
        let a = Matrix(rows: 2, columns: 2, storage: [1, 2, 2, 1])
        #expect(throws: LinearAlgebraError.notPositiveDefinite(routine: "dpotrf", info: 2)) { try Cholesky(a) }
        let negative = Matrix(rows: 2, columns: 2, storage: [-1, 0, 0, 1])
        #expect(throws: LinearAlgebraError.notPositiveDefinite(routine: "dpotrf", info: 1)) { try Cholesky(negative) }
    }
}

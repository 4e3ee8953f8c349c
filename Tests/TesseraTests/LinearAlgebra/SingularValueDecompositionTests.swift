import Testing
@testable import Tessera

@Suite struct SingularValueDecompositionTests {
    private func close(_ x: Double, _ y: Double, _ tolerance: Double = 1e-12) -> Bool {
        abs(x - y) <= tolerance
    }

    /// Checks U·diag(σ)·Vᵀ = A and the orthonormality of U's columns and Vᵀ's rows.
    private func check(_ a: Matrix, _ svd: SingularValueDecomposition) {
        let p = svd.singularValues.count
        var us = svd.u
        for i in 0..<us.rows { for j in 0..<p { us[i, j] *= svd.singularValues[j] } }
        let rebuilt = us.multiplied(by: svd.vt)
        for t in 0..<a.storage.count { #expect(close(rebuilt.storage[t], a.storage[t])) }
        let utu = svd.u.multiplied(by: svd.u, transposeSelf: true)
        let vvt = svd.vt.multiplied(by: svd.vt, transposeOther: true)
        let identity = Matrix.identity(p)
        for t in 0..<(p * p) {
            #expect(close(utu.storage[t], identity.storage[t]))
            #expect(close(vvt.storage[t], identity.storage[t]))
        }
    }

    @Test func wideMatrix() throws {
        // [3 2 2; 2 3 -2] has singular values 5 and 3.
        let a = Matrix(rows: 2, columns: 3, storage: [3, 2, 2, 2, 3, -2])
        let svd = try SingularValueDecomposition(a)
        #expect(svd.u.rows == 2 && svd.u.columns == 2 && svd.vt.rows == 2 && svd.vt.columns == 3)
        #expect(close(svd.singularValues[0], 5) && close(svd.singularValues[1], 3))
        check(a, svd)
    }

    @Test func tallMatrix() throws {
        // [3 0; 4 5; 0 0] has singular values 3√5 and √5.
        let a = Matrix(rows: 3, columns: 2, storage: [3, 0, 4, 5, 0, 0])
        let svd = try SingularValueDecomposition(a)
        #expect(svd.u.rows == 3 && svd.u.columns == 2 && svd.vt.rows == 2 && svd.vt.columns == 2)
        let r = 5.0.squareRoot()
        #expect(close(svd.singularValues[0], 3 * r) && close(svd.singularValues[1], r))
        check(a, svd)
    }

    @Test func rankDeficient() throws {
        // Rank one: the outer product of (1, 2) and (2, 1, 2) has one singular value, 3√5.
        let a = Matrix(rows: 2, columns: 3, storage: [2, 1, 2, 4, 2, 4])
        let svd = try SingularValueDecomposition(a)
        #expect(close(svd.singularValues[0], 3 * 5.0.squareRoot()))
        #expect(close(svd.singularValues[1], 0))
        check(a, svd)
    }

    @Test func nonFiniteInputThrows() {
        let a = Matrix(rows: 1, columns: 2, storage: [1, .infinity])
        #expect(throws: LinearAlgebraError.nonFiniteInput(routine: "dgesdd")) { try SingularValueDecomposition(a) }
    }
}

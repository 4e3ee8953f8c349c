import Testing
@testable import Tessera

@Suite struct SymmetricEigenTests {
    private func close(_ x: Double, _ y: Double, _ tolerance: Double = 1e-12) -> Bool {
        abs(x - y) <= tolerance
    }

    /// Checks V·diag(λ)·Vᵀ = A and VᵀV = I.
    private func checkReconstruction(_ a: Matrix, _ e: SymmetricEigen) {
        let n = a.rows
        var scaled = e.vectors
        for i in 0..<n { for j in 0..<n { scaled[i, j] *= e.values[j] } }
        let rebuilt = scaled.multiplied(by: e.vectors, transposeOther: true)
        let gram = e.vectors.multiplied(by: e.vectors, transposeSelf: true)
        let identity = Matrix.identity(n)
        for t in 0..<(n * n) {
            #expect(close(rebuilt.storage[t], a.storage[t], 1e-12))
            #expect(close(gram.storage[t], identity.storage[t], 1e-12))
        }
    }

    @Test func twoByTwo() throws {
        // [2 1; 1 2] has eigenvalues 1 and 3 with eigenvectors (1, -1)/√2 and (1, 1)/√2.
        let a = Matrix(rows: 2, columns: 2, storage: [2, 1, 1, 2])
        let e = try SymmetricEigen(a)
        #expect(close(e.values[0], 1) && close(e.values[1], 3))
        let r = 1 / 2.0.squareRoot()
        #expect(close(abs(e.vectors[0, 0]), r) && close(e.vectors[1, 0], -e.vectors[0, 0]))
        #expect(close(abs(e.vectors[0, 1]), r) && close(e.vectors[1, 1], e.vectors[0, 1]))
        checkReconstruction(a, e)
    }

    @Test func threeByThreeTridiagonal() throws {
        // The 1-D Laplacian [2 -1 0; -1 2 -1; 0 -1 2] has eigenvalues 2 - √2, 2, 2 + √2.
        let a = Matrix(rows: 3, columns: 3, storage: [2, -1, 0, -1, 2, -1, 0, -1, 2])
        let e = try SymmetricEigen(a)
        let s = 2.0.squareRoot()
        #expect(close(e.values[0], 2 - s) && close(e.values[1], 2) && close(e.values[2], 2 + s))
        // The eigenvector of 2 is (1, 0, -1)/√2.
        #expect(close(abs(e.vectors[0, 1]), 1 / s) && close(e.vectors[1, 1], 0) && close(e.vectors[2, 1], -e.vectors[0, 1]))
        checkReconstruction(a, e)
    }

    @Test func readsOnlyTheLowerTriangle() throws {
        let full = Matrix(rows: 3, columns: 3, storage: [4, 1, 2, 1, 3, 0, 2, 0, 5])
        let lowerOnly = Matrix(rows: 3, columns: 3, storage: [4, 99, 99, 1, 3, 99, 2, 0, 5])
        #expect(try SymmetricEigen(full).values == SymmetricEigen(lowerOnly).values)
        #expect(try SymmetricEigen(full).values.reduce(0, +) > 11.999_999_999)
    }

    @Test func nonFiniteInputThrows() {
        let a = Matrix(rows: 2, columns: 2, storage: [1, 0, .nan, 1])
        #expect(throws: LinearAlgebraError.nonFiniteInput(routine: "dsyevd")) { try SymmetricEigen(a) }
    }

    @Test func emptyMatrix() throws {
        let e = try SymmetricEigen(Matrix(rows: 0, columns: 0))
        #expect(e.values.isEmpty && e.vectors.rows == 0)
    }
}

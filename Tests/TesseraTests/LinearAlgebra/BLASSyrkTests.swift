import Testing
@testable import Tessera

@Suite struct BLASSyrkTests {
    /// The lower triangle of `op(A) op(A)ᵀ` from `dsyrk` against the full `dgemm` product,
    /// with the strict upper triangle left as it was.
    @Test(arguments: [BLAS.Transpose.none, .transposed])
    func lowerTriangleMatchesGemm(trans: BLAS.Transpose) {
        var rng = Xoshiro256(seed: 12)
        let (n, k) = (5, 7)
        let a = (0..<(n * k)).map { _ in rng.nextNormal() }
        var full = [Double](repeating: 0, count: n * n)
        BLAS.gemm(trans, trans == .none ? .transposed : .none, m: n, n: n, k: k, alpha: 0.5, a: a, b: a, c: &full)
        var c = [Double](repeating: 99, count: n * n)
        a.withUnsafeBufferPointer { a in
            c.withUnsafeMutableBufferPointer { c in
                BLAS.syrkLower(trans, n: n, k: k, alpha: 0.5, a: a, lda: trans == .none ? k : n, c: c, ldc: n)
            }
        }
        for i in 0..<n {
            for j in 0..<n {
                if j <= i {
                    #expect(abs(c[i * n + j] - full[i * n + j]) <= 1e-12, "(\(i), \(j))")
                } else {
                    #expect(c[i * n + j] == 99, "upper (\(i), \(j)) was written")
                }
            }
        }
    }

    @Test func emptyInnerDimensionScalesTheLowerTriangle() {
        var c: [Double] = [1, 2, 3, 4]
        c.withUnsafeMutableBufferPointer { c in
            BLAS.syrkLower(n: 2, k: 0, a: UnsafeBufferPointer(start: nil, count: 0), lda: 1, beta: 3, c: c, ldc: 2)
        }
        #expect(c == [3, 2, 9, 12])
    }
}

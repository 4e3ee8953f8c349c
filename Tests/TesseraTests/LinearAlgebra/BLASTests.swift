import Testing
@testable import Tessera

@Suite struct BLASTests {
    // A = [1 2; 3 4; 5 6] (3 x 2), B = [1 0 2; -1 3 1] (2 x 3).
    private let a: [Double] = [1, 2, 3, 4, 5, 6]
    private let b: [Double] = [1, 0, 2, -1, 3, 1]

    @Test func doubleProductWithScales() {
        // A·B = [-1 6 4; -1 12 10; -1 18 16]; C ← 2·A·B + 1·C with C = all ones.
        var c = [Double](repeating: 1, count: 9)
        BLAS.gemm(m: 3, n: 3, k: 2, alpha: 2, a: a, b: b, beta: 1, c: &c)
        #expect(c == [-1, 13, 9, -1, 25, 21, -1, 37, 33])
    }

    @Test func transposedFactors() {
        // Aᵀ·A = [35 44; 44 56]; A is stored 3 x 2, op(A) = Aᵀ is 2 x 3.
        var c = [Double](repeating: .nan, count: 4)
        BLAS.gemm(.transposed, .none, m: 2, n: 2, k: 3, a: a, b: a, c: &c)
        #expect(c == [35, 44, 44, 56])
        // Bᵀ·Aᵀ = (A·B)ᵀ.
        var d = [Double](repeating: 0, count: 9)
        BLAS.gemm(.transposed, .transposed, m: 3, n: 3, k: 2, a: b, b: a, c: &d)
        #expect(d == [-1, -1, -1, 6, 12, 18, 4, 10, 16])
    }

    @Test func stridedBlocks() {
        // The middle 2 x 2 block of a 3 x 4 buffer times the identity, into a strided C.
        let big: [Double] = [0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0]
        let identity: [Double] = [1, 0, 0, 1]
        var c = [Double](repeating: -9, count: 6)
        big.withUnsafeBufferPointer { big in
            identity.withUnsafeBufferPointer { identity in
                c.withUnsafeMutableBufferPointer { c in
                    BLAS.gemm(m: 2, n: 2, k: 2,
                              a: UnsafeBufferPointer(rebasing: big[5...]), lda: 4,
                              b: identity, ldb: 2,
                              c: c, ldc: 3)
                }
            }
        }
        #expect(c == [1, 2, -9, 3, 4, -9])
    }

    @Test func floatProduct() {
        let af: [Float] = a.map(Float.init)
        let bf: [Float] = b.map(Float.init)
        var c = [Float](repeating: 0, count: 9)
        BLAS.gemm(m: 3, n: 3, k: 2, a: af, b: bf, c: &c)
        #expect(c == [-1, 6, 4, -1, 12, 10, -1, 18, 16])
        var t = [Float](repeating: 0, count: 4)
        BLAS.gemm(.transposed, .none, m: 2, n: 2, k: 3, alpha: 0.5, a: af, b: af, c: &t)
        #expect(t == [17.5, 22, 22, 28])
    }

    @Test func emptyInnerDimensionScalesC() {
        var c: [Double] = [1, 2, 3, 4]
        BLAS.gemm(m: 2, n: 2, k: 0, a: [], b: [], beta: 3, c: &c)
        #expect(c == [3, 6, 9, 12])
    }

    @Test func threadCountRoundTrips() {
        let before = BLASThreads.current
        #expect(before >= 1)
        BLASThreads.set(1)
        #expect(BLASThreads.current == 1)
        BLASThreads.set(before)
        #expect(BLASThreads.current == before)
    }
}

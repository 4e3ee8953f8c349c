extension VendiScore {
    /// The Vendi score of `n` items from their kernel matrix.
    ///
    /// - Parameter kernel: `K`, an `n` × `n` symmetric positive semi-definite matrix with
    ///   `K[i, i] = 1`, such as ``RBFKernel/matrix(points:dimension:)``.
    /// - Throws: ``DiversityError/notSquare(rows:columns:)``,
    ///   ``DiversityError/nonFinite(what:index:)``, ``DiversityError/notSymmetric(row:column:)``
    ///   (beyond ``symmetryTolerance``), ``DiversityError/diagonalNotOne(index:value:)``
    ///   (beyond ``diagonalTolerance``), ``DiversityError/notPositiveSemidefinite(eigenvalue:)``
    ///   and ``DiversityError/linearAlgebra(_:)``.
    /// - Complexity: O(n³) time, O(n²) memory: one eigendecomposition of `K/n`.
    public init(kernel: Matrix) throws(DiversityError) {
        try Self.check(kernel)
        let n = kernel.rows
        var scaled = kernel
        let scale = 1 / Double(max(n, 1))
        scaled.withUnsafeMutableStorage { storage in
            for i in 0..<storage.count { storage[i] *= scale }
        }
        try self.init(normalizedKernel: scaled, count: n)
    }

    /// The weighted Vendi score: items with probabilities `p`, from `K ∘ (√p √pᵀ)`
    /// (the reference package's `weight_K`).
    ///
    /// With uniform weights `pᵢ = 1/n` this is ``init(kernel:)``.
    ///
    /// - Parameters:
    ///   - kernel: `K`, as for ``init(kernel:)``.
    ///   - weights: `p`, one non-negative finite weight per item, summing to 1 within 1e-9.
    /// - Throws: The errors of ``init(kernel:)`` and ``DiversityError/invalidWeights(_:)``.
    /// - Complexity: O(n³) time, O(n²) memory.
    public init(kernel: Matrix, weights: [Double]) throws(DiversityError) {
        try Self.check(kernel)
        let n = kernel.rows
        guard weights.count == n else {
            throw .invalidWeights("must hold one value per item (got \(weights.count) for \(n) items)")
        }
        for (i, p) in weights.enumerated() where !(p.isFinite && p >= 0) {
            throw .invalidWeights("must be finite and non-negative (weight \(i) is \(p))")
        }
        let total = weights.reduce(0, +)
        guard abs(total - 1) <= 1e-9 else { throw .invalidWeights("must sum to 1 (they sum to \(total))") }
        let roots = weights.map { $0.squareRoot() }
        var scaled = kernel
        scaled.withUnsafeMutableStorage { storage in
            for i in 0..<n {
                for j in 0..<n { storage[i * n + j] *= roots[i] * roots[j] }
            }
        }
        try self.init(normalizedKernel: scaled, count: n)
    }

    /// Refuses a kernel matrix that is not square, finite, symmetric and of unit diagonal.
    static func check(_ kernel: Matrix) throws(DiversityError) {
        guard kernel.isSquare else { throw .notSquare(rows: kernel.rows, columns: kernel.columns) }
        let n = kernel.rows
        let k = kernel.storage
        for (i, value) in k.enumerated() where !value.isFinite {
            throw .nonFinite(what: "kernel matrix", index: i)
        }
        for i in 0..<n {
            let diagonal = k[i * n + i]
            guard abs(diagonal - 1) <= diagonalTolerance else { throw .diagonalNotOne(index: i, value: diagonal) }
            for j in 0..<i where abs(k[i * n + j] - k[j * n + i]) > symmetryTolerance {
                throw .notSymmetric(row: i, column: j)
            }
        }
    }
}

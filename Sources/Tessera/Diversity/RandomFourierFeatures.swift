import Foundation

/// Random Fourier features for the RBF kernel (Rahimi & Recht 2007): a map
/// `z(x) = √(2/m) · cos(Wx + b)` into `m` features whose inner products approximate
/// `exp(−|x − y|² / (2h²))`.
///
/// Each entry of `W` (`m` × `dimension`) is drawn from `N(0, 1/h²)` and each offset `bᵢ`
/// uniformly from `[0, 2π)`, from a seeded ``Xoshiro256``, so the same seed gives the same
/// features. `E[z(x)·z(y)] = k(x, y)`, with an error of order `1/√m`.
///
/// ``vendiScore(of:normalizingRows:)`` scores `n` points through the `m` × `m` matrix `ZᵀZ/n`, which has
/// the nonzero eigenvalues of the approximate kernel matrix `ZZᵀ/n`, so its cost is
/// linear in `n`.
public struct RandomFourierFeatures: Sendable, Equatable {
    /// The number of components of an input point.
    public let dimension: Int
    /// The number of features `m`.
    public let count: Int
    /// The bandwidth `h` of the approximated RBF kernel.
    public let bandwidth: Double
    /// `W`, `count × dimension`, row-major: the frequencies, `N(0, 1/h²)` each.
    public let frequencies: [Double]
    /// `b`, `count` phases, uniform in `[0, 2π)`.
    public let phases: [Double]

    /// The default number of features, 512.
    public static let defaultCount = 512

    /// Draws a feature map.
    ///
    /// - Parameters:
    ///   - dimension: Components per input point, at least 1.
    ///   - bandwidth: `h`, positive and finite.
    ///   - count: The number of features `m`, from 1 to 65,536.
    ///   - rng: The generator; `W` is drawn first (row by row), then `b`.
    /// - Throws: ``DiversityError/invalidParameter(name:problem:)`` for a parameter out of
    ///   range.
    /// - Complexity: O(count × dimension).
    public init(dimension: Int, bandwidth: Double, count: Int = defaultCount,
                using rng: inout Xoshiro256) throws(DiversityError) {
        guard dimension >= 1 else {
            throw .invalidParameter(name: "the dimension", problem: "must be at least 1 (got \(dimension))")
        }
        guard (1...65_536).contains(count) else {
            throw .invalidParameter(name: "the number of random features", problem: "must be between 1 and 65,536 (got \(count))")
        }
        let kernel = try RBFKernel(bandwidth: bandwidth)
        var w = [Double](repeating: 0, count: count * dimension)
        w.withUnsafeMutableBufferPointer { NormalSampler.fill($0, using: &rng) }
        let scale = 1 / kernel.bandwidth
        for i in 0..<w.count { w[i] *= scale }
        var b = [Double](repeating: 0, count: count)
        for i in 0..<count { b[i] = 2 * Double.pi * rng.nextUnitDouble() }
        self.dimension = dimension
        self.count = count
        self.bandwidth = bandwidth
        self.frequencies = w
        self.phases = b
    }

    /// Draws a feature map from a seed: ``init(dimension:bandwidth:count:using:)`` with
    /// `Xoshiro256(seed: seed)`.
    ///
    /// - Throws: The errors of ``init(dimension:bandwidth:count:using:)``.
    public init(dimension: Int, bandwidth: Double, count: Int = defaultCount, seed: UInt64) throws(DiversityError) {
        var rng = Xoshiro256(seed: seed)
        try self.init(dimension: dimension, bandwidth: bandwidth, count: count, using: &rng)
    }

    /// The features of `n` points.
    ///
    /// - Parameters:
    ///   - points: `n × dimension` values, row-major, finite.
    ///   - normalizingRows: Whether each row is divided by its norm, so that the
    ///     approximate kernel `ZZᵀ` has an exact unit diagonal.
    /// - Returns: `Z`, `n` × ``count``.
    /// - Throws: ``DiversityError/shapeMismatch(_:)`` or
    ///   ``DiversityError/nonFinite(what:index:)`` for bad points.
    /// - Complexity: O(n × count × dimension) (BLAS `dgemm`) plus `n × count` cosines.
    public func features(of points: [Double], normalizingRows: Bool = false) throws(DiversityError) -> Matrix {
        let n = try RBFKernel.rowCount(points, dimension: dimension)
        var z = [Double](repeating: 0, count: n * count)
        points.withUnsafeBufferPointer { x in
            z.withUnsafeMutableBufferPointer { z in fill(z, rows: x, count: n, normalizingRows: normalizingRows) }
        }
        return Matrix(rows: n, columns: count, storage: z)
    }

    /// The Vendi score of `n` points under the approximate kernel `ZZᵀ`, from the
    /// `count` × `count` matrix `ZᵀZ/n`.
    ///
    /// By default the rows of `Z` are normalised to unit length, so the approximate kernel
    /// has an exact unit diagonal and the spectrum sums to 1 (the kernel is then
    /// `z(x)·z(y) / (|z(x)| |z(y)|)`, which tends to the RBF kernel as `count` grows).
    /// Without normalisation `|z(x)|² = 1 ± O(1/√count)` and the spectrum sums to 1 only
    /// approximately; `Docs/Diversity.md` gives the measured error of both against the
    /// exact score. The points are processed in blocks of 4,096 rows, so memory stays
    /// O(count² + 4,096 × count).
    ///
    /// - Parameters:
    ///   - points: `n × dimension` values, row-major, finite.
    ///   - normalizingRows: Whether each feature row is scaled to unit length.
    /// - Returns: The score; its ``VendiScore/spectrum`` holds `min(n, count)` values.
    /// - Throws: The errors of ``features(of:normalizingRows:)`` and of the
    ///   eigendecomposition.
    /// - Complexity: O(n × count²) for `ZᵀZ` (BLAS `dgemm`) plus O(count³) for one
    ///   eigendecomposition (for `count ≥ n`, O(n² × count + n³)).
    public func vendiScore(of points: [Double], normalizingRows: Bool = true) throws(DiversityError) -> VendiScore {
        let n = try RBFKernel.rowCount(points, dimension: dimension)
        guard n > 0 else { return try VendiScore(eigenvalues: [], count: 0) }
        let m = count
        if m >= n {
            // More features than points: the n x n matrix ZZᵀ/n is the smaller one.
            let z = try features(of: points, normalizingRows: normalizingRows)
            var kernel = [Double](repeating: 0, count: n * n)
            BLAS.gemm(.none, .transposed, m: n, n: n, k: m, alpha: 1 / Double(n), a: z.storage, b: z.storage, c: &kernel)
            return try VendiScore(normalizedKernel: Matrix(rows: n, columns: n, storage: kernel), count: n)
        }
        let block = min(n, 4_096)
        var z = [Double](repeating: 0, count: block * m)
        var gram = [Double](repeating: 0, count: m * m)
        points.withUnsafeBufferPointer { x in
            z.withUnsafeMutableBufferPointer { z in
                gram.withUnsafeMutableBufferPointer { gram in
                    var start = 0
                    while start < n {
                        let rows = min(block, n - start)
                        let slice = UnsafeBufferPointer(rebasing: x[(start * dimension)..<((start + rows) * dimension)])
                        fill(z, rows: slice, count: rows, normalizingRows: normalizingRows)
                        BLAS.gemm(.transposed, .none, m: m, n: m, k: rows, alpha: 1 / Double(n),
                                  a: UnsafeBufferPointer(z), lda: m, b: UnsafeBufferPointer(z), ldb: m,
                                  beta: start == 0 ? 0 : 1, c: gram, ldc: m)
                        start += rows
                    }
                }
            }
        }
        return try VendiScore(normalizedKernel: Matrix(rows: m, columns: m, storage: gram), count: n)
    }

    /// `cos(x)` to within 1e-10 for the arguments of the feature map, several times faster
    /// than the C library's (which is exact to the last bit, far beyond what an
    /// approximation with an error of order `1/√m` needs).
    ///
    /// The argument is reduced to `t ∈ [−π, π]` by a multiple of 2π, then
    /// `cos t = Σₖ (−1)ᵏ t²ᵏ / (2k)!` to `k = 10` (truncation error at most
    /// `π²² / 22! < 1e-10`; the reduction loses about `|x| · 1e-16`).
    @inline(__always)
    static func cosine(_ x: Double) -> Double {
        let t = x - (2 * Double.pi) * (x * (0.5 / Double.pi)).rounded()
        let u = t * t
        var p = 1.0 / 2_432_902_008_176_640_000  // 1/20!
        p = p * u - 1.0 / 6_402_373_705_728_000  // 1/18!
        p = p * u + 1.0 / 20_922_789_888_000  // 1/16!
        p = p * u - 1.0 / 87_178_291_200  // 1/14!
        p = p * u + 1.0 / 479_001_600  // 1/12!
        p = p * u - 1.0 / 3_628_800  // 1/10!
        p = p * u + 1.0 / 40_320  // 1/8!
        p = p * u - 1.0 / 720  // 1/6!
        p = p * u + 1.0 / 24  // 1/4!
        p = p * u - 0.5  // 1/2!
        return p * u + 1
    }

    /// Writes the features of `rows` points into the first `rows × count` values of `z`.
    private func fill(_ z: UnsafeMutableBufferPointer<Double>, rows x: UnsafeBufferPointer<Double>, count n: Int,
                      normalizingRows: Bool) {
        let m = count
        // Z = X Wᵀ, then z ← √(2/m) cos(z + b).
        frequencies.withUnsafeBufferPointer { w in
            BLAS.gemm(.none, .transposed, m: n, n: m, k: dimension, a: x, lda: dimension, b: w, ldb: dimension,
                      c: z, ldc: m)
        }
        let amplitude = (2 / Double(m)).squareRoot()
        phases.withUnsafeBufferPointer { b in
            for i in 0..<n {
                let row = i * m
                var norm = 0.0
                for j in 0..<m {
                    let value = Self.cosine(z[row + j] + b[j])
                    z[row + j] = value
                    norm += value * value
                }
                // With normalisation the amplitude cancels; rows are never zero in
                // practice, but a zero row is left as it is rather than divided by 0.
                let scale = normalizingRows ? (norm > 0 ? 1 / norm.squareRoot() : 0) : amplitude
                for j in 0..<m { z[row + j] *= scale }
            }
        }
    }
}

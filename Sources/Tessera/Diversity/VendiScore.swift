import Foundation

/// The Vendi score of a set of items: the exponential of the entropy of the eigenvalues of
/// its normalised similarity matrix, read as the effective number of distinct items
/// (Friedman & Dieng 2023, arXiv 2210.02410).
///
/// For `n` items with a positive semi-definite kernel matrix `K` whose diagonal is 1, the
/// eigenvalues `λᵢ` of `K/n` are non-negative and sum to 1. The score of order `q`
/// (``VendiOrder``) is
///
/// ```text
/// VS_q = exp(log(Σ λᵢ^q) / (1 − q))      q ∉ {0, 1, ∞}
/// VS_1 = exp(−Σ λᵢ log λᵢ)               (Shannon)
/// VS_∞ = 1 / max λᵢ
/// VS_0 = the number of nonzero λᵢ         (the rank)
/// ```
///
/// It is 1 when all items are identical and `n` when they are mutually dissimilar
/// (`K = I`). A value holds the spectrum once, so every order costs O(n) after the
/// eigendecomposition.
///
/// Build one from a kernel matrix (``init(kernel:)``), from a kernel and a probability
/// vector (``init(kernel:weights:)``), from feature rows under the cosine kernel
/// (``init(features:)``), or from an RBF kernel approximated by random Fourier features
/// (``RandomFourierFeatures/vendiScore(of:normalizingRows:)``). ``ArchiveDiversity`` applies it to an
/// archive's descriptors.
///
/// ## Numerical conventions
///
/// - The eigenvalues come from LAPACK `dsyevd` without eigenvectors (``SymmetricEigen/values(of:)``).
/// - Negative eigenvalues down to −``negativeTolerance`` are rounding in a matrix that is
///   positive semi-definite in exact arithmetic, and are clipped to 0; a more negative
///   eigenvalue means the kernel is not PSD, and is refused.
/// - An eigenvalue at or below ``zeroThreshold(order:largest:)`` — `N · ε · λ_max`, with
///   `N` the order of the decomposed matrix and `ε` the double-precision machine epsilon
///   (the rank tolerance of LAPACK-based rank routines) — counts as 0 for every order. So
///   `q = 0` is the numerical rank, and small orders are not swamped by rounding noise.
public struct VendiScore: Sendable, Equatable {
    /// The eigenvalues of the normalised kernel (`K/n`, or `K ∘ √p√pᵀ` with weights), in
    /// descending order, clipped as described above. They sum to 1 up to rounding (for the
    /// feature shortcuts, the nonzero ones equal those of the `n` × `n` matrix).
    public let spectrum: [Double]

    /// The number of items scored.
    public let count: Int

    /// The largest difference `|K[i, j] − K[j, i]|` accepted as symmetric: 1e-9.
    public static let symmetryTolerance = 1e-9

    /// The largest difference `|K[i, i] − 1|` accepted as a unit diagonal: 1e-9.
    public static let diagonalTolerance = 1e-9

    /// Eigenvalues of the normalised kernel in `[−1e-6, 0)` are clipped to 0; below that the
    /// kernel is refused as not positive semi-definite.
    public static let negativeTolerance = 1e-6

    /// Creates a score from the eigenvalues of a normalised kernel.
    ///
    /// - Parameters:
    ///   - eigenvalues: The eigenvalues of a symmetric PSD matrix whose trace is 1 (or
    ///     nearly), in any order.
    ///   - count: The number of items, `n`.
    /// - Throws: ``DiversityError/nonFinite(what:index:)`` for NaN or infinite values,
    ///   ``DiversityError/notPositiveSemidefinite(eigenvalue:)`` for an eigenvalue below
    ///   −``negativeTolerance``.
    /// - Complexity: O(N log N) for `N` eigenvalues.
    public init(eigenvalues: [Double], count: Int) throws(DiversityError) {
        for (i, value) in eigenvalues.enumerated() where !value.isFinite {
            throw .nonFinite(what: "eigenvalues", index: i)
        }
        if let smallest = eigenvalues.min(), smallest < -Self.negativeTolerance {
            throw .notPositiveSemidefinite(eigenvalue: smallest)
        }
        let largest = eigenvalues.max() ?? 0
        let threshold = Self.zeroThreshold(order: eigenvalues.count, largest: largest)
        spectrum = eigenvalues.map { $0 > threshold ? $0 : 0 }.sorted(by: >)
        self.count = count
    }

    /// The largest eigenvalue counted as 0: `N · ε · max(λ_max, 0)`.
    ///
    /// - Parameters:
    ///   - order: `N`, the order of the decomposed matrix.
    ///   - largest: Its largest eigenvalue.
    /// - Returns: The threshold, at least 0.
    public static func zeroThreshold(order: Int, largest: Double) -> Double {
        Double(max(order, 1)) * Double.ulpOfOne * max(largest, 0)
    }

    /// The eigenvalues of a symmetric matrix (lower triangle read) as a score.
    ///
    /// - Throws: ``DiversityError/linearAlgebra(_:)`` when LAPACK fails; the errors of
    ///   ``init(eigenvalues:count:)``.
    /// - Complexity: O(N³) for an `N` × `N` matrix.
    init(normalizedKernel matrix: Matrix, count: Int) throws(DiversityError) {
        let values: [Double]
        do {
            values = try SymmetricEigen.values(of: matrix)
        } catch {
            throw .linearAlgebra(error)
        }
        try self.init(eigenvalues: values, count: count)
    }

    /// The score of one order.
    ///
    /// An empty set scores 0 for every order.
    ///
    /// - Parameter order: The order `q`; ``VendiOrder/shannon`` by default.
    /// - Returns: `VS_q`, between 1 and ``count`` for a normalised kernel (0 when empty).
    /// - Throws: ``DiversityError/invalidOrder(_:)`` for a negative or NaN `q`.
    /// - Complexity: O(N) for `N` eigenvalues.
    public func value(_ order: VendiOrder = .shannon) throws(DiversityError) -> Double {
        let q = order.q
        guard q >= 0 else { throw .invalidOrder(q) }  // also refuses NaN
        let positive = spectrum.filter { $0 > 0 }
        guard !positive.isEmpty else { return 0 }
        if q == 0 { return Double(positive.count) }
        if q == .infinity { return 1 / positive[0] }
        if q == 1 {
            var entropy = 0.0
            for λ in positive { entropy -= λ * log(λ) }
            return exp(entropy)
        }
        var sum = 0.0
        for λ in positive { sum += pow(λ, q) }
        return exp(log(sum) / (1 - q))
    }
}

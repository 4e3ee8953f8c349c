import Foundation

/// Principal component analysis as a descriptor learner: the code of a row is its
/// projection on the leading principal components of the fitting rows.
///
/// This is AURORA's PCA encoder (Grillotti & Cully 2022, `encoder_pca.hpp`): centre the
/// rows by their column means `μ`, take the top eigenvectors `V` of the covariance, and
/// encode `z = Vᵀ(x − μ)`. The reconstruction is `V z + μ` (always from the unwhitened
/// code) and a row's error is the mean squared error per component,
/// `‖x − (V z + μ)‖² / inputDimension`.
///
/// - The number of components is fixed (``Components/count(_:)``) or chosen at each fit
///   as the smallest `k` whose cumulative explained-variance ratio reaches a fraction
///   (``Components/explainedVariance(_:maximum:)``). The code dimension is the count, or
///   the maximum: archives need it before any fit, so components beyond the chosen `k`
///   give code 0; the chosen `k` is ``activeComponents`` and ``LearnerFit/components``.
/// - Whitening divides each code component by the standard deviation of its component
///   (the square root of its eigenvalue), so the codes of the fitting rows have unit
///   sample variance. Components whose variance is 0 or below 10⁻¹² of the largest give
///   code 0 instead of dividing by (almost) zero.
/// - Signs are deterministic: each component's entry of largest magnitude is positive
///   (the first such entry on an exact tie).
/// - Before the first fit the mean and components are zero: every code is 0 and every
///   row is reconstructed as the zero row.
///
/// The fit computes in Double. With at least as many rows as columns it uses the
/// symmetric eigendecomposition (LAPACK `dsyevd`, ``SymmetricEigen``) of the covariance
/// `XᵀX / (n − 1)`, formed by one BLAS `dsyrk`: on 10,000 × 1,024 rows (one OpenBLAS
/// thread, AMD EPYC) this took about 1.0 s against 4.9–5.3 s for the SVD of the centred
/// rows (LAPACK `dgesdd`), measured with `tessera bench learners --solver all`. With
/// fewer rows than columns it uses the SVD. ``Solver`` forces either.
///
/// State size: `inputDimension × (codeDimension + 1) + codeDimension` Doubles.
public struct PCALearner: DescriptorLearner {
    /// How many principal components the code keeps.
    public enum Components: Codable, Hashable, Sendable {
        /// Exactly `k` components; the code dimension is `k`.
        case count(Int)
        /// The smallest `k` whose cumulative explained-variance ratio is at least
        /// `fraction` (in (0, 1]), but at most `maximum`; the code dimension is `maximum`.
        case explainedVariance(Double, maximum: Int)
    }

    /// Which LAPACK decomposition the fit uses.
    public enum Solver: String, Codable, Hashable, Sendable, CaseIterable {
        /// The covariance eigendecomposition when rows ≥ columns, else the SVD.
        case automatic
        /// The eigendecomposition of the `d × d` covariance (`dsyrk` + `dsyevd`).
        case covarianceEigen
        /// The thin SVD of the centred `n × d` rows (`dgesdd`).
        case svd
    }

    /// The number of Float components of each observation row.
    public let inputDimension: Int
    /// How many components the code keeps.
    public let components: Components
    /// Whether codes are divided by their component's standard deviation.
    public let whitening: Bool
    /// The decomposition the fit uses.
    public let solver: Solver
    /// Whether ``fit(_:count:seed:)`` has run at least once.
    public internal(set) var isFitted: Bool
    /// The column means of the fitting rows, `inputDimension` values (zeros before a fit).
    public internal(set) var mean: [Double]
    /// The principal components, one per row: `codeDimension × inputDimension`, row-major,
    /// in order of decreasing variance. Rows beyond ``activeComponents`` are zero.
    public internal(set) var basis: [Double]
    /// The variance (eigenvalue of the covariance, with the `n − 1` denominator) of each
    /// component, `codeDimension` values, decreasing; 0 beyond ``activeComponents``.
    public internal(set) var variances: [Double]
    /// The components in use: the count, or the `k` chosen by the last fit (0 before one).
    public internal(set) var activeComponents: Int

    /// The number of components of each code: `k` for ``Components/count(_:)``, the
    /// maximum for ``Components/explainedVariance(_:maximum:)``.
    public var codeDimension: Int {
        switch components {
        case .count(let k): return k
        case .explainedVariance(_, let maximum): return maximum
        }
    }

    /// Creates an unfitted PCA learner.
    ///
    /// - Parameters:
    ///   - inputDimension: The Floats per observation row, at least 1.
    ///   - components: The number of components, or an explained-variance target with a
    ///     maximum; counts are in `1...inputDimension`, fractions in (0, 1].
    ///   - whitening: Whether to divide each code by its component's standard deviation.
    ///   - solver: The decomposition; ``Solver/automatic`` picks the faster one.
    /// - Throws: ``LearnerError/invalidConfiguration(_:)`` for a dimension or count out of
    ///   range, a fraction outside (0, 1], or a basis too large for this machine.
    /// - Complexity: O(`inputDimension` × `codeDimension`).
    public init(inputDimension: Int, components: Components, whitening: Bool = false,
                solver: Solver = .automatic) throws(LearnerError) {
        guard inputDimension >= 1, inputDimension <= Int(Int32.max) else {
            throw .invalidConfiguration("PCA inputDimension must be in 1...\(Int32.max) (got \(inputDimension))")
        }
        let k: Int
        switch components {
        case .count(let count):
            k = count
            guard count >= 1, count <= inputDimension else {
                throw .invalidConfiguration("PCA component count must be in 1...\(inputDimension) (got \(count))")
            }
        case .explainedVariance(let fraction, let maximum):
            k = maximum
            guard fraction.isFinite, fraction > 0, fraction <= 1 else {
                throw .invalidConfiguration("PCA explained-variance fraction must be in (0, 1] (got \(fraction))")
            }
            guard maximum >= 1, maximum <= inputDimension else {
                throw .invalidConfiguration("PCA maximum component count must be in 1...\(inputDimension) (got \(maximum))")
            }
        }
        // The fit holds the d × d covariance and its eigenvectors, or the SVD factors.
        let bytes = 3.0 * Double(inputDimension) * Double(inputDimension) * 8
        let budget = Double(ProcessInfo.processInfo.physicalMemory) / 2
        guard bytes <= budget else {
            throw .invalidConfiguration("PCA inputDimension \(inputDimension) needs \(Int(bytes / 1_048_576)) MiB for the covariance, more than half this machine's memory")
        }
        self.inputDimension = inputDimension
        self.components = components
        self.whitening = whitening
        self.solver = solver
        self.isFitted = false
        self.mean = [Double](repeating: 0, count: inputDimension)
        self.basis = [Double](repeating: 0, count: k * inputDimension)
        self.variances = [Double](repeating: 0, count: k)
        self.activeComponents = 0
    }

    /// Codes of `count` rows: `count × codeDimension` Doubles, row-major.
    ///
    /// Rows are centred and projected in blocks of up to 4,096 rows, one BLAS `dgemm`
    /// per block. Unused components (beyond ``activeComponents``) give 0.
    ///
    /// - Precondition: `observations.count == count × inputDimension`.
    /// - Complexity: O(`count` × `inputDimension` × `codeDimension`).
    public func encode(_ observations: [Float], count: Int) -> [Double] {
        project(observations, count: count, withErrors: false).codes
    }

    /// Per-row reconstruction error: `‖x − (V z + μ)‖² / inputDimension`.
    ///
    /// - Precondition: `observations.count == count × inputDimension`.
    /// - Complexity: O(`count` × `inputDimension` × `codeDimension`).
    public func reconstructionErrors(_ observations: [Float], count: Int) -> [Double] {
        project(observations, count: count, withErrors: true).errors
    }

    /// Codes and reconstruction errors from one centring and projection of each block.
    ///
    /// - Precondition: `observations.count == count × inputDimension`.
    /// - Complexity: O(`count` × `inputDimension` × `codeDimension`).
    public func encodeWithErrors(_ observations: [Float], count: Int) -> (codes: [Double], errors: [Double]) {
        project(observations, count: count, withErrors: true)
    }

    /// The factor each code component is multiplied by: 1, or with whitening the inverse
    /// standard deviation (0 for a component without variance).
    var codeScales: [Double] {
        let k = codeDimension
        guard whitening else { return [Double](repeating: 1, count: k) }
        let largest = variances.first ?? 0
        return variances.map { $0 > 0 && $0 > largest * 1e-12 ? 1 / $0.squareRoot() : 0 }
    }

    /// Centres and projects the rows block by block; reconstructs them when asked.
    func project(_ observations: [Float], count: Int, withErrors: Bool) -> (codes: [Double], errors: [Double]) {
        LearnerError.requireSize(observations, count: count, inputDimension: inputDimension)
        let d = inputDimension
        let k = codeDimension
        let scales = codeScales
        var codes = [Double](repeating: 0, count: count * k)
        var errors = [Double](repeating: 0, count: withErrors ? count : 0)
        let blockRows = max(1, min(count, 4096))
        var centred = [Double](repeating: 0, count: blockRows * d)
        var rebuilt = [Double](repeating: 0, count: withErrors ? blockRows * d : 0)
        observations.withUnsafeBufferPointer { x in
            mean.withUnsafeBufferPointer { mu in
                basis.withUnsafeBufferPointer { v in
                    centred.withUnsafeMutableBufferPointer { c in
                        rebuilt.withUnsafeMutableBufferPointer { r in
                            codes.withUnsafeMutableBufferPointer { z in
                                var first = 0
                                while first < count {
                                    let rows = min(blockRows, count - first)
                                    for i in 0..<rows {
                                        let source = (first + i) * d
                                        for j in 0..<d { c[i * d + j] = Double(x[source + j]) - mu[j] }
                                    }
                                    let block = UnsafeMutableBufferPointer(rebasing: z[(first * k)..<((first + rows) * k)])
                                    BLAS.gemm(.none, .transposed, m: rows, n: k, k: d,
                                              a: UnsafeBufferPointer(c), lda: d, b: v, ldb: d, c: block, ldc: k)
                                    if withErrors {
                                        BLAS.gemm(m: rows, n: d, k: k, a: UnsafeBufferPointer(block), lda: k,
                                                  b: v, ldb: d, c: r, ldc: d)
                                        for i in 0..<rows {
                                            var sum = 0.0
                                            for j in 0..<d {
                                                let e = c[i * d + j] - r[i * d + j]
                                                sum += e * e
                                            }
                                            errors[first + i] = sum / Double(d)
                                        }
                                    }
                                    if whitening {
                                        for i in 0..<rows {
                                            for j in 0..<k { block[i * k + j] *= scales[j] }
                                        }
                                    }
                                    first += rows
                                }
                            }
                        }
                    }
                }
            }
        }
        return (codes, errors)
    }
}

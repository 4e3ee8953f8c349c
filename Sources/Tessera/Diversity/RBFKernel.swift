import Foundation

/// The Gaussian (radial basis function) kernel `k(a, b) = exp(−|a − b|² / (2h²))` of
/// bandwidth `h`.
///
/// It is positive definite with `k(x, x) = 1`, so its kernel matrices can be given to
/// ``VendiScore/init(kernel:)`` as they are.
public struct RBFKernel: Sendable, Hashable {
    /// The bandwidth `h`, positive and finite.
    public let bandwidth: Double

    /// Creates the kernel.
    ///
    /// - Parameter bandwidth: `h`, positive and finite.
    /// - Throws: ``DiversityError/invalidParameter(name:problem:)`` otherwise.
    public init(bandwidth: Double) throws(DiversityError) {
        guard bandwidth.isFinite, bandwidth > 0 else {
            throw .invalidParameter(name: "the bandwidth", problem: "must be positive and finite (got \(bandwidth))")
        }
        self.bandwidth = bandwidth
    }

    /// The kernel's value for two points.
    ///
    /// - Precondition: `a` and `b` have the same number of components.
    /// - Complexity: O(dimension).
    public func callAsFunction(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "the points have \(a.count) and \(b.count) components")
        var squared = 0.0
        for (x, y) in zip(a, b) { squared += (x - y) * (x - y) }
        return exp(-squared / (2 * bandwidth * bandwidth))
    }

    /// The kernel matrix of `n` points.
    ///
    /// Squared distances come from `|a|² − 2a·b + |b|²`, with the products `XXᵀ` from BLAS
    /// `dgemm`, clamped at 0 against rounding. The result is exactly symmetric with an
    /// exact unit diagonal.
    ///
    /// - Parameters:
    ///   - points: `n × dimension` values, row-major.
    ///   - dimension: The number of components per point, at least 1.
    /// - Returns: The `n` × `n` matrix `K[i, j] = k(xᵢ, xⱼ)`.
    /// - Throws: ``DiversityError/shapeMismatch(_:)`` when `points` is not a whole number
    ///   of rows, ``DiversityError/nonFinite(what:index:)`` for NaN or infinite values.
    /// - Complexity: O(n² · dimension) time (BLAS), O(n²) memory.
    public func matrix(points: [Double], dimension: Int) throws(DiversityError) -> Matrix {
        let n = try Self.rowCount(points, dimension: dimension)
        var gram = [Double](repeating: 0, count: n * n)
        BLAS.gemm(.none, .transposed, m: n, n: n, k: dimension, a: points, b: points, c: &gram)
        let scale = -1 / (2 * bandwidth * bandwidth)
        var norms = [Double](repeating: 0, count: n)
        for i in 0..<n { norms[i] = gram[i * n + i] }
        gram.withUnsafeMutableBufferPointer { k in
            for i in 0..<n {
                k[i * n + i] = 1
                for j in 0..<i {
                    let squared = max(0, norms[i] + norms[j] - 2 * k[i * n + j])
                    let value = exp(squared * scale)
                    k[i * n + j] = value
                    k[j * n + i] = value
                }
            }
        }
        return Matrix(rows: n, columns: n, storage: gram)
    }

    /// The number of rows of a flat point buffer, after checking its shape and values.
    static func rowCount(_ points: [Double], dimension: Int) throws(DiversityError) -> Int {
        guard dimension >= 1 else {
            throw .invalidParameter(name: "the dimension", problem: "must be at least 1 (got \(dimension))")
        }
        guard points.count % dimension == 0 else {
            throw .shapeMismatch("\(points.count) values do not make rows of \(dimension)")
        }
        for (i, value) in points.enumerated() where !value.isFinite {
            throw .nonFinite(what: "points", index: i)
        }
        return points.count / dimension
    }
}

/// A box for real genomes together with how out-of-box values are brought back.
public struct GenomeBounds: Codable, Hashable, Sendable {
    /// How a value outside the box is brought back inside.
    public enum Handling: String, Codable, Hashable, Sendable, CaseIterable {
        /// Set it to the nearest bound (pyribs' emitters do this).
        case clip
        /// Mirror it at the bound it crossed, as many times as needed.
        case reflect
    }

    /// The box.
    public let box: Box
    /// The handling of values outside it.
    public let handling: Handling

    /// Creates bounds.
    public init(_ box: Box, handling: Handling = .clip) {
        self.box = box
        self.handling = handling
    }

    /// Brings every component of `x` inside the box.
    ///
    /// - Precondition: `x.count == box.dimension`.
    /// - Complexity: O(x.count).
    @inlinable
    public func apply(to x: UnsafeMutableBufferPointer<Double>) {
        let lower = box.lower
        let upper = box.upper
        precondition(x.count == lower.count, "genome and bounds differ in dimension")
        switch handling {
        case .clip:
            for i in 0..<x.count {
                x[i] = Swift.min(Swift.max(x[i], lower[i]), upper[i])
            }
        case .reflect:
            for i in 0..<x.count where x[i] < lower[i] || x[i] > upper[i] {
                x[i] = GenomeBounds.reflect(x[i], lower[i], upper[i])
            }
        }
    }

    /// Reflects `x` into [lo, hi]: the box is mirrored periodically with period 2(hi − lo).
    @inlinable
    public static func reflect(_ x: Double, _ lo: Double, _ hi: Double) -> Double {
        guard x.isFinite else { return x.isNaN ? x : (x > 0 ? hi : lo) }
        let width = hi - lo
        var y = (x - lo).truncatingRemainder(dividingBy: 2 * width)
        if y < 0 { y += 2 * width }
        return y <= width ? lo + y : hi - (y - width)
    }
}

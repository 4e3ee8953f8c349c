extension BehaviourDistance {
    /// The distance before its final step: Σ (aᵢ − bᵢ)² for the Euclidean distance and
    /// Σ |aᵢ − bᵢ| for the half-Manhattan one, accumulated in index order exactly as
    /// ``callAsFunction(_:_:)`` does, so that `finish(raw(a, b))` is bit-for-bit that distance.
    @inline(__always)
    func raw(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ dimension: Int) -> Double {
        var sum = 0.0
        switch self {
        case .euclidean:
            for i in 0..<dimension {
                let d = a[i] - b[i]
                sum += d * d
            }
        case .halfManhattan:
            for i in 0..<dimension { sum += abs(a[i] - b[i]) }
        }
        return sum
    }

    /// The distance from its raw sum: a square root or a halving.
    @inline(__always)
    func finish(_ raw: Double) -> Double {
        self == .euclidean ? raw.squareRoot() : raw / 2
    }

    /// A raw sum above which the finished distance is certainly above `distance`.
    ///
    /// Every raw sum `s` with `finish(s) <= distance` satisfies `s <= rawLimit(distance)`:
    /// the limit is slightly generous, to absorb the rounding of the square root (two raw
    /// sums can share one square root) and of subnormal halving.
    @inline(__always)
    func rawLimit(_ distance: Double) -> Double {
        switch self {
        case .euclidean: return distance * distance * (1 + 0x1p-48) + Double.leastNormalMagnitude
        case .halfManhattan: return 2 * distance + Double.leastNormalMagnitude
        }
    }
}

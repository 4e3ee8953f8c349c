/// How far apart two behaviours (descriptor vectors) are, for novelty.
public enum BehaviourDistance: String, Codable, Sendable, CaseIterable {
    /// √Σ (aᵢ − bᵢ)²: the default.
    case euclidean
    /// Σ |aᵢ − bᵢ| / 2: the distance of Lehman's original maze code ((|dx| + |dy|) / 2 in
    /// two dimensions), on whose scale its initial archive threshold 6.0 was set.
    case halfManhattan = "half-manhattan"

    /// The distance between `a` and `b` (same length).
    @inlinable
    public func callAsFunction(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Double {
        var sum = 0.0
        switch self {
        case .euclidean:
            for i in 0..<a.count {
                let d = a[i] - b[i]
                sum += d * d
            }
            return sum.squareRoot()
        case .halfManhattan:
            for i in 0..<a.count { sum += abs(a[i] - b[i]) }
            return sum / 2
        }
    }
}

import Foundation

/// AURORA's container-size control (Grillotti & Cully 2022): the distance `l` an
/// unstructured archive admits by (``Admission/distanceAbove(_:)``) is steered so the
/// archive holds about ``target`` elites.
///
/// - After each re-training the codes live in a new space, so `l` starts again from the
///   paper's initial value `0.5 · (V / target)^(1/d)`, V the volume of the codes' bounding
///   box (``initialDistance(descriptors:dimension:)``), and the elites are re-inserted
///   with `l · (1 − ε)`.
/// - Every ``period`` iterations, `l ← l · (1 − rate · (target − size))` (the original's
///   CSC rule), with the factor held within [0.5, 2] so one step never collapses `l`.
public struct ContainerSizeControl: Codable, Hashable, Sendable {
    /// The number of elites to hold.
    public var target: Int
    /// α of the CSC rule.
    public var rate: Double
    /// Iterations between adjustments.
    public var period: Int
    /// The tightening ε of re-insertion after a training.
    public var epsilon: Double

    /// A control holding `target` elites (AURORA's `resolution`, 10,000 by default).
    public init(target: Int = 10_000, rate: Double = 5e-6, period: Int = 1, epsilon: Double = 0.1) {
        self.target = target
        self.rate = rate
        self.period = period
        self.epsilon = epsilon
    }

    /// Why this control cannot work, or `nil`.
    public var problem: String? {
        if target < 1 || target > Int(Int32.max) { return "the target size must be in 1...\(Int32.max) (got \(target))" }
        if !(rate.isFinite && rate > 0) { return "the rate must be finite and positive (got \(rate))" }
        if period < 1 { return "the period must be at least 1 iteration (got \(period))" }
        if !(epsilon.isFinite && epsilon >= 0 && epsilon < 1) { return "epsilon must be in [0, 1) (got \(epsilon))" }
        return nil
    }

    /// The distance after one CSC step from `distance` with `size` elites.
    public func adjusted(_ distance: Double, size: Int) -> Double {
        let factor = min(max(1 - rate * Double(target - size), 0.5), 2)
        return distance * factor
    }

    /// AURORA's initial distance for `descriptors` (row-major, `dimension` each):
    /// `0.5 · (V / target)^(1/d)`, V the volume of their bounding box; sides of zero width
    /// count as 1e-9 of the widest (or 1 when all are zero).
    public func initialDistance(descriptors: [Double], dimension k: Int) -> Double {
        let n = descriptors.count / max(k, 1)
        guard n > 0 else { return 1 }
        var sides = [Double](repeating: 0, count: k)
        for j in 0..<k {
            var low = Double.infinity, high = -Double.infinity
            for i in 0..<n {
                low = min(low, descriptors[i * k + j])
                high = max(high, descriptors[i * k + j])
            }
            sides[j] = high - low
        }
        let widest = sides.max() ?? 0
        guard widest > 0, widest.isFinite else { return 1 }
        let logVolume = sides.reduce(0) { $0 + Foundation.log(max($1, widest * 1e-9)) }
        return 0.5 * Foundation.exp((logVolume - Foundation.log(Double(target))) / Double(k))
    }
}

import Foundation

/// Deb's bounded polynomial mutation (Deb & Goyal 1996; the form used by NSGA-II).
///
/// Each gene mutates with probability ``rate``; the perturbation follows a polynomial
/// distribution with index η (larger η, smaller steps) and never leaves the box.
public struct PolynomialMutation: VectorMutation, Hashable {
    /// The distribution index η (20 by default).
    public var eta: Double
    /// Per-gene mutation probability; `nil` means 1 / dimension.
    public var rate: Double?
    /// The box genes stay in.
    public var box: Box

    /// Creates the mutation.
    ///
    /// - Parameters:
    ///   - box: The box genes stay in.
    ///   - eta: The distribution index η, finite and at least 0.
    ///   - rate: Per-gene mutation probability in [0, 1], or `nil` for 1 / dimension.
    /// - Throws: ``ParameterError`` when `eta` is negative or not finite, or `rate` is
    ///   outside [0, 1] (NaN included).
    public init(box: Box, eta: Double = 20, rate: Double? = nil) throws(ParameterError) {
        try ParameterError.requireNonNegative(eta, Self.self, "eta")
        if let rate {
            try ParameterError.require((0...1).contains(rate), Self.self, "rate", "must be a probability in [0, 1] (got \(rate))")
        }
        self.box = box
        self.eta = eta
        self.rate = rate
    }

    /// Decodes the mutation, checking it as ``init(box:eta:rate:)`` does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ParameterError``'s message
    ///   for a bad η, rate or box; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let box = try c.decode(Box.self, forKey: .box)
        let eta = try c.decode(Double.self, forKey: .eta)
        let rate = try c.decodeIfPresent(Double.self, forKey: .rate)
        self = try DecodingError.validating(decoder) { () throws(ParameterError) in try Self(box: box, eta: eta, rate: rate) }
    }

    /// The dimension of the box.
    public var genomeDimension: Int? { box.dimension }

    public func mutate(_ x: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256) {
        precondition(x.count == box.dimension, "genome and box differ in dimension")
        let p = rate ?? 1 / Double(x.count)
        let power = 1 / (eta + 1)
        for i in 0..<x.count where rng.nextUnitDouble() < p {
            let lo = box.lower[i], hi = box.upper[i]
            let y = Swift.min(Swift.max(x[i], lo), hi)
            let width = hi - lo
            let delta1 = (y - lo) / width
            let delta2 = (hi - y) / width
            let u = rng.nextUnitDouble()
            let deltaQ: Double
            if u < 0.5 {
                let value = 2 * u + (1 - 2 * u) * pow(1 - delta1, eta + 1)
                deltaQ = pow(value, power) - 1
            } else {
                let value = 2 * (1 - u) + 2 * (u - 0.5) * pow(1 - delta2, eta + 1)
                deltaQ = 1 - pow(value, power)
            }
            x[i] = Swift.min(Swift.max(y + deltaQ * width, lo), hi)
        }
    }
}

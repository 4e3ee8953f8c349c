import Foundation

/// Simulated binary crossover, SBX (Deb & Agrawal 1995), with Deb's bounded form when a
/// box is given.
///
/// Each gene is crossed with probability ``geneRate``; a crossed gene spreads the two
/// parent values by a factor β drawn from a polynomial distribution with index η, and
/// the child takes one of the two resulting values at random.
public struct SimulatedBinaryCrossover: VectorCrossover, Hashable {
    /// The distribution index η (15 by default).
    public var eta: Double
    /// Per-gene crossover probability (0.5 by default).
    public var geneRate: Double
    /// Optional box: spreads respect it and children are clipped into it.
    public var box: Box?

    /// Creates the crossover.
    ///
    /// - Parameters:
    ///   - eta: The distribution index η, finite and at least 0.
    ///   - geneRate: Per-gene crossover probability in [0, 1].
    ///   - box: Optional box that spreads respect and children are clipped into.
    /// - Throws: ``ParameterError`` when `eta` is negative or not finite, or `geneRate`
    ///   is outside [0, 1] (NaN included).
    public init(eta: Double = 15, geneRate: Double = 0.5, box: Box? = nil) throws(ParameterError) {
        try ParameterError.requireNonNegative(eta, Self.self, "eta")
        try ParameterError.require((0...1).contains(geneRate), Self.self, "geneRate",
                                   "must be a probability in [0, 1] (got \(geneRate))")
        self.eta = eta
        self.geneRate = geneRate
        self.box = box
    }

    /// Decodes the crossover, checking it as ``init(eta:geneRate:box:)`` does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ParameterError``'s message
    ///   for a bad η, gene rate or box; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let eta = try c.decode(Double.self, forKey: .eta)
        let geneRate = try c.decode(Double.self, forKey: .geneRate)
        let box = try c.decodeIfPresent(Box.self, forKey: .box)
        self = try DecodingError.validating(decoder) { () throws(ParameterError) in
            try Self(eta: eta, geneRate: geneRate, box: box)
        }
    }

    /// The dimension of the box, or `nil` without one.
    public var genomeDimension: Int? { box?.dimension }

    public func cross(_ first: UnsafeBufferPointer<Double>, _ second: UnsafeBufferPointer<Double>,
                      into child: UnsafeMutableBufferPointer<Double>, using rng: inout Xoshiro256) {
        precondition(first.count == second.count && child.count == first.count)
        let power = 1 / (eta + 1)
        for i in 0..<child.count {
            let a = first[i], b = second[i]
            guard rng.nextUnitDouble() < geneRate, abs(a - b) > 1e-14 else {
                child[i] = a
                continue
            }
            let y1 = Swift.min(a, b), y2 = Swift.max(a, b)
            let u = rng.nextUnitDouble()
            var c1: Double, c2: Double
            if let box {
                let lo = box.lower[i], hi = box.upper[i]
                c1 = 0.5 * ((y1 + y2) - spread(1 + 2 * (y1 - lo) / (y2 - y1), u, power) * (y2 - y1))
                c2 = 0.5 * ((y1 + y2) + spread(1 + 2 * (hi - y2) / (y2 - y1), u, power) * (y2 - y1))
                c1 = Swift.min(Swift.max(c1, lo), hi)
                c2 = Swift.min(Swift.max(c2, lo), hi)
            } else {
                let betaQ = u <= 0.5 ? pow(2 * u, power) : pow(1 / (2 * (1 - u)), power)
                c1 = 0.5 * ((y1 + y2) - betaQ * (y2 - y1))
                c2 = 0.5 * ((y1 + y2) + betaQ * (y2 - y1))
            }
            child[i] = rng.nextUnitDouble() < 0.5 ? c1 : c2
        }
    }

    /// β_q of the bounded SBX for a boundary ratio β and uniform u.
    private func spread(_ beta: Double, _ u: Double, _ power: Double) -> Double {
        let alpha = 2 - pow(beta, -(eta + 1))
        return u <= 1 / alpha ? pow(u * alpha, power) : pow(1 / (2 - u * alpha), power)
    }
}

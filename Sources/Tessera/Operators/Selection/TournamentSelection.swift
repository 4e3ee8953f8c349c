/// Draws `size` elites uniformly and keeps the one with the best objective (the first
/// drawn wins ties).
public struct TournamentSelection: Selection, Hashable {
    /// The number of contestants (2 by default).
    public var size: Int

    /// Creates the selection.
    ///
    /// - Parameter size: The number of contestants, at least 1.
    /// - Throws: ``ParameterError`` when `size` is below 1.
    public init(size: Int = 2) throws(ParameterError) {
        try ParameterError.requirePositive(size, Self.self, "size")
        self.size = size
    }

    /// Decodes the selection, checking it as ``init(size:)`` does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ParameterError``'s message
    ///   for a size below 1; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let size = try decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .size)
        self = try DecodingError.validating(decoder) { () throws(ParameterError) in try Self(size: size) }
    }

    public func select(from elites: EliteView, using rng: inout Xoshiro256) -> Int {
        var best = elites.randomCell(using: &rng)
        for _ in 1..<size {
            let other = elites.randomCell(using: &rng)
            if elites.objectives[other] > elites.objectives[best] { best = other }
        }
        return best
    }
}

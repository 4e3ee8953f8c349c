import Tessera

extension MazeObservation: Codable {
    private enum CodingKeys: String, CodingKey { case size, trajectory }

    /// Decodes a setting, checking it as ``init(size:trajectory:)`` does; a missing field
    /// takes its default.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ParameterError``'s message for
    ///   a size out of range; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let size = try c.decodeIfPresent(Int.self, forKey: .size) ?? 32
        let trajectory = try c.decodeIfPresent(Bool.self, forKey: .trajectory) ?? false
        do {
            try self.init(size: size, trajectory: trajectory)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: error.description, underlyingError: error))
        }
    }

    /// Encodes the size and the trajectory flag.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(size, forKey: .size)
        try c.encode(trajectory, forKey: .trajectory)
    }
}

import Tessera

extension ArmObservation: Codable {
    private enum CodingKeys: String, CodingKey { case size }

    /// Decodes a setting, checking it as ``init(size:)`` does; a missing size takes its default.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ParameterError``'s message for
    ///   a size out of range; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let size = try c.decodeIfPresent(Int.self, forKey: .size) ?? 32
        do {
            try self.init(size: size)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: error.description, underlyingError: error))
        }
    }

    /// Encodes the size.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(size, forKey: .size)
    }
}

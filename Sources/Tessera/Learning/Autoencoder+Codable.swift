import Foundation

extension Autoencoder {
    private enum CodingKeys: String, CodingKey { case configuration, isFitted, parameters }

    /// Decodes an autoencoder written by ``encode(to:)``: the configuration is validated as
    /// by ``init(configuration:seed:)``, and the parameters must be exactly
    /// ``Configuration/parameterCount`` finite little-endian Float32 values.
    ///
    /// - Throws: `DecodingError.dataCorrupted` whose debug description is the one-line
    ///   ``LearnerError`` message, and any error of the decoder.
    /// - Complexity: O(``Configuration/parameterCount``).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let configuration = try c.decode(Configuration.self, forKey: .configuration)
        let isFitted = try c.decode(Bool.self, forKey: .isFitted)
        let bytes = try c.decode(Data.self, forKey: .parameters)
        self = try DecodingError.validating(decoder) { () throws(LearnerError) in
            guard let parameters = LittleEndian.values(Float.self, from: bytes) else {
                throw .invalidConfiguration("Autoencoder parameters hold \(bytes.count) bytes, not a whole number of Float32 values")
            }
            return try Autoencoder(configuration: configuration, parameters: parameters, isFitted: isFitted)
        }
    }

    /// Encodes the configuration, whether it is fitted, and the parameters as little-endian
    /// Float32 bytes (base64 in JSON, about 1.33 bytes of text per byte).
    ///
    /// - Throws: Any error of the encoder.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(configuration, forKey: .configuration)
        try c.encode(isFitted, forKey: .isFitted)
        try c.encode(parameters.withUnsafeBufferPointer { LittleEndian.bytes(of: $0) }, forKey: .parameters)
    }
}

import Foundation
import Tessera
import Testing

/// Checks that a type's decoding applies the checks of its initialiser, with the JSON
/// coding of saved emitter states (sorted keys; NaN and infinities as `"nan"`, `"inf"`
/// and `"-inf"`).
public enum DecodingChecks {
    /// Encodes `value` as a saved emitter state is encoded.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes `json` as a saved emitter state is decoded.
    public static func decode<T: Decodable>(_ type: T.Type, from json: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(T.self, from: Data(json.utf8))
    }

    /// Expects `value` to decode back from its encoding and to encode again to the same
    /// text (so the format is unchanged by a round trip); returns the decoded value.
    @discardableResult
    public static func expectRoundTrip<T: Codable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
        let json = try encode(value)
        let decoded = try decode(T.self, from: json)
        #expect(try encode(decoded) == json, "\(T.self) round trip", sourceLocation: sourceLocation)
        return decoded
    }

    /// Expects decoding `json` as `T` to throw `DecodingError.dataCorrupted` whose debug
    /// description is one line containing `message`.
    public static func expectRefused<T: Decodable>(_ type: T.Type, _ json: String, mentioning message: String,
                                                   sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let value = try decode(T.self, from: json)
            Issue.record("\(T.self) decoded from \(json): \(value)", sourceLocation: sourceLocation)
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription.contains(message), "\(T.self) from \(json): \(context.debugDescription)",
                    sourceLocation: sourceLocation)
            #expect(!context.debugDescription.contains("\n"), "one line", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(T.self) from \(json): \(error)", sourceLocation: sourceLocation)
        }
    }
}

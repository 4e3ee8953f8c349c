import Foundation

/// How numbers cross the evaluator protocol exactly (`Docs/EvaluatorProtocol.md`):
/// finite doubles as JSON numbers in their shortest round-trip decimal form, NaN and the
/// infinities as the strings `"nan"`, `"inf"` and `"-inf"`, and a vector either as a
/// JSON array of such numbers or as `{"base64": …}` of its little-endian IEEE 754 doubles
/// (smaller and faster for large vectors).
public enum WireNumbers {
    /// Vectors at least this long are written as base64 by ``vector(_:)``.
    public static let base64Threshold = 64

    /// The JSON text of one number.
    public static func text(_ value: Double) -> String {
        if value.isNaN { return "\"nan\"" }
        if value == .infinity { return "\"inf\"" }
        if value == -.infinity { return "\"-inf\"" }
        // Swift's description is the shortest decimal that reads back to the same double.
        return "\(value)"
    }

    /// The JSON text of a vector: an array of numbers, or base64 from ``base64Threshold``.
    public static func vector(_ values: [Double]) -> String {
        if values.count >= base64Threshold {
            return "{\"base64\":\"\(base64(values))\"}"
        }
        var text = "["
        text.reserveCapacity(values.count * 24 + 2)
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            if value.isFinite { value.write(to: &text) } else { text += Self.text(value) }
        }
        return text + "]"
    }

    /// Base64 of the values' little-endian bytes.
    public static func base64(_ values: [Double]) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * 8)
        for value in values {
            let bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes).base64EncodedString()
    }

    /// The doubles of base64 text of little-endian bytes, or `nil` when it is not base64
    /// of a whole number of doubles.
    public static func doubles(base64 text: String) -> [Double]? {
        guard let data = Data(base64Encoded: text), data.count % 8 == 0 else { return nil }
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 8)).map {
                Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)))
            }
        }
    }
}

/// One number as the protocol reads it: a JSON number, or `"nan"`, `"inf"`, `"-inf"`
/// (``WireNumbers`` writes them).
public struct WireNumber: Decodable, Hashable, Sendable {
    /// The number.
    public var value: Double

    /// Wraps a number.
    public init(_ value: Double) { self.value = value }

    /// Reads a JSON number or one of the three strings; anything else (a Boolean, another
    /// string, null) is a `DecodingError`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let text = try? c.decode(String.self) {
            switch text {
            case "nan": value = .nan
            case "inf": value = .infinity
            case "-inf": value = -.infinity
            default:
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "'\(text)' is not a number (only \"nan\", \"inf\" and \"-inf\" may be strings)")
            }
            return
        }
        if (try? c.decode(Bool.self)) != nil {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "a Boolean is not a number")
        }
        value = try c.decode(Double.self)
    }
}

/// A vector as the protocol reads it: an array of ``WireNumber``s or `{"base64": …}`
/// (``WireNumbers`` writes them).
public struct WireVector: Decodable, Hashable, Sendable {
    /// The numbers.
    public var values: [Double]

    /// Wraps numbers.
    public init(_ values: [Double]) { self.values = values }

    private enum Keys: String, CodingKey { case base64 }

    /// Reads an array of numbers or `{"base64": …}`.
    public init(from decoder: Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: Keys.self) {
            let text = try keyed.decode(String.self, forKey: .base64)
            guard let values = WireNumbers.doubles(base64: text) else {
                throw DecodingError.dataCorruptedError(forKey: .base64, in: keyed,
                                                       debugDescription: "is not base64 of a whole number of little-endian doubles")
            }
            self.values = values
            return
        }
        values = try decoder.singleValueContainer().decode([WireNumber].self).map(\.value)
    }
}

/// Optional extra facts a domain reports for one evaluated genome, kept with its elite.
///
/// Values are numbers or texts, keyed by name, and are exported as extra columns.
public typealias Metadata = [String: MetadataValue]

/// One metadata value: a number or a text.
public enum MetadataValue: Codable, Hashable, Sendable, CustomStringConvertible {
    /// A real number.
    case number(Double)
    /// A text.
    case text(String)

    public var description: String {
        switch self {
        case .number(let value): return "\(value)"
        case .text(let value): return value
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        }
    }
}

/// The value of an algorithm's option: a count, a real number or a shape of bin counts.
public enum OptionValue: Hashable, Sendable, CustomStringConvertible {
    /// A whole number (cells, samples).
    case integer(Int)
    /// A real number (σ).
    case number(Double)
    /// Bin counts per dimension, written `100x100`.
    case shape([Int])
    /// A word from a list (`curiosity`) or a text an option reads itself (a maze map).
    case text(String)

    /// The value as the command line and the `run_config` table write it: `10000`, `0.5`, `100x100`.
    public var description: String {
        switch self {
        case .integer(let value): return String(value)
        case .number(let value): return String(value)
        case .shape(let bins): return bins.map(String.init).joined(separator: "x")
        case .text(let text): return text
        }
    }

    /// The whole number, or `nil` for another kind.
    public var integer: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The real number (a whole number converts), or `nil` for a shape.
    public var number: Double? {
        switch self {
        case .number(let value): return value
        case .integer(let value): return Double(value)
        case .shape, .text: return nil
        }
    }

    /// The text, or `nil` for another kind.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// The bin counts, or `nil` for another kind.
    public var shape: [Int]? {
        if case .shape(let bins) = self { return bins }
        return nil
    }
}

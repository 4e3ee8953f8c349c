import Foundation

/// The saved state of one component of a run (an emitter): a stable identifier, a
/// version of its layout, and named parts.
///
/// Only mutable state belongs here; a component's configuration comes from the code
/// that rebuilds the run. Small values go in ``StatePart/json(_:)`` parts, numbers in
/// binary parts that a store can skip when unchanged, or append to (rows).
///
/// ```
/// var state = ComponentState(identifier: "my.emitter", version: 1)
/// try state.set("counters", json: counters)
/// state.set("mean", .doubles(mean))
/// ```
public struct ComponentState: Codable, Hashable, Sendable {
    /// The component's stable name, as written in files (for example `tessera.vector-emitter`).
    public var identifier: String
    /// The version of the component's state layout, for migrations.
    public var version: Int
    /// The parts, by key.
    public var parts: [String: StatePart]

    /// Creates a state.
    ///
    /// - Parameters:
    ///   - identifier: The component's stable name.
    ///   - version: The version of its state layout.
    ///   - parts: The parts, by key.
    public init(identifier: String, version: Int, parts: [String: StatePart] = [:]) {
        self.identifier = identifier
        self.version = version
        self.parts = parts
    }

    /// Sets a part.
    public mutating func set(_ key: String, _ part: StatePart) {
        parts[key] = part
    }

    /// Sets a JSON part holding `value` (non-finite numbers are written as strings).
    ///
    /// - Throws: The value's encoding errors.
    public mutating func set(_ key: String, json value: some Encodable) throws {
        parts[key] = .json(try StateCoding.encoder.encode(value))
    }

    /// The part under `key`.
    ///
    /// - Throws: ``RestoreError`` when there is none.
    public func part(_ key: String) throws -> StatePart {
        guard let part = parts[key] else {
            throw RestoreError(message: "the saved state of \(identifier) has no part '\(key)'")
        }
        return part
    }

    /// Decodes the JSON part under `key`.
    ///
    /// - Throws: ``RestoreError`` for a missing part or one of another kind; the value's
    ///   `DecodingError`.
    public func decode<T: Decodable>(_ type: T.Type, key: String) throws -> T {
        guard case .json(let data) = try part(key) else { throw wrongKind(key, expected: .json) }
        return try StateCoding.decoder.decode(T.self, from: data)
    }

    /// The numbers of the ``StatePart/doubles(_:)`` part under `key`.
    ///
    /// - Parameter count: The count the caller expects, checked when given.
    /// - Throws: ``RestoreError`` for a missing part, one of another kind, or another count.
    public func doubles(_ key: String, count: Int? = nil) throws -> [Double] {
        guard case .doubles(let values) = try part(key) else { throw wrongKind(key, expected: .doubles) }
        try check(key, count: values.count, expected: count)
        return values
    }

    /// The numbers of the ``StatePart/floats(_:)`` part under `key`.
    ///
    /// - Parameter count: The count the caller expects, checked when given.
    /// - Throws: ``RestoreError`` for a missing part, one of another kind, or another count.
    public func floats(_ key: String, count: Int? = nil) throws -> [Float] {
        guard case .floats(let values) = try part(key) else { throw wrongKind(key, expected: .floats) }
        try check(key, count: values.count, expected: count)
        return values
    }

    /// The rows of the ``StatePart/rows(width:values:)`` part under `key`, row-major.
    ///
    /// - Parameter width: The row width the caller expects.
    /// - Throws: ``RestoreError`` for a missing part, one of another kind, or another width.
    public func rows(_ key: String, width: Int) throws -> [Double] {
        guard case .rows(let saved, let values) = try part(key) else { throw wrongKind(key, expected: .rows) }
        guard saved == width else {
            throw RestoreError(message: "the saved part '\(key)' of \(identifier) has rows of width \(saved), expected \(width)")
        }
        return values
    }

    private func wrongKind(_ key: String, expected: StatePart.Kind) -> RestoreError {
        RestoreError(message: "the saved part '\(key)' of \(identifier) is \(parts[key]?.kind.rawValue ?? "missing"), "
                     + "expected \(expected.rawValue)")
    }

    private func check(_ key: String, count: Int, expected: Int?) throws {
        if let expected, expected != count {
            throw RestoreError(message: "the saved part '\(key)' of \(identifier) holds \(count) numbers, expected \(expected)")
        }
    }
}

/// JSON coding of saved state: sorted keys, non-finite numbers written as strings.
enum StateCoding {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}

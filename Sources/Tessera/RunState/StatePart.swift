import Foundation

/// One payload of a component's saved state: a small `Codable` value as JSON, or numbers
/// kept in binary so large state is never re-encoded as text.
///
/// Files store binary parts little-endian, 8 bytes per `Double` and 4 per `Float`. A
/// ``rows(width:values:)`` part promises that rows are only ever appended: a store may
/// write only the rows it has not written yet.
public enum StatePart: Hashable, Sendable {
    /// A small value, JSON-encoded (for counters, options, short lists).
    case json(Data)
    /// Numbers of double precision (a mean, a covariance matrix row-major).
    case doubles([Double])
    /// Numbers of single precision (learner weights).
    case floats([Float])
    /// Rows of `width` numbers, row-major, that only grow at the end (a novelty archive's
    /// descriptors); `values.count` is a multiple of `width`.
    case rows(width: Int, values: [Double])

    /// What a part holds, as written in files.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// ``StatePart/json(_:)``.
        case json
        /// ``StatePart/doubles(_:)``.
        case doubles
        /// ``StatePart/floats(_:)``.
        case floats
        /// ``StatePart/rows(width:values:)``.
        case rows
    }

    /// The part's kind.
    public var kind: Kind {
        switch self {
        case .json: return .json
        case .doubles: return .doubles
        case .floats: return .floats
        case .rows: return .rows
        }
    }

    /// The row width of a ``rows(width:values:)`` part, else `nil`.
    public var width: Int? {
        if case .rows(let width, _) = self { return width }
        return nil
    }

    /// The part's payload as stored: the JSON bytes, or the numbers little-endian.
    ///
    /// - Complexity: O(n) for n bytes.
    public var bytes: Data {
        switch self {
        case .json(let data): return data
        case .doubles(let values), .rows(_, let values): return Self.littleEndianBytes(of: values)
        case .floats(let values): return Self.littleEndianBytes(of: values)
        }
    }

    /// The number of bytes ``bytes`` holds, without making them.
    public var byteCount: Int {
        switch self {
        case .json(let data): return data.count
        case .doubles(let values), .rows(_, let values): return values.count * MemoryLayout<Double>.size
        case .floats(let values): return values.count * MemoryLayout<Float>.size
        }
    }

    /// Rebuilds a part from its kind, width and stored bytes.
    ///
    /// - Parameters:
    ///   - kind: What the part holds.
    ///   - width: The row width of a ``Kind/rows`` part (at least 1); ignored otherwise.
    ///   - bytes: The payload as ``bytes`` gives it.
    /// - Throws: ``StatePartError`` when the byte count does not fit the kind (not a
    ///   multiple of 8 or 4 bytes, or not whole rows) or a row width is below 1.
    public init(kind: Kind, width: Int?, bytes: Data) throws(StatePartError) {
        switch kind {
        case .json:
            self = .json(bytes)
        case .doubles:
            self = .doubles(try Self.numbers(Double.self, from: bytes, kind: kind))
        case .floats:
            self = .floats(try Self.numbers(Float.self, from: bytes, kind: kind))
        case .rows:
            guard let width, width >= 1 else { throw StatePartError("a rows part has width \(width.map(String.init) ?? "none")") }
            let values = try Self.numbers(Double.self, from: bytes, kind: kind)
            guard values.count % width == 0 else {
                throw StatePartError("a rows part of width \(width) holds \(values.count) numbers, not whole rows")
            }
            self = .rows(width: width, values: values)
        }
    }

    static func littleEndianBytes<T: LittleEndianFloat>(of values: [T]) -> Data {
        values.withUnsafeBufferPointer { LittleEndian.bytes(of: $0) }
    }

    static func numbers<T: LittleEndianFloat>(_ type: T.Type, from bytes: Data, kind: Kind) throws(StatePartError) -> [T] {
        guard let values = LittleEndian.values(T.self, from: bytes) else {
            throw StatePartError("a \(kind.rawValue) part of \(bytes.count) bytes, not a multiple of \(MemoryLayout<T>.size)")
        }
        return values
    }
}

extension StatePart: Codable {
    private enum CodingKeys: String, CodingKey { case kind, width, data }

    /// Decodes a part written by ``encode(to:)``: its kind, row width and base64 payload.
    ///
    /// - Throws: `DecodingError.dataCorrupted` for a payload that does not fit its kind.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(Kind.self, forKey: .kind)
        let width = try c.decodeIfPresent(Int.self, forKey: .width)
        let data = try c.decode(Data.self, forKey: .data)
        do {
            self = try StatePart(kind: kind, width: width, bytes: data)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .data, in: c, debugDescription: error.message)
        }
    }

    /// Encodes the part as its kind, row width (for rows) and payload (base64 in JSON).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(width, forKey: .width)
        try c.encode(bytes, forKey: .data)
    }
}

extension WorkerMessage {
    /// Reads a `result` line of the usual shape, or returns `nil` for `JSONDecoder` to read.
    ///
    /// Workers send one `result` per evaluation, so reading them is the evaluator's hot
    /// path. This scanner takes an object whose keys are `type` (`"result"`), `id` (an
    /// integer), `objective` (a number or `"nan"`, `"inf"`, `"-inf"`) and `descriptor` and
    /// `observation` (arrays of such), in any order, with any JSON white space; anything
    /// else (an `error`, `metadata`, base64, escapes, another key, a duplicate key, a
    /// number JSON does not allow) returns `nil`, and ``init(line:)`` falls back on
    /// `JSONDecoder`, which reads or rejects it. Numbers are read with Swift's correctly
    /// rounded `Double(_:)`, so both paths give the same bits (a test checks).
    ///
    /// - Complexity: O(length of the line).
    static func resultFastPath(_ line: String) -> WorkerMessage? {
        var line = line
        return line.withUTF8 { bytes -> WorkerMessage? in
            var scanner = ResultScanner(bytes: bytes)
            return scanner.message()
        }
    }
}

/// The scanner behind ``WorkerMessage/resultFastPath(_:)``.
private struct ResultScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func message() -> WorkerMessage? {
        var type: String?, id: Int?, objective: Double?, descriptor: [Double]?, observation: [Double]?
        skipSpace()
        guard take(UInt8(ascii: "{")) else { return nil }
        while true {
            skipSpace()
            guard let key = plainString() else { return nil }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            switch key {
            case "type" where type == nil: type = plainString()
            case "id" where id == nil: id = integer()
            case "objective" where objective == nil: objective = number()
            case "descriptor" where descriptor == nil: descriptor = numbers()
            case "observation" where observation == nil: observation = numbers()
            default: return nil
            }
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            guard take(UInt8(ascii: "}")) else { return nil }
            break
        }
        skipSpace()
        guard at == bytes.count, type == "result", let id, let objective else { return nil }
        let evaluation = Evaluation(objective: objective, descriptor: descriptor ?? [], metadata: nil,
                                    observation: observation.map { $0.map(Float.init) })
        return .result(id: id, outcome: .evaluation(evaluation))
    }

    mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x09 || bytes[at] == 0x0A || bytes[at] == 0x0D { at += 1 }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard at < bytes.count, bytes[at] == byte else { return false }
        at += 1
        return true
    }

    /// A string without escapes or control characters.
    mutating func plainString() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = at
        while at < bytes.count, bytes[at] != UInt8(ascii: "\"") {
            if bytes[at] == UInt8(ascii: "\\") || bytes[at] < 0x20 { return nil }
            at += 1
        }
        guard at < bytes.count else { return nil }
        defer { at += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
    }

    /// An integer of JSON's grammar that fits an `Int`.
    mutating func integer() -> Int? {
        guard let token = numberToken(), !token.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else { return nil }
        return Int(token)
    }

    /// A number of JSON's grammar, or one of the protocol's three strings.
    mutating func number() -> Double? {
        if at < bytes.count, bytes[at] == UInt8(ascii: "\"") {
            switch plainString() {
            case "nan": return .nan
            case "inf": return .infinity
            case "-inf": return -.infinity
            default: return nil
            }
        }
        // A finite number only: one too large for a double is JSONDecoder's to judge.
        guard let token = numberToken(), let value = Double(token), value.isFinite else { return nil }
        return value
    }

    /// An array of numbers.
    mutating func numbers() -> [Double]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var values = [Double]()
        skipSpace()
        if take(UInt8(ascii: "]")) { return values }
        while true {
            skipSpace()
            guard let value = number() else { return nil }
            values.append(value)
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            guard take(UInt8(ascii: "]")) else { return nil }
            return values
        }
    }

    /// The text of a number that follows JSON's grammar:
    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func numberToken() -> String? {
        let start = at
        func digits() -> Int {
            let first = at
            while at < bytes.count, bytes[at] >= UInt8(ascii: "0"), bytes[at] <= UInt8(ascii: "9") { at += 1 }
            return at - first
        }
        _ = take(UInt8(ascii: "-"))
        guard at < bytes.count else { return nil }
        if bytes[at] == UInt8(ascii: "0") {
            at += 1
        } else if digits() == 0 {
            return nil
        }
        if take(UInt8(ascii: ".")), digits() == 0 { return nil }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
            if digits() == 0 { return nil }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
    }
}

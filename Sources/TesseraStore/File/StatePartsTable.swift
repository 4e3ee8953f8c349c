import Foundation
import Tessera

/// The `state_parts` table, which holds the payloads of the run state's parts, and what
/// this session last wrote to it, so a checkpoint writes only what changed.
///
/// A part is one or more chunks (`chunk` 0, 1, …) whose bytes, joined in order, are the
/// part's payload. JSON, doubles and floats parts are one chunk, rewritten only when
/// their bytes differ from the last written ones (an exact comparison). A rows part
/// gains a chunk per checkpoint holding only its new rows, as long as the rows already
/// written are still there (the count did not shrink and the last written row is
/// unchanged); otherwise it is rewritten whole. The first checkpoint of a session
/// rewrites every part, since the file may hold anything.
struct StatePartsTable {
    static let create = """
        CREATE TABLE IF NOT EXISTS state_parts (
            component INTEGER NOT NULL,
            key TEXT NOT NULL,
            chunk INTEGER NOT NULL,
            kind TEXT NOT NULL,
            width INTEGER,
            data BLOB NOT NULL,
            PRIMARY KEY (component, key, chunk)
        ) WITHOUT ROWID
        """

    /// What this session wrote of one part.
    private enum Written {
        /// A single-chunk part, with its kind and bytes.
        case whole(StatePart.Kind, Data)
        /// A rows part: its width, rows written, chunks written and the last row's bytes.
        case rows(width: Int, count: Int, chunks: Int, last: Data)
    }

    /// Whether the table holds exactly ``written`` (false until this session's first write).
    private var synchronised = false
    private var written: [[String: Written]] = []

    /// Writes the parts of `state` that changed since the last write, inside the caller's
    /// transaction.
    ///
    /// - Returns: The table's memory after the write (to keep once the transaction is
    ///   committed) and what was written.
    func write(_ state: SchedulerState, in database: SQLiteDatabase) throws -> (StatePartsTable, CheckpointStatistics) {
        try database.execute(Self.create)
        var statistics = CheckpointStatistics()
        var next = StatePartsTable()
        next.synchronised = true
        next.written = Array(repeating: [:], count: state.components.count)
        let deletePart = try database.prepare("DELETE FROM state_parts WHERE component = ? AND key = ?")
        let insert = try database.prepare("INSERT INTO state_parts (component, key, chunk, kind, width, data) VALUES (?, ?, ?, ?, ?, ?)")
        func remove(_ component: Int, _ key: String) throws {
            deletePart.reset()
            try deletePart.bind(1, Int64(component))
            try deletePart.bind(2, key)
            try deletePart.step()
        }
        func chunk(_ component: Int, _ key: String, _ number: Int, _ kind: StatePart.Kind, _ width: Int?, _ data: Data) throws {
            insert.reset()
            try insert.bind(1, Int64(component))
            try insert.bind(2, key)
            try insert.bind(3, Int64(number))
            try insert.bind(4, kind.rawValue)
            try insert.bind(5, width.map(Int64.init))
            try insert.bind(6, data)
            try insert.step()
            statistics.stateBytes += data.count
        }
        if synchronised {
            let extra = try database.prepare("DELETE FROM state_parts WHERE component >= ?")
            try extra.bind(1, Int64(state.components.count))
            try extra.step()
            for (index, parts) in written.enumerated() where index < state.components.count {
                for key in parts.keys where state.components[index].parts[key] == nil { try remove(index, key) }
            }
        } else {
            try database.execute("DELETE FROM state_parts")
        }
        for (index, component) in state.components.enumerated() {
            for (key, part) in component.parts.sorted(by: { $0.key < $1.key }) {
                let before = synchronised && index < written.count ? written[index][key] : nil
                switch part {
                case .rows(let width, let values):
                    precondition(width >= 1 && values.count % width == 0,
                                 "the rows part '\(key)' of \(component.identifier) holds \(values.count) numbers, not rows of \(width)")
                    let count = values.count / width
                    if case .rows(width, let saved, let chunks, let last)? = before, count >= saved,
                       saved == 0 || Self.row(saved - 1, of: values, width: width) == last {
                        if count == saved {
                            statistics.partsSkipped += 1
                        } else {
                            let added = StatePart.littleEndianRows(values, from: saved, to: count, width: width)
                            try chunk(index, key, chunks, .rows, width, added)
                            statistics.partsAppended += 1
                            statistics.rowsAppended += count - saved
                        }
                        next.written[index][key] = .rows(width: width, count: count, chunks: count == saved ? chunks : chunks + 1,
                                                         last: count == 0 ? Data() : Self.row(count - 1, of: values, width: width))
                    } else {
                        if before != nil { try remove(index, key) }
                        if count > 0 { try chunk(index, key, 0, .rows, width, part.bytes) }
                        statistics.partsWritten += 1
                        next.written[index][key] = .rows(width: width, count: count, chunks: count > 0 ? 1 : 0,
                                                         last: count == 0 ? Data() : Self.row(count - 1, of: values, width: width))
                    }
                case .json, .doubles, .floats:
                    let bytes = part.bytes
                    if case .whole(part.kind, bytes)? = before {
                        statistics.partsSkipped += 1
                    } else {
                        if before != nil { try remove(index, key) }
                        if !bytes.isEmpty { try chunk(index, key, 0, part.kind, nil, bytes) }
                        statistics.partsWritten += 1
                    }
                    next.written[index][key] = .whole(part.kind, bytes)
                }
            }
        }
        return (next, statistics)
    }

    private static func row(_ row: Int, of values: [Double], width: Int) -> Data {
        StatePart.littleEndianRows(values, from: row, to: row + 1, width: width)
    }

    /// The parts of every component `manifest` lists, read from the table and checked:
    /// chunks numbered 0, 1, … of the listed kind and width, whole rows, and the listed
    /// byte count.
    ///
    /// - Throws: ``StoreError/corrupt(path:detail:)`` naming the part at fault.
    static func read(_ manifest: StateManifest, from database: SQLiteDatabase, path: String) throws -> SchedulerState {
        struct Found { var kind: String; var width: Int64?; var data = Data(); var chunks = 0 }
        var found: [Int: [String: Found]] = [:]
        if try database.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = 'state_parts'") == 1 {
            let statement = try database.prepare(
                "SELECT component, key, chunk, kind, width, data FROM state_parts ORDER BY component, key, chunk")
            while try statement.step() {
                let component = Int(statement.int(0)), key = statement.text(1) ?? ""
                let name = "the state part '\(key)' of component \(component)"
                guard statement.isBlob(5), let data = statement.data(5) else {
                    throw StoreError.corrupt(path: path, detail: "\(name) is not a BLOB")
                }
                guard component >= 0, component < manifest.components.count,
                      let listed = manifest.components[component].parts[key] else {
                    throw StoreError.corrupt(path: path, detail: "\(name) is not in the saved scheduler state")
                }
                let kind = statement.text(3) ?? "", width = statement.isNull(4) ? nil : statement.int(4)
                var part = found[component, default: [:]][key] ?? Found(kind: kind, width: width)
                guard statement.int(2) == Int64(part.chunks) else {
                    throw StoreError.corrupt(path: path, detail: "\(name) has chunk \(statement.int(2)) where chunk \(part.chunks) belongs")
                }
                guard kind == listed.kind.rawValue, kind == part.kind, width == listed.width.map(Int64.init), width == part.width else {
                    throw StoreError.corrupt(path: path, detail: "\(name) has kind \(kind) and width \(width.map(String.init) ?? "none"), "
                                             + "the state lists \(listed.kind.rawValue) and \(listed.width.map(String.init) ?? "none")")
                }
                if let width = listed.width, width >= 1, data.count % (width * 8) != 0 {
                    throw StoreError.corrupt(path: path, detail: "\(name) has a chunk of \(data.count) bytes, not whole rows of \(width) numbers")
                }
                part.data.append(data)
                part.chunks += 1
                found[component, default: [:]][key] = part
            }
        }
        return try manifest.state { index, component in
            var parts: [String: StatePart] = [:]
            for (key, listed) in component.parts {
                let name = "the state part '\(key)' of component \(index) (\(component.identifier))"
                let data = found[index]?[key]?.data ?? Data()
                guard data.count == listed.bytes else {
                    throw StoreError.corrupt(path: path, detail: "\(name) holds \(data.count) bytes, the state lists \(listed.bytes)")
                }
                do {
                    parts[key] = try StatePart(kind: listed.kind, width: listed.width, bytes: data)
                } catch {
                    throw StoreError.corrupt(path: path, detail: "\(name): \((error as? StatePartError)?.message ?? String(describing: error))")
                }
            }
            return parts
        }
    }
}

extension StatePart {
    /// Rows `start..<end` of `values` (rows of `width`), little-endian.
    static func littleEndianRows(_ values: [Double], from start: Int, to end: Int, width: Int) -> Data {
        StatePart.doubles(Array(values[(start * width)..<(end * width)])).bytes
    }
}

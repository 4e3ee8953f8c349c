import Foundation

/// The `recorded_calls` table: every successful call a run made to a service outside the
/// process (a language model), so a resumed run never asks twice and a run can be
/// replayed (documented in `Docs/FileFormat.md`).
///
/// The table is created by the first write, so files without calls, and files written
/// before the table existed, are left as they are and still open.
extension ArchiveFile {
    static let createRecordedCalls = """
        CREATE TABLE IF NOT EXISTS recorded_calls (
            position INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            body BLOB NOT NULL
        )
        """

    /// Appends `calls` to the file in one transaction; a call whose key the file (or an
    /// earlier call of `calls`) already holds is skipped, so the first recording of a key wins.
    ///
    /// Works on a file just created or opened ``ArchiveFile/Mode/readWrite``, before or between
    /// checkpoints: the calls are committed at once (into the write-ahead log while a run
    /// writes checkpoints, folded into the file by the next checkpoint or ``finish()``).
    ///
    /// - Parameter calls: The calls, in the order they were made.
    /// - Throws: ``StoreError/notWritable(path:detail:)`` for a file opened read-only;
    ///   ``StoreError/mismatch(path:detail:)`` for a key holding a NUL character (SQLite
    ///   would cut it there); another ``StoreError`` when SQLite fails (then nothing of
    ///   `calls` is written).
    /// - Complexity: O(*n* log *m*) for *n* calls and *m* calls already recorded.
    public func recordCalls(_ calls: [RecordedCall]) throws {
        guard writable else { throw StoreError.notWritable(path: path, detail: "the file was opened read-only") }
        guard !calls.isEmpty else { return }
        if let bad = calls.first(where: { $0.key.utf8.contains(0) }) {
            throw StoreError.mismatch(path: path, detail: "the key of a recorded call holds a NUL character "
                                      + "(\(bad.key.prefix(40).debugDescription))")
        }
        try reading {
            try database.transaction {
                try database.execute(Self.createRecordedCalls)
                // `coalesce` keeps an empty body a zero-length BLOB, not NULL.
                let insert = try database.prepare(
                    "INSERT INTO recorded_calls (key, body) VALUES (?, coalesce(?, x'')) ON CONFLICT (key) DO NOTHING")
                for call in calls {
                    insert.reset()
                    try insert.bind(1, call.key)
                    try insert.bind(2, call.body)
                    try insert.step()
                }
            }
        }
    }

    /// Every recorded call, in the order first recorded.
    ///
    /// Each row is checked: the key must be text and the body a BLOB (or text).
    /// - Returns: The calls; `[]` for a file without any, including a file written before
    ///   the table existed.
    /// - Throws: ``StoreError/corrupt(path:detail:)`` naming the row at fault, or the
    ///   table when its columns are not `position, key, body`.
    /// - Complexity: O(*n*) in the number of calls and the size of their bodies.
    public func recordedCalls() throws -> [RecordedCall] {
        try reading {
            guard try hasRecordedCalls() else { return [] }
            let statement = try database.prepare(
                "SELECT position, typeof(key), key, typeof(body), body FROM recorded_calls ORDER BY position")
            var calls: [RecordedCall] = []
            while try statement.step() {
                let position = statement.int(0)
                let keyType = statement.text(1) ?? "null", bodyType = statement.text(3) ?? "null"
                guard keyType == "text", let key = statement.text(2) else {
                    throw StoreError.corrupt(path: path, detail: "the recorded call at position \(position) has a key of type "
                                             + "\(keyType), not text")
                }
                guard bodyType == "blob" || bodyType == "text", let body = statement.data(4) else {
                    throw StoreError.corrupt(path: path, detail: "the recorded call at position \(position) has a body of type "
                                             + "\(bodyType), not a BLOB")
                }
                calls.append(RecordedCall(key: key, body: body))
            }
            return calls
        }
    }

    /// The number of recorded calls: 0 for a file without any, including a file written
    /// before the table existed.
    ///
    /// - Throws: ``StoreError`` when SQLite fails, or the table's columns are not
    ///   `position, key, body`.
    public func recordedCallCount() throws -> Int {
        try reading {
            guard try hasRecordedCalls() else { return 0 }
            return Int(try database.scalarInt("SELECT count(*) FROM recorded_calls") ?? 0)
        }
    }

    /// Whether the file has the table, checking its columns when it does.
    private func hasRecordedCalls() throws -> Bool {
        guard try database.scalarInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'recorded_calls'") == 1 else {
            return false
        }
        let columns = try Schema.columns(of: "recorded_calls", in: database)
        guard columns == ["position", "key", "body"] else {
            throw StoreError.corrupt(path: path, detail: "the recorded_calls table has the columns \(columns.joined(separator: ", ")), "
                                     + "not position, key, body")
        }
        return true
    }
}

import CSQLite

/// An error from SQLite, with the result code, the message and what was being done.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// SQLite's extended result code.
    public let code: Int32
    /// SQLite's message.
    public let message: String
    /// What Tessera was doing (a statement or an operation).
    public let context: String

    /// The primary result code (the low byte of the extended code).
    public var primaryCode: Int32 { code & 0xFF }

    /// The database or disk is full (`SQLITE_FULL`).
    public var isFull: Bool { primaryCode == SQLITE_FULL }
    /// The file is not a database (`SQLITE_NOTADB`).
    public var isNotADatabase: Bool { primaryCode == SQLITE_NOTADB }
    /// The file is damaged (`SQLITE_CORRUPT`).
    public var isCorrupt: Bool { primaryCode == SQLITE_CORRUPT }
    /// The file or folder cannot be written (`SQLITE_READONLY`, `SQLITE_CANTOPEN`, `SQLITE_PERM`).
    public var isNotWritable: Bool { [SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM].contains(primaryCode) }

    public var description: String { "\(message) (SQLite error \(code) while \(context))" }
}

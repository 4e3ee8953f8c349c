import CSQLite
import Foundation

/// A prepared statement: bind parameters (1-based), step through rows, read columns
/// (0-based), reset to run again.
public final class SQLiteStatement {
    private let database: SQLiteDatabase
    private let statement: OpaquePointer
    private let sql: String

    init(database: SQLiteDatabase, sql: String) throws {
        var prepared: OpaquePointer?
        guard sqlite3_prepare_v2(database.handle, sql, -1, &prepared, nil) == SQLITE_OK, let prepared else {
            throw database.error("preparing \(sql.prefix(80))")
        }
        self.database = database
        self.statement = prepared
        self.sql = sql
    }

    deinit { sqlite3_finalize(statement) }

    /// Binds a real (`nil` binds NULL).
    public func bind(_ index: Int32, _ value: Double?) throws {
        try check(value.map { sqlite3_bind_double(statement, index, $0) } ?? sqlite3_bind_null(statement, index))
    }

    /// Binds an integer.
    public func bind(_ index: Int32, _ value: Int64?) throws {
        try check(value.map { sqlite3_bind_int64(statement, index, $0) } ?? sqlite3_bind_null(statement, index))
    }

    /// Binds a text (`nil` binds NULL).
    public func bind(_ index: Int32, _ value: String?) throws {
        guard let value else { return try check(sqlite3_bind_null(statement, index)) }
        try check(sqlite3_bind_text(statement, index, value, -1, SQLITE_TRANSIENT))
    }

    /// Binds a blob (`nil` binds NULL).
    public func bind(_ index: Int32, _ value: Data?) throws {
        guard let value else { return try check(sqlite3_bind_null(statement, index)) }
        try value.withUnsafeBytes { bytes in
            try check(sqlite3_bind_blob(statement, index, bytes.baseAddress, Int32(bytes.count), SQLITE_TRANSIENT))
        }
    }

    /// Advances to the next row; `false` when done.
    @discardableResult
    public func step() throws -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error("running \(sql.prefix(80))")
        }
    }

    /// Resets the statement and clears its bindings, to run it again.
    public func reset() {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    /// The number of columns in a row.
    public var columnCount: Int32 { sqlite3_column_count(statement) }

    /// The name of column `index`.
    public func columnName(_ index: Int32) -> String { String(cString: sqlite3_column_name(statement, index)) }

    /// Whether column `index` is NULL.
    public func isNull(_ index: Int32) -> Bool { sqlite3_column_type(statement, index) == SQLITE_NULL }

    /// Whether column `index` holds a number (an integer or a real), not text, a blob or NULL.
    public func isNumber(_ index: Int32) -> Bool {
        let type = sqlite3_column_type(statement, index)
        return type == SQLITE_INTEGER || type == SQLITE_FLOAT
    }

    /// Whether column `index` holds a blob.
    public func isBlob(_ index: Int32) -> Bool { sqlite3_column_type(statement, index) == SQLITE_BLOB }

    /// Column `index` as a real.
    public func double(_ index: Int32) -> Double { sqlite3_column_double(statement, index) }

    /// Column `index` as an integer.
    public func int(_ index: Int32) -> Int64 { sqlite3_column_int64(statement, index) }

    /// Column `index` as a text, or `nil` when NULL.
    public func text(_ index: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, index) else { return nil }
        return String(cString: bytes)
    }

    /// Column `index` as a blob, or `nil` when NULL.
    public func data(_ index: Int32) -> Data? {
        guard !isNull(index) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, index))
        guard count > 0, let bytes = sqlite3_column_blob(statement, index) else { return Data() }
        return Data(bytes: bytes, count: count)
    }

    private func check(_ rc: Int32) throws {
        if rc != SQLITE_OK { throw database.error("binding a parameter of \(sql.prefix(80))") }
    }
}

/// SQLite's "copy the value now" destructor constant, which the C macro hides from Swift.
let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

import Foundation

/// Why an archive file could not be created, read or written. Every case names the file
/// and reads as one line.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    /// No file at the path.
    case missing(path: String)
    /// The file is not SQLite, or not a Tessera archive.
    case notAnArchive(path: String, reason: String)
    /// The file is truncated or damaged.
    case corrupt(path: String, detail: String)
    /// A newer Tessera wrote the file.
    case newerFormat(path: String, found: Int, supported: Int)
    /// The output exists and `--overwrite` was not given.
    case exists(path: String)
    /// The file or its folder cannot be written.
    case notWritable(path: String, detail: String)
    /// The disk (or SQLite's page limit) is full; the previous checkpoint is intact.
    case full(path: String, detail: String)
    /// A request contradicts what the file holds (for example resume flags).
    case mismatch(path: String, detail: String)
    /// Another process (a run or a resume) is writing the file.
    case busy(path: String)
    /// Any other SQLite failure.
    case database(path: String, error: SQLiteError)

    public var description: String {
        // One line, whatever SQLite's messages hold.
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; ")
    }

    private var text: String {
        switch self {
        case .missing(let path): return "\(path): no such file"
        case .notAnArchive(let path, let reason): return "\(path): not a Tessera archive file (\(reason))"
        case .corrupt(let path, let detail): return "\(path): the file is damaged (\(detail))"
        case .newerFormat(let path, let found, let supported):
            return "\(path): written in archive format \(found) by a newer Tessera; this build reads formats up to \(supported)"
        case .exists(let path): return "\(path) already exists; pass --overwrite to replace it, or choose another --output"
        case .notWritable(let path, let detail): return "\(path): cannot write (\(detail))"
        case .full(let path, let detail): return "\(path): disk full while writing a checkpoint (\(detail)); the previous checkpoint is intact"
        case .mismatch(let path, let detail): return "\(path): \(detail)"
        case .busy(let path):
            return "\(path) is being written by another Tessera process (a run or a resume); wait for it to end or stop it"
        case .database(let path, let error): return "\(path): \(error)"
        }
    }

    /// Maps a SQLite error on `path` to the most telling case.
    static func from(_ error: Error, path: String) -> StoreError {
        if let store = error as? StoreError { return store }
        guard let sqlite = error as? SQLiteError else {
            return .database(path: path, error: SQLiteError(code: 1, message: String(describing: error), context: "reading"))
        }
        if sqlite.isNotADatabase { return .notAnArchive(path: path, reason: "not an SQLite database") }
        if sqlite.isCorrupt { return .corrupt(path: path, detail: sqlite.message) }
        if sqlite.isFull { return .full(path: path, detail: sqlite.message) }
        if sqlite.isNotWritable { return .notWritable(path: path, detail: sqlite.message) }
        return .database(path: path, error: sqlite)
    }
}

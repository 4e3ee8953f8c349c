import Foundation
import Synchronization

/// A log file the stderr of worker processes goes to, one line per line, each prefixed
/// with its worker ("[worker 2, pid 4411] …"). Lines are appended; the file is created
/// when missing and never truncated, so a resumed run adds to its log.
public final class WorkerLog: Sendable {
    /// The log file.
    public let url: URL
    private let handle: Mutex<FileHandle?>

    /// Opens `url` for appending, creating it when missing.
    ///
    /// - Throws: ``RemoteEvaluatorError`` when the file cannot be created or opened.
    public init(url: URL) throws(RemoteEvaluatorError) {
        self.url = url
        let manager = FileManager.default
        if !manager.fileExists(atPath: url.path) && !manager.createFile(atPath: url.path, contents: nil) {
            throw RemoteEvaluatorError("cannot create the worker log \(url.path)")
        }
        guard let handle = FileHandle(forWritingAtPath: url.path) else {
            throw RemoteEvaluatorError("cannot open the worker log \(url.path) for writing")
        }
        handle.seekToEndOfFile()
        self.handle = Mutex(handle)
    }

    /// Appends one line with its prefix.
    func write(_ line: String, from worker: String) {
        let data = Data("[\(worker)] \(line)\n".utf8)
        handle.withLock { handle in try? handle?.write(contentsOf: data) }
    }

    /// Closes the file; later lines are dropped.
    public func close() {
        handle.withLock { handle in
            try? handle?.close()
            handle = nil
        }
    }

    deinit { close() }
}

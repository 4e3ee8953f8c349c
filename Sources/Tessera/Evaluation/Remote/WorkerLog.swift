import Foundation
import Synchronization

/// A log file the stderr of worker processes goes to, one line per line, each prefixed
/// with its worker ("[worker 2] …"). Lines are appended; the file is created when missing
/// and never truncated, so a resumed run adds to its log.
///
/// A log may start without its file: it keeps the lines (the last
/// ``maximumPendingLines``) until ``open(_:)`` names the file, so a command that fails
/// while its workers start writes nothing, yet a run that starts keeps their first lines.
public final class WorkerLog: Sendable {
    private struct State {
        var handle: FileHandle?
        var url: URL?
        var pending: [Data] = []
        var closed = false
    }

    private let state = Mutex(State())
    /// The most lines kept before the file is opened.
    public static let maximumPendingLines = 1000

    /// A log that keeps its lines until ``open(_:)``.
    public init() {}

    /// A log appending to `url` from the start.
    ///
    /// - Throws: ``RemoteEvaluatorError`` when the file cannot be created or opened.
    public convenience init(url: URL) throws(RemoteEvaluatorError) {
        self.init()
        try open(url)
    }

    /// The log file, once opened.
    public var url: URL? { state.withLock { $0.url } }

    /// Opens `url` for appending (creating it when missing) and writes the lines kept so far.
    ///
    /// - Throws: ``RemoteEvaluatorError`` when the file cannot be created or opened.
    public func open(_ url: URL) throws(RemoteEvaluatorError) {
        let manager = FileManager.default
        if !manager.fileExists(atPath: url.path) && !manager.createFile(atPath: url.path, contents: nil) {
            throw RemoteEvaluatorError("cannot create the worker log \(url.path)")
        }
        guard let handle = FileHandle(forWritingAtPath: url.path) else {
            throw RemoteEvaluatorError("cannot open the worker log \(url.path) for writing")
        }
        handle.seekToEndOfFile()
        state.withLock { state in
            for line in state.pending { try? handle.write(contentsOf: line) }
            state.pending.removeAll()
            state.handle = handle
            state.url = url
        }
    }

    /// Appends one line with its prefix (or keeps it until the file is opened).
    func write(_ line: String, from worker: String) {
        let data = Data("[\(worker)] \(line)\n".utf8)
        state.withLock { state in
            if let handle = state.handle {
                try? handle.write(contentsOf: data)
            } else if !state.closed {
                state.pending.append(data)
                if state.pending.count > Self.maximumPendingLines { state.pending.removeFirst() }
            }
        }
    }

    /// Closes the file; later lines are dropped.
    public func close() {
        state.withLock { state in
            try? state.handle?.close()
            state.handle = nil
            state.pending.removeAll()
            state.closed = true
        }
    }

    deinit { close() }
}

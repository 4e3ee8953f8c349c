import Foundation

/// A failure of a command that is not a usage error: exit status 1, one line.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Checks of the files a command is about to write, done before anything is written.
enum OutputPath {
    /// Checks that `path`, given with `flag`, names a file that may be written.
    ///
    /// - Parameters:
    ///   - overwrite: Whether an existing file may be replaced.
    ///   - inputs: Files the command reads; they are never replaced, however the path is
    ///     spelled (the same file through a link or another spelling is caught too).
    ///   - createFolder: Whether a missing folder is created (only for the default
    ///     `Archives/` folder).
    /// - Throws: ``CommandFailure`` naming the flag and what is wrong.
    static func check(_ path: String, flag: String, overwrite: Bool, inputs: [String] = [], createFolder: Bool = false) throws -> URL {
        guard !path.isEmpty else { throw CommandFailure("\(flag) is empty: name a file") }
        let url = URL(fileURLWithPath: path)
        for input in inputs where sameFile(path, input) {
            throw CommandFailure("\(flag) \(path) is the input file \(input) itself; choose another file")
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue { throw CommandFailure("\(flag) \(path) is a folder; name a file (inside it, for example)") }
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
                throw CommandFailure("\(flag) \(path) is not a regular file (a device, pipe or socket); name a file")
            }
            if !overwrite { throw CommandFailure("\(path) already exists; pass --overwrite to replace it, or choose another \(flag)") }
        }
        let folder = url.deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            if !isFolder.boolValue { throw CommandFailure("\(flag) \(path): \(folder.path) is not a folder") }
        } else if createFolder {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw CommandFailure("\(flag) \(path): cannot create the folder \(folder.path)")
            }
        } else {
            throw CommandFailure("\(flag) \(path): the folder \(folder.path) does not exist")
        }
        return url
    }

    /// Whether two paths name the same existing file (same device and inode), or the same
    /// path once links and `.`/`..` are resolved.
    static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        if stat(a, &first) == 0 && stat(b, &second) == 0 {
            return first.st_dev == second.st_dev && first.st_ino == second.st_ino
        }
        let resolvedA = URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath().path
        let resolvedB = URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath().path
        return resolvedA == resolvedB
    }

    /// The report written next to an archive: the archive's path with `.html` in place of
    /// its extension, or with `.html` appended when the archive itself ends in `.html`, so
    /// the report never replaces the archive.
    static func report(for archive: String) -> URL {
        let url = URL(fileURLWithPath: archive)
        let replaced = url.deletingPathExtension().appendingPathExtension("html")
        return sameFile(replaced.path, archive) || replaced.path == url.path ? url.appendingPathExtension("html") : replaced
    }

    /// The log of an evaluator's worker processes, next to the archive: the archive's path
    /// with `.workers.log` in place of its extension.
    static func workerLog(for archive: String) -> URL {
        URL(fileURLWithPath: archive).deletingPathExtension().appendingPathExtension("workers.log")
    }
}

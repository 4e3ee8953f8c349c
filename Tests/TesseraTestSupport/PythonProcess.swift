import Foundation

/// A Python script started for a test (a stand-in worker, a service, a cluster), with its
/// first line of output: the address it listens on, or what it started.
public struct PythonProcess {
    /// The running script.
    public let process: Process
    /// Its stdin; closing it tells the fixtures that watch it to stop.
    public let input: Pipe
    /// The first line it wrote on stdout, without the newline ("" when it wrote none).
    public let firstLine: String

    /// Starts `python3 arguments…` with `environment` added to this process's, its stderr
    /// discarded, and waits for its first line on stdout.
    ///
    /// - Throws: When `python3` cannot be started.
    public init(_ arguments: [String], environment: [String: String?] = [:]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        var merged = ProcessInfo.processInfo.environment
        for (name, value) in environment { merged[name] = value }
        process.environment = merged
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        firstLine = String(decoding: line, as: UTF8.self)
    }

    /// Kills the script and waits for it.
    public func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

import Foundation

/// Runs the Debian `chromium` package headless, for rendering tests, with a hard timeout.
struct HeadlessChromium {
    /// A failed or timed-out Chromium run.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The Chromium executable.
    let executable: URL
    /// Seconds after which a run is killed.
    let timeout: Int

    /// The message given when no browser is found.
    static let missingMessage = "Chromium was not found on PATH as `chromium` or `chromium-browser`: "
        + "install the `chromium` package (apt-get install -y chromium) to run the report rendering tests."

    /// Finds `chromium` or `chromium-browser` on `PATH`.
    static func locate() -> HeadlessChromium? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in ["chromium", "chromium-browser"] {
            for directory in path.split(separator: ":") {
                let candidate = URL(filePath: String(directory)).appending(path: name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) {
                    return HeadlessChromium(executable: candidate, timeout: 60)
                }
            }
        }
        return nil
    }

    /// The DOM of `page` after Chromium has parsed and laid it out (and run its scripts),
    /// in a `width` × `height` window.
    func dumpDOM(of page: URL, width: Int = 1200, height: Int = 1600) throws -> String {
        let output = try run(["--dump-dom", "--window-size=\(width),\(height)", page.absoluteString])
        return String(decoding: output, as: UTF8.self)
    }

    /// Saves a PNG screenshot of `page` in a `width` × `height` window.
    func screenshot(of page: URL, to png: URL, width: Int, height: Int) throws {
        _ = try run(["--screenshot=\(png.path)", "--window-size=\(width),\(height)", page.absoluteString])
    }

    /// Runs Chromium headless with `arguments` and returns its standard output.
    ///
    /// The run goes through coreutils `timeout`, which kills Chromium's whole process group
    /// after ``timeout`` seconds; a watchdog here kills `timeout` itself if that fails.
    private func run(_ arguments: [String]) throws -> Data {
        let scratch = FileManager.default.temporaryDirectory.appending(path: "tessera-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stdout = scratch.appending(path: "stdout")
        let stderr = scratch.appending(path: "stderr")
        guard FileManager.default.createFile(atPath: stdout.path, contents: nil),
              FileManager.default.createFile(atPath: stderr.path, contents: nil) else {
            throw Failure(description: "cannot create output files in \(scratch.path)")
        }

        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/timeout")
        process.arguments = ["--kill-after=5", String(timeout), executable.path,
                             "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--hide-scrollbars", "--no-first-run", "--no-default-browser-check",
                             "--user-data-dir=\(scratch.appending(path: "profile").path)"] + arguments
        let out = try FileHandle(forWritingTo: stdout)
        let err = try FileHandle(forWritingTo: stderr)
        defer { try? out.close(); try? err.close() }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if finished.wait(timeout: .now() + .seconds(timeout + 15)) == .timedOut {
            process.terminate()
            _ = finished.wait(timeout: .now() + .seconds(5))
            throw Failure(description: "Chromium did not finish within \(timeout) s and was killed")
        }
        if process.terminationStatus == 124 || process.terminationStatus == 137 {
            throw Failure(description: "Chromium did not finish within \(timeout) s and was killed")
        }
        guard process.terminationStatus == 0 else {
            let log = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
            throw Failure(description: "Chromium exited with status \(process.terminationStatus): \(log.suffix(2_000))")
        }
        return try Data(contentsOf: stdout)
    }
}

import Foundation
import Testing

/// Two writers of one file, and signals at every stage of a run.
@Suite struct SignalsAndLocksTests {
    func folder(_ name: String = #function) -> URL { temporaryFolder(name) }

    /// Starts `tessera` in the background.
    func start(_ arguments: [String], in dir: URL) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = TesseraBinary.url
        process.currentDirectoryURL = dir
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        return (process, err)
    }

    /// Waits until `path` exists (at most `seconds`).
    func waitForFile(_ path: String, seconds: Double = 20) {
        let deadline = Date().addingTimeInterval(seconds)
        while !FileManager.default.fileExists(atPath: path) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    }

    static let long = ["--dims", "10", "--evaluations", "500000000", "--quiet", "--workers", "1", "--no-report"]

    @Test func aSecondWriterIsRefusedAndAKilledOneBlocksNobody() throws {
        let dir = folder()
        let file = dir.appendingPathComponent("run.sqlite").path
        let (first, _) = try start(["run", "sphere", "--output", "run.sqlite", "--checkpoint-every", "0"] + Self.long, in: dir)
        waitForFile(file)
        Thread.sleep(forTimeInterval: 0.3)
        for arguments in [["resume", "run.sqlite", "--evaluations", "900000000", "--quiet"],
                          ["run", "sphere", "--output", "run.sqlite", "--overwrite", "--quiet"]] {
            let second = try TesseraBinary.run(arguments, in: dir)
            #expect(second.status == 1, "\(arguments): \(second.stderr)")
            #expect(second.stderr.contains("another Tessera process"), "\(second.stderr)")
            #expect(second.stderr.split(separator: "\n").count == 1)
        }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        let after = try TesseraBinary.run(["resume", "run.sqlite", "--evaluations", "1080", "--quiet", "--no-report"], in: dir)
        #expect(after.status == 0, "a killed writer leaves no lock behind: \(after.stderr)")
    }

    @Test func aSecondInterruptExitsAtOnceAndTheFileStillOpens() throws {
        let dir = folder()
        let file = dir.appendingPathComponent("run.sqlite").path
        // Iterations of a million rows: the first interrupt waits for the iteration to end,
        // the second must not.
        let (process, err) = try start(["run", "sphere", "--output", "run.sqlite", "--batch-size", "1000000"] + Self.long, in: dir)
        waitForFile(file)
        Thread.sleep(forTimeInterval: 0.3)
        process.interrupt()
        Thread.sleep(forTimeInterval: 0.2)
        process.interrupt()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("second signal: exiting now"), "\(stderr)")
        let info = try TesseraBinary.run(["info", "run.sqlite"], in: dir)
        #expect(info.status == 0, "\(info.stderr)")
    }

    @Test func anInterruptStopsTheCVTSetUpPromptlyAndWritesNothing() throws {
        let dir = folder()
        let (process, err) = try start(["run", "sphere", "--algorithm", "cvt-map-elites", "--cells", "10000", "--cvt-samples", "2000000",
                                        "--output", "cvt.sqlite"] + Self.long, in: dir)
        Thread.sleep(forTimeInterval: 1.0)
        let sent = Date()
        process.interrupt()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let took = Date().timeIntervalSince(sent)
        #expect(process.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("during set-up"), "\(stderr)")
        #expect(took < 10, "k-means of 2M samples takes far longer than this when not stopped (\(took) s)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "nothing written")
    }
}

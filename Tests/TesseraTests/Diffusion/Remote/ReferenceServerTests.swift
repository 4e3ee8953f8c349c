import Foundation
import Testing
import TesseraTestSupport

/// The reference denoising server's own tests (`Examples/DiffusionServer/test_*.py`: the
/// protocol's checks, the exact mixture's maths, the heightfield measures, the terrain
/// model end to end) pass, none skipped.
@Suite(.timeLimit(.minutes(3))) struct ReferenceServerTests {
    @Test func theReferenceServersUnitTestsPass() async throws {
        try await onOwnThread { try Self.theReferenceServersUnitTestsPassBody() }
    }

    static func theReferenceServersUnitTestsPassBody() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../../Examples/DiffusionServer").standardizedFileURL
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "unittest", "-q"]
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(["PYTHONDONTWRITEBYTECODE": "1", "TESSERA_TERRAIN_THREADS": "1"]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text.suffix(3000))")
        #expect(!text.contains("skipped"), "no test may be skipped (the terrain model is installed by the test set-up): \(text.suffix(1000))")
    }
}

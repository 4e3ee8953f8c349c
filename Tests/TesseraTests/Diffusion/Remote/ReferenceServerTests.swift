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
        let (status, text) = try PythonUnitTests.run(in: folder, environment: ["TESSERA_TERRAIN_THREADS": "1"])
        #expect(status == 0, "\(text.suffix(3000))")
        #expect(!text.contains("skipped"), "no test may be skipped (the terrain model is installed by the test set-up): \(text.suffix(1000))")
    }
}

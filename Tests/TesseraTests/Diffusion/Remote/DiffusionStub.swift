import Foundation
import Tessera
import TesseraTestSupport

/// A running `Fixtures/diffusion_stub.py`: one loopback stand-in whose first path segment
/// is the mode, so ``url(_:)`` of each mode is a server of its own. ``stop()`` kills it
/// (SIGKILL: a child inherits the test runner's blocked SIGTERM); it also exits when its
/// stdin closes, should the test process die first.
struct DiffusionStub {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/diffusion_stub.py")

    let process: PythonProcess
    /// `http://127.0.0.1:PORT`.
    let base: String

    /// Starts the stub with `environment` added and waits for its `listening on` line.
    init(environment: [String: String] = [:]) throws {
        process = try PythonProcess([Self.script.path], environment: environment)
        guard process.firstLine.hasPrefix("listening on ") else {
            process.kill()
            throw RemoteDiffusionError("the stub did not start: \(process.firstLine)")
        }
        base = String(process.firstLine.dropFirst("listening on ".count))
    }

    /// The server of `mode`.
    func url(_ mode: String) -> URL { URL(string: "\(base)/\(mode)")! }

    /// The requests the stub saw under `mode`.
    func requests(_ mode: String) async throws -> Int {
        let client = try HTTPClient(connections: 1, timeout: .seconds(5))
        defer { client.invalidate() }
        guard case .answered(let data) = await client.post(url(mode).appendingPathComponent("stats"), body: Data("{}".utf8)).0,
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Int], let count = object["requests"] else {
            throw RemoteDiffusionError("no stats from the stub")
        }
        return count
    }

    func stop() { process.kill() }
}

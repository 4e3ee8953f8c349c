import Foundation

/// Runs `python3 -m unittest -q [module]` in a folder (an example's own tests) and gives its
/// exit status and combined output; bytecode is not written into the repository.
public enum PythonUnitTests {
    public static func run(in folder: URL, module: String? = nil, environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "unittest", "-q"] + (module.map { [$0] } ?? [])
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment.merging(["PYTHONDONTWRITEBYTECODE": "1"]) { $1 }) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}

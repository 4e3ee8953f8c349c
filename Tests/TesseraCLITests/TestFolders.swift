import Foundation
import Testing

/// A fresh folder for one test, under the temporary directory.
func temporaryFolder(_ name: String = #function) -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cli-tests")
        .appendingPathComponent("\(name.filter { $0.isLetter })-\(UUID().uuidString.prefix(8))")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The JSON object on the last line of a command's standard output.
func lastJSONObject(_ result: TesseraBinary.Result) throws -> [String: Any] {
    let last = try #require(result.stdout.split(separator: "\n").last, "\(result.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
}

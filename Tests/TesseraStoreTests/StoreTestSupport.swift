import Foundation
import Testing
@testable import TesseraStore

/// A fresh temporary folder per test, removed afterwards by the OS's tmp cleaning.
func temporaryFolder(_ name: String = #function) -> URL {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("tessera-store-tests")
        .appendingPathComponent("\(name.filter { $0.isLetter || $0.isNumber })-\(UUID().uuidString.prefix(8))")
    try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// The bytes of a file, to prove a failed operation left it untouched.
func bytes(_ url: URL) -> Data { (try? Data(contentsOf: url)) ?? Data() }

/// The files in a folder, sorted.
func listing(_ folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
}

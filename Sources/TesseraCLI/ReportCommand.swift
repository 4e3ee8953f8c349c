import ArgumentParser
import Foundation
import TesseraStore

/// `tessera report PATH`: a self-contained HTML report of a saved run.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Write a saved run's HTML report.")

    @Argument(help: "The archive file (opened read-only).")
    var path: String

    @Option(help: "Output file. Default: the archive's path with .html.")
    var out: String?

    func run() throws {
        let file = try ArchiveFile.open(URL(fileURLWithPath: path), mode: .readOnly)
        let url = out.map { URL(fileURLWithPath: $0) } ?? URL(fileURLWithPath: path).deletingPathExtension().appendingPathExtension("html")
        do {
            try ReportWriter.write(from: file, to: url)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.notWritable(path: url.path, detail: error.localizedDescription)
        }
        print(url.path)
    }
}

import ArgumentParser
import Foundation
import TesseraStore

/// `tessera report PATH`: a self-contained HTML report of a saved run.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Write a saved run's HTML report.")

    @Argument(help: "The archive file (opened read-only).")
    var path: String

    @Option(help: "Output file (its folder must exist; never the archive itself). Default: the archive's path with .html.")
    var out: String?

    @Flag(help: "Replace an existing output file.")
    var overwrite = false

    func run() throws {
        let url = try OutputPath.check(out ?? OutputPath.report(for: path).path, flag: "--out",
                                       overwrite: overwrite, inputs: [path])
        let file = try ArchiveFile.open(URL(fileURLWithPath: path), mode: .readOnly)
        do {
            try ReportWriter.write(from: file, to: url)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.notWritable(path: url.path, detail: "the file or its folder is not writable")
        }
        print(url.path)
    }
}

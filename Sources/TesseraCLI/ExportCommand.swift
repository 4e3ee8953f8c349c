import ArgumentParser
import Foundation
import TesseraStore

extension ArchiveExport.Format: ExpressibleByArgument {}

/// `tessera export PATH --format csv|jsonl`: one row per elite, in cell order.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export a saved archive's elites as CSV or JSON Lines.")

    @Argument(help: "The archive file (opened read-only).")
    var path: String

    @Option(help: "csv or jsonl.")
    var format: ArchiveExport.Format

    @Option(help: "Output file. Default: standard output.")
    var out: String?

    func run() throws {
        let file = try ArchiveFile.open(URL(fileURLWithPath: path), mode: .readOnly)
        let text = try ArchiveExport.export(file, format: format)
        if let out {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                throw StoreError.notWritable(path: out, detail: error.localizedDescription)
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

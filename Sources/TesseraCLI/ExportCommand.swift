import ArgumentParser
import Foundation
import TesseraStore

extension ArchiveExport.Format: ExpressibleByArgument {}

/// `--archive main|result`.
enum ArchiveChoice: String, ExpressibleByArgument, CaseIterable {
    case main, result

    var stored: StoredArchive { self == .main ? .main : .result }
}

/// `tessera export PATH --format csv|jsonl`: one row per elite, in cell order.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a saved archive's elites as CSV or JSON Lines.",
        discussion: """
            Columns: index, objective, descriptor_0.., then the genome, then metadata_<key>. A genome of at most \
            \(Format.count(ArchiveExport.maximumGenomeColumns)) numbers (tensors flattened in row-major order) gets one \
            genome_<i> column per number; a larger one gets one genome column holding a JSON array of all its numbers \
            (a quoted field in CSV). Tensor shapes are shown by `tessera info`.
            """)

    @Argument(help: "The archive file (opened read-only).")
    var path: String

    @Option(help: "csv or jsonl.")
    var format: ArchiveExport.Format

    @Option(help: "Output file (its folder must exist; never the archive itself). Default: standard output.")
    var out: String?

    @Flag(help: "Replace an existing --out file.")
    var overwrite = false

    @Option(help: "main or result: which archive of a run with a result archive. Default: the result archive when there is one.")
    var archive: ArchiveChoice?

    func run() throws {
        let target = try out.map { try OutputPath.check($0, flag: "--out", overwrite: overwrite, inputs: [path]) }
        let file = try ArchiveFile.open(URL(fileURLWithPath: path), mode: .readOnly)
        let text = try ArchiveExport.export(file, format: format, archive: archive?.stored)
        if let target {
            do {
                try Data(text.utf8).write(to: target, options: .atomic)
            } catch {
                throw StoreError.notWritable(path: target.path, detail: "the file or its folder is not writable")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

import Foundation
import TesseraStore

/// Writes the HTML report of an archive file.
enum ReportWriter {
    static func write(from file: ArchiveFile, to url: URL) throws {
        let report: ArchiveReport
        do {
            report = try ArchiveReport(try file.reportInput())
        } catch let error as ReportError {
            // The layout came from the file, so one that cannot be drawn means a damaged file.
            throw StoreError.corrupt(path: file.path, detail: error.detail)
        }
        try report.write(to: url)
    }
}

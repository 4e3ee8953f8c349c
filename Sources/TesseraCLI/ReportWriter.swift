import Foundation
import TesseraStore

/// Writes the HTML report of an archive file.
enum ReportWriter {
    static func write(from file: ArchiveFile, to url: URL) throws {
        try ArchiveReport(try file.reportInput()).write(to: url)
    }
}

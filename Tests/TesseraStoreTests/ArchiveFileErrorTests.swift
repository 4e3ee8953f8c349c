import Foundation
import Testing
import Tessera
import TesseraTasks
@testable import TesseraStore

@Suite struct ArchiveFileErrorTests {
    /// A small finished run to damage.
    func sample(in folder: URL) async throws -> URL {
        let url = folder.appendingPathComponent("sample.sqlite")
        let saved = try SavedRun.start(RunConfiguration(task: .arm, dimension: 4, batchSize: 100, grid: [10, 10], evaluations: 1_000),
                                       at: url, overwrite: false)
        _ = try await saved.run(totalEvaluations: 1_000, evaluator: ParallelEvaluator(workers: 1), policy: .endOnly,
                                shouldStop: { false }, progress: { _, _ in })
        try saved.finish()
        return url
    }

    /// Opening `url` must fail with an error matching `expected`, leaving the folder and
    /// the file's bytes as they were.
    func expectRefusal(_ url: URL, mode: ArchiveFile.Mode = .readOnly, _ expected: (StoreError) -> Bool, _ what: String) {
        let folder = url.deletingLastPathComponent()
        let before = bytes(url), files = listing(folder)
        do {
            _ = try ArchiveFile.open(url, mode: mode)
            Issue.record("\(what): opened")
        } catch let error as StoreError {
            #expect(expected(error), "\(what): \(error)")
            #expect(!error.description.contains("\n"), "\(what): one line")
        } catch {
            Issue.record("\(what): unexpected \(error)")
        }
        #expect(bytes(url) == before, "\(what): bytes unchanged")
        #expect(listing(folder) == files, "\(what): nothing created")
    }

    @Test func aMissingFileIsNeverCreated() {
        let folder = temporaryFolder()
        let url = folder.appendingPathComponent("absent.sqlite")
        for mode in [ArchiveFile.Mode.readOnly, .readWrite] {
            expectRefusal(url, mode: mode, { if case .missing = $0 { true } else { false } }, "missing")
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    @Test func aFileThatIsNotSQLiteIsRefused() throws {
        let url = temporaryFolder().appendingPathComponent("notes.sqlite")
        try Data(String(repeating: "not a database\n", count: 300).utf8).write(to: url)
        for mode in [ArchiveFile.Mode.readOnly, .readWrite] {
            expectRefusal(url, mode: mode, { if case .notAnArchive = $0 { true } else { false } }, "text file")
        }
    }

    @Test func anotherApplicationsDatabaseIsRefused() throws {
        let url = temporaryFolder().appendingPathComponent("other.sqlite")
        let db = try SQLiteDatabase(path: url.path, mode: .create)
        try db.execute("CREATE TABLE t (x); INSERT INTO t VALUES (1)")
        expectRefusal(url, { if case .notAnArchive = $0 { true } else { false } }, "foreign database")
    }

    @Test func aTruncatedFileIsRefused() async throws {
        let url = try await sample(in: temporaryFolder())
        let data = bytes(url)
        try data.prefix(data.count / 2).write(to: url)
        expectRefusal(url, { if case .corrupt = $0 { true } else if case .notAnArchive = $0 { true } else { false } }, "truncated")
        try data.prefix(50).write(to: url)
        expectRefusal(url, { if case .notAnArchive = $0 { true } else if case .corrupt = $0 { true } else { false } }, "header only")
    }

    @Test func aCorruptedFileIsRefused() async throws {
        let url = try await sample(in: temporaryFolder())
        var data = bytes(url)
        // Overwrite the middle pages (b-tree pages of the elites table) with garbage.
        let pageSize = 4096
        for page in 3..<min(8, data.count / pageSize) {
            for i in stride(from: page * pageSize, to: page * pageSize + 200, by: 1) { data[i] = UInt8(truncatingIfNeeded: i * 31) }
        }
        try data.write(to: url)
        expectRefusal(url, { if case .corrupt = $0 { true } else { false } }, "corrupted")
    }

    @Test func aNewerFormatIsRefused() async throws {
        let url = try await sample(in: temporaryFolder())
        try SQLiteDatabase(path: url.path, mode: .readWrite).execute("PRAGMA user_version = 99")
        expectRefusal(url, mode: .readWrite, {
            if case .newerFormat(_, let found, let supported) = $0 { found == 99 && supported == FileFormat.version } else { false }
        }, "newer format")
    }

    @Test func aFolderIsRefused() throws {
        // A folder inside the test's own folder, so the listing checked is this test's alone.
        let folder = temporaryFolder().appendingPathComponent("archive.sqlite")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        expectRefusal(folder, { if case .notAnArchive = $0 { true } else { false } }, "folder")
    }
}

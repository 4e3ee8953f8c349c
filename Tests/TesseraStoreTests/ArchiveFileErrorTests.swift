import Foundation
import Testing
import Tessera
import TesseraTasks
@testable import TesseraStore

@Suite struct ArchiveFileErrorTests {
    /// A small finished run to damage.
    func sample(in folder: URL) async throws -> URL {
        let url = folder.appendingPathComponent("sample.sqlite")
        let saved = try SavedRun.start(RunConfiguration(task: .arm, dimension: 4, batchSize: 100, evaluations: 1_000,
                                                                        options: [.grid: .shape([10, 10])]),
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

    /// Runs the sqlite3 shell on `url` and returns what it prints.
    func sqlite3(_ url: URL, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [url.path, sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "sqlite3 failed on \(sql)")
        return String(decoding: printed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A sample run whose saved emitter state was edited by hand: resuming it must fail with
    /// one line naming the file and the refused value, and leave the file as it was.
    @Test func anEmitterStateEditedByHandIsRefusedOnResume() throws {
        let sample = SampleArchiveTests.samples.appendingPathComponent("arm-map-elites.sqlite")
        let edits = [(#""sigma":0.1"#, #""sigma":-0.5"#, "GaussianMutation: sigma must be finite and non-negative (got -0.5)"),
                     (#""sigma":0.1"#, #""sigma":"nan""#, "GaussianMutation: sigma must be finite and non-negative (got nan)"),
                     (#""batchSize":540"#, #""batchSize":0"#, "VectorEmitter: batchSize must be at least 1 (got 0)"),
                     (#""initialGenome":[0,0,0,0,0,0,0,0,0,0,0,0]"#, #""initialGenome":[]"#, "VectorEmitter: initialGenome must not be empty")]
        for (target, replacement, message) in edits {
            let url = temporaryFolder().appendingPathComponent("arm.sqlite")
            try FileManager.default.copyItem(at: sample, to: url)
            // The state is JSON whose `emitters` array holds each emitter's JSON in base64.
            let saved = try sqlite3(url, "SELECT json_extract(CAST(data AS TEXT), '$.emitters[0]') FROM state WHERE name = 'scheduler'")
            let emitter = String(decoding: try #require(Data(base64Encoded: saved)), as: UTF8.self)
            try #require(emitter.contains(target), "\(emitter)")
            let edited = Data(emitter.replacingOccurrences(of: target, with: replacement).utf8).base64EncodedString()
            _ = try sqlite3(url, "UPDATE state SET data = CAST(json_set(CAST(data AS TEXT), '$.emitters[0]', '\(edited)') AS BLOB) "
                                 + "WHERE name = 'scheduler'")
            let before = bytes(url)
            do {
                _ = try SavedRun.resume(url)
                Issue.record("\(replacement): resumed")
            } catch let error as StoreError {
                let text = error.description
                #expect(text.hasPrefix(url.path) && text.contains("the file is damaged") && text.contains(message), "\(text)")
                #expect(!text.contains("\n"), "one line: \(text)")
            } catch {
                Issue.record("\(replacement): \(error)")
            }
            #expect(bytes(url) == before, "\(replacement): bytes unchanged")
        }
    }
}

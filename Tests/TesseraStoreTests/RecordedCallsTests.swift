import Foundation
import Testing
import Tessera
import TesseraTestSupport
@testable import TesseraStore

/// The `recorded_calls` table: calls to an outside service kept in the archive file.
@Suite struct RecordedCallsTests {
    func call(_ key: String, _ answer: String) -> RecordedCall {
        RecordedCall(key: key, body: Data("{\"prompt\":\"\(key)\",\"answer\":\"\(answer)\"}".utf8))
    }

    /// A new file of text genomes, open for writing, with the scheduler it was made for.
    func newFile(_ name: String = #function) throws -> (URL, ArchiveFile, Scheduler<GridArchive<String>>) {
        let url = temporaryFolder(name).appendingPathComponent("calls.sqlite")
        let scheduler = try LibraryAPITests().makeScheduler()
        return (url, try ArchiveFile.create(for: scheduler, at: url), scheduler)
    }

    @Test func callsRoundTripInTheOrderFirstRecorded() throws {
        let (_, file, _) = try newFile()
        #expect(try file.recordedCalls() == [] && file.recordedCallCount() == 0)
        let calls = [call("z", "1"), call("a", "2"), RecordedCall(key: "empty", body: Data()),
                     RecordedCall(key: "bytes", body: Data([0, 255, 10, 0]))]
        try file.recordCalls(calls)
        try file.recordCalls([call("m", "3")])
        #expect(try file.recordedCalls() == calls + [call("m", "3")])
        #expect(try file.recordedCallCount() == 5)
    }

    @Test func aKeyAlreadyRecordedIsSkippedAndTheFirstWins() throws {
        let (_, file, _) = try newFile()
        try file.recordCalls([call("a", "first"), call("b", "1"), call("a", "same batch")])
        try file.recordCalls([call("c", "2"), call("b", "later"), call("d", "3")])
        #expect(try file.recordedCalls() == [call("a", "first"), call("b", "1"), call("c", "2"), call("d", "3")])
        #expect(try file.recordedCallCount() == 4)
        try file.recordCalls([])
        #expect(try file.recordedCallCount() == 4)
    }

    @Test func callsSurviveCheckpointsFinishAndReopening() async throws {
        let url: URL
        do { url = try newFile().0 }
        do {
            // Reopened for writing, as a resumed run does (the file created above is released).
            let file = try ArchiveFile.open(url, mode: .readWrite)
            var scheduler = try LibraryAPITests().makeScheduler()
            try file.recordCalls([call("before", "the first checkpoint")])
            try await scheduler.run(domain: LibraryAPITests.Letters(), totalEvaluations: 64, evaluator: ParallelEvaluator(workers: 1))
            try file.writeCheckpoint(scheduler)
            // Between checkpoints the file is in WAL mode.
            try file.recordCalls([call("between", "checkpoints")])
            #expect(try ArchiveFile.open(url, mode: .readOnly).recordedCallCount() == 2, "committed at once, visible to readers")
            try await scheduler.run(domain: LibraryAPITests.Letters(), totalEvaluations: 128, evaluator: ParallelEvaluator(workers: 1))
            try file.writeCheckpoint(scheduler)
            try file.recordCalls([call("after", "the last checkpoint")])
            try file.finish()
        }
        let expected = [call("before", "the first checkpoint"), call("between", "checkpoints"), call("after", "the last checkpoint")]
        #expect(try ArchiveFile.open(url, mode: .readOnly).recordedCalls() == expected)
        // finish() folded the log: the .sqlite file alone holds every call.
        let copy = temporaryFolder().appendingPathComponent("copy.sqlite")
        try FileManager.default.copyItem(at: url, to: copy)
        #expect(!FileManager.default.fileExists(atPath: url.path + "-wal"))
        let reopened = try ArchiveFile.open(copy, mode: .readOnly)
        #expect(try reopened.recordedCalls() == expected)
        var restored = try LibraryAPITests().makeScheduler()
        #expect(try reopened.restore(into: &restored), "the table does not disturb restoring")
        #expect(restored.evaluations == 128)
    }

    @Test func aFileWithoutCallsOpenedReadOnlyHasNone() throws {
        let sample = SampleArchiveTests.samples.appendingPathComponent("arm-map-elites.sqlite")
        let before = bytes(sample)
        let old = try ArchiveFile.open(sample, mode: .readOnly)
        #expect(try old.recordedCalls() == [])
        #expect(try old.recordedCallCount() == 0)
        #expect(bytes(sample) == before)

        let (url, file, _) = try newFile()
        try file.finish()
        let fresh = try ArchiveFile.open(url, mode: .readOnly)
        #expect(try fresh.recordedCalls() == [] && fresh.recordedCallCount() == 0)
    }

    @Test func aReadOnlyFileRefusesToRecord() throws {
        let (url, file, _) = try newFile()
        try file.recordCalls([call("a", "1")])
        let before = bytes(url)
        for reader in [try ArchiveFile.open(url, mode: .readOnly),
                       try ArchiveFile.open(SampleArchiveTests.samples.appendingPathComponent("arm-map-elites.sqlite"), mode: .readOnly)] {
            #expect {
                try reader.recordCalls([call("b", "2")])
            } throws: { error in
                guard case .notWritable = error as? StoreError else { return false }
                return "\(error)".contains("read-only")
            }
        }
        #expect(bytes(url) == before)
        #expect(try file.recordedCalls() == [call("a", "1")])
    }

    @Test func aKeyWithANulCharacterIsRefused() throws {
        let (_, file, _) = try newFile()
        #expect(throws: StoreError.self) { try file.recordCalls([call("ok", "1"), RecordedCall(key: "a\u{0}b", body: Data())]) }
        #expect(try file.recordedCallCount() == 0, "nothing of the batch is written")
    }

    @Test func aDamagedRowIsReportedByPosition() throws {
        let (url, file, _) = try newFile()
        try file.recordCalls([call("a", "1"), call("b", "2"), call("c", "3")])
        for (damage, expected) in [("UPDATE recorded_calls SET key = x'00ff' WHERE position = 2", "position 2 has a key of type blob"),
                                   ("UPDATE recorded_calls SET key = 'b' WHERE position = 2; "
                                    + "UPDATE recorded_calls SET body = 3.5 WHERE position = 3", "position 3 has a body of type real")] {
            try SQLiteDatabase(path: url.path, mode: .readWrite).execute(damage)
            for reader in [file, try ArchiveFile.open(url, mode: .readOnly)] {
                #expect {
                    _ = try reader.recordedCalls()
                } throws: { error in
                    guard case .corrupt = error as? StoreError else { return false }
                    let text = "\(error)"
                    return text.contains(expected) && !text.contains("\n")
                }
            }
        }
        #expect(try file.recordedCallCount() == 3)
    }

    @Test func aTableOfOtherColumnsIsReportedAsDamaged() throws {
        let (url, file, _) = try newFile()
        try SQLiteDatabase(path: url.path, mode: .readWrite).execute("CREATE TABLE recorded_calls (key TEXT, answer TEXT)")
        #expect(throws: StoreError.self) { try file.recordedCalls() }
        #expect(throws: StoreError.self) { try file.recordedCallCount() }
    }
}

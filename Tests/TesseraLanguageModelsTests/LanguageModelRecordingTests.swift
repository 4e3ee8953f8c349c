import Foundation
import Testing
@testable import TesseraLanguageModels

/// The recording a run writes to its file: new exchanges handed out once, in order; those
/// read back from a file count as saved; a failed write puts them back in line; failures are
/// never kept; the first answer to a request wins.
@Suite struct LanguageModelRecordingTests {
    static func exchange(_ prompt: String, _ text: String = "yes", failure: String? = nil) -> LanguageModelExchange {
        LanguageModelExchange(request: LanguageModelRequest(prompt: .text(prompt), maxTokens: 1),
                              answer: failure == nil ? LanguageModelAnswer(choices: [.init(text: text)]) : nil,
                              failure: failure, server: "http://127.0.0.1:1/v1", seconds: 0.1, retries: 0)
    }

    @Test func newExchangesAreHandedOutOnceAndAFailedWritePutsThemBack() {
        let recording = LanguageModelRecording()
        recording.record(Self.exchange("a"), model: nil)
        recording.record(Self.exchange("b"), model: nil)
        recording.record(Self.exchange("a", "no"), model: nil)
        recording.record(Self.exchange("c", failure: "HTTP 500"), model: nil)
        #expect(recording.count == 2 && recording.exchange(for: Self.exchange("a").request, model: nil)?.answer?.choices.first?.text == "yes")
        let first = recording.takeUnsaved()
        #expect(first.map(\.exchange.request) == [Self.exchange("a").request, Self.exchange("b").request])
        #expect(first.map(\.key) == first.map { LanguageModelRecording.key($0.exchange.request, model: nil) })
        #expect(recording.takeUnsaved().isEmpty)
        recording.record(Self.exchange("d"), model: nil)
        #expect(recording.takeUnsaved().count == 1)
        recording.markUnsaved(1)  // the write of "d" failed
        #expect(recording.takeUnsaved().map(\.exchange.request) == [Self.exchange("d").request])
        // Read back from a file: all saved already; the model is part of the key.
        let reloaded = LanguageModelRecording(recording.exchanges, model: "m")
        #expect(reloaded.count == 3 && reloaded.takeUnsaved().isEmpty)
        #expect(reloaded.exchange(for: Self.exchange("a").request, model: "m") != nil)
        #expect(reloaded.exchange(for: Self.exchange("a").request, model: nil) == nil)
    }
}

import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

/// State parts keep their numbers exactly, little-endian, and refuse bytes of the wrong size.
@Suite struct StatePartTests {
    @Test func binaryPartsRoundTripLittleEndian() throws {
        let doubles = StatePart.doubles([1, -0.0, .infinity, .nan, 1e-300])
        #expect(Array(StatePart.doubles([1]).bytes) == [0, 0, 0, 0, 0, 0, 0xF0, 0x3F], "1.0 little-endian")
        #expect(Array(StatePart.floats([1]).bytes) == [0, 0, 0x80, 0x3F])
        let back = try StatePart(kind: .doubles, width: nil, bytes: doubles.bytes)
        #expect(back.bytes == doubles.bytes, "bit for bit, NaN included")
        let floats = StatePart.floats([0.5, -3, .greatestFiniteMagnitude])
        #expect(try StatePart(kind: .floats, width: nil, bytes: floats.bytes) == floats)
        let rows = StatePart.rows(width: 3, values: [1, 2, 3, 4, 5, 6])
        #expect(try StatePart(kind: .rows, width: 3, bytes: rows.bytes) == rows)
        #expect(try StatePart(kind: .json, width: nil, bytes: Data("{}".utf8)) == .json(Data("{}".utf8)))
        #expect(rows.byteCount == rows.bytes.count && floats.byteCount == 12)
    }

    @Test func badBytesAreRefusedWithOneLine() {
        for (kind, width, count, message) in [(StatePart.Kind.doubles, nil, 7, "a doubles part of 7 bytes, not a multiple of 8"),
                                              (.floats, nil, 6, "a floats part of 6 bytes, not a multiple of 4"),
                                              (.rows, 3, 16, "a rows part of width 3 holds 2 numbers, not whole rows"),
                                              (.rows, 0, 16, "a rows part has width 0"),
                                              (.rows, nil, 16, "a rows part has width none")] as [(StatePart.Kind, Int?, Int, String)] {
            #expect(throws: StatePartError.self) { try StatePart(kind: kind, width: width, bytes: Data(count: count)) }
            do {
                _ = try StatePart(kind: kind, width: width, bytes: Data(count: count))
            } catch {
                #expect(error.message == message)
            }
        }
    }

    @Test func componentStatesAreCodableAndTheirHelpersNameWhatIsWrong() throws {
        var state = ComponentState(identifier: "tests.thing", version: 3)
        try state.set("counters", json: ["steps": 4])
        state.set("mean", .doubles([1, 2]))
        state.set("trail", .rows(width: 2, values: [1, 2, 3, 4]))
        let decoded = try JSONDecoder().decode(ComponentState.self, from: JSONEncoder().encode(state))
        #expect(decoded == state)
        #expect(try decoded.decode([String: Int].self, key: "counters") == ["steps": 4])
        #expect(try decoded.doubles("mean", count: 2) == [1, 2])
        #expect(try decoded.rows("trail", width: 2) == [1, 2, 3, 4])
        #expect(throws: RestoreError(message: "the saved state of tests.thing has no part 'weights'")) { try decoded.floats("weights") }
        #expect(throws: RestoreError(message: "the saved part 'mean' of tests.thing is doubles, expected floats")) { try decoded.floats("mean") }
        #expect(throws: RestoreError(message: "the saved part 'mean' of tests.thing holds 2 numbers, expected 3")) {
            try decoded.doubles("mean", count: 3)
        }
        #expect(throws: RestoreError(message: "the saved part 'trail' of tests.thing has rows of width 2, expected 4")) {
            try decoded.rows("trail", width: 4)
        }
        #expect(throws: RestoreError.self) { try decoded.decode(Int.self, key: "mean") }
        // A JSON part whose payload is not whole numbers is refused as it is decoded.
        let bad = #"{"identifier":"x","version":1,"parts":{"m":{"kind":"doubles","data":"AAAA"}}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ComponentState.self, from: Data(bad.utf8)) }
    }

    @Test func aVersionOneSchedulerStateDecodesToWholeEmitterComponents() throws {
        let emitter = Data(#"{"batchSize":2}"#.utf8)
        let v1 = #"{"seed":3,"iteration":1,"evaluations":2,"failures":{"count":0,"examples":[]},"#
            + #""emitters":["\#(emitter.base64EncodedString())"],"emitterTypes":["MyEmitter"]}"#
        let failures = try JSONEncoder().encode(FailureLog())
        let text = v1.replacingOccurrences(of: #"{"count":0,"examples":[]}"#, with: String(decoding: failures, as: UTF8.self))
        let state = try JSONDecoder().decode(SchedulerState.self, from: Data(text.utf8))
        #expect(state.components == [ComponentState(identifier: "MyEmitter", version: 1, parts: ["emitter": .json(emitter)])])
        let again = try JSONDecoder().decode(SchedulerState.self, from: JSONEncoder().encode(state))
        #expect(again == state, "version 2 round-trips")
    }
}

/// Built-in emitters save their mutable state only, under their stable names.
@Suite struct BuiltInEmitterStateTests {
    @Test func selectingEmittersSaveOnlyTheirSelection() throws {
        var vector = try VectorEmitter(selection: CuriositySelection(), variation: MutationVariation(GaussianMutation(sigma: 0.3)),
                                       initialGenome: [0, 0, 0], batchSize: 8)
        let state = try vector.saveState()
        #expect(state.identifier == "tessera.vector-emitter" && Set(state.parts.keys) == ["selection"])
        let mutation = try MutationEmitter(selection: UniformSelection(), mutation: GaussianMutation(sigma: 0.2),
                                           initialGenomes: [[0, 0]], batchSize: 4)
        let saved = try mutation.saveState()
        #expect(saved.identifier == "tessera.mutation-emitter" && Set(saved.parts.keys) == ["selection"])
        // The selection's state comes back; the configuration stays the rebuilt emitter's.
        var other = ComponentState(identifier: state.identifier, version: 1)
        try other.set("selection", json: try CuriositySelection(size: 5))
        try vector.restoreState(from: other)
        #expect(vector.selection.size == 5 && vector.batchSize == 8)
    }
}

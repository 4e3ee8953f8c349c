import Foundation
import Testing
@testable import Tessera

/// The evaluator protocol's lines: numbers cross exactly (as decimals and as base64),
/// every message reads back as written, and a bad line is one clear error.
@Suite struct WorkerMessageTests {
    /// Doubles that stress a decimal round trip.
    static let awkward: [Double] = [0, -0.0, 0.1, 1.0 / 3, -2.048, 1e-300, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
                                    123456789.123456789, -1e22, 9007199254740993, .pi, -.ulpOfOne]

    func roundTrip(_ message: WorkerMessage) throws -> WorkerMessage {
        let line = message.line
        #expect(!line.contains("\n"))
        return try WorkerMessage(line: line)
    }

    @Test func numbersRoundTripExactlyAsDecimalsAndAsBase64() throws {
        var rng = Xoshiro256(seed: 4)
        var random = (0..<200).map { _ in Double(bitPattern: rng.next()) }.filter(\.isFinite)
        random += Self.awkward
        for genome in [Array(random.prefix(20)), random] {  // 20 numbers as decimals, the rest as base64
            let message = WorkerMessage.evaluate([WorkerItem(id: 7, genome: genome, seed: WorkerMessage.largestSeed)])
            guard case .evaluate(let items) = try roundTrip(message) else { Issue.record("not an evaluate"); return }
            #expect(items[0].genome.map(\.bitPattern) == genome.map(\.bitPattern), "bit for bit, -0.0 included")
            #expect(items[0].seed == WorkerMessage.largestSeed && items[0].id == 7)
        }
        #expect(WorkerMessage.evaluate([WorkerItem(id: 0, genome: random, seed: 0)]).line.contains("base64"))
        #expect(!WorkerMessage.evaluate([WorkerItem(id: 0, genome: [1, 2], seed: 0)]).line.contains("base64"))
    }

    @Test func resultsReadBackWithTheirNonFiniteNumbersAndErrors() throws {
        let evaluation = Evaluation(objective: -.infinity, descriptor: [.nan, 0.25], observation: [1.5, -2])
        guard case .result(3, .evaluation(let read)) = try roundTrip(.result(id: 3, outcome: .evaluation(evaluation))) else {
            Issue.record("not result 3")
            return
        }
        #expect(read.objective == -.infinity && read.descriptor[0].isNaN && read.descriptor[1] == 0.25 && read.observation == [1.5, -2])
        #expect(try roundTrip(.result(id: 9, outcome: .error("the simulator diverged: \"x\"\n"))) == .result(id: 9, outcome: .error("the simulator diverged: \"x\"\n")))
        // As Python's json.dumps writes them.
        let python = #"{"type": "result", "id": 12, "objective": 0.1, "descriptor": [1e-05, 2.5], "metadata": {"steps": 3, "note": "ok"}}"#
        guard case .result(12, .evaluation(let fromPython)) = try WorkerMessage(line: python) else { Issue.record("not result 12"); return }
        #expect(fromPython.objective == 0.1 && fromPython.descriptor == [1e-05, 2.5])
        #expect(fromPython.metadata == ["steps": .number(3), "note": .text("ok")])
    }

    @Test func theHandshakeAndTheDomainReadBack() throws {
        #expect(try roundTrip(.hello(protocolVersion: 1, tessera: "0.2.0")) == .hello(protocolVersion: 1, tessera: "0.2.0"))
        #expect(try roundTrip(.shutdown) == .shutdown)
        let domain = WorkerDomain(genomeDimension: 3, genomeBounds: Box(dimension: 3, range: -5.12...5.12), descriptorNames: ["a", "b"],
                                  descriptorSpace: Box(lower: [-1, 0], upper: [1, 2]), objectiveRange: 0...100, observationDimension: 16)
        #expect(try roundTrip(.ready(protocolVersion: 1, domain: domain)) == .ready(protocolVersion: 1, domain: domain))
        let bare = #"{"type":"ready","protocol":1,"domain":{"genome":{"dimension":4},"descriptors":{"lower":[0,0],"upper":[1,1]}}}"#
        guard case .ready(1, let read) = try WorkerMessage(line: bare) else { Issue.record("not ready"); return }
        #expect(read.descriptorNames == ["descriptor_0", "descriptor_1"] && read.genomeBounds == nil && read.objectiveRange == nil)
    }

    @Test(arguments: [
        ("garbage", "not a protocol message"),
        ("{}", "not a protocol message"),
        (#"[1, 2]"#, "not a protocol message"),
        (#"{"type":"launch"}"#, "unknown message type 'launch'"),
        (#"{"type":"result","id":1}"#, "either \"objective\" or \"error\""),
        (#"{"type":"result","id":1,"objective":2,"error":"x"}"#, "either \"objective\" or \"error\""),
        (#"{"type":"result","id":1,"objective":true}"#, "objective"),
        (#"{"type":"result","id":1,"objective":"fast"}"#, "'fast' is not a number"),
        (#"{"type":"result","objective":1}"#, "no \"id\""),
        (#"{"type":"result","id":1,"objective":1,"descriptor":{"base64":"@@@"}}"#, "base64"),
        (#"{"type":"evaluate","items":[{"id":1,"genome":[1],"seed":9007199254740992}]}"#, "above 2^53 - 1"),
        (#"{"type":"evaluate","items":[{"id":1,"genome":[1],"seed":-1}]}"#, "seed"),
        (#"{"type":"ready","protocol":1,"domain":{"genome":{"dimension":0},"descriptors":{"lower":[0],"upper":[1]}}}"#, "genome dimension"),
        (#"{"type":"ready","protocol":1,"domain":{"genome":{"dimension":2,"lower":[0,0]},"descriptors":{"lower":[0],"upper":[1]}}}"#, "both"),
        (#"{"type":"ready","protocol":1,"domain":{"genome":{"dimension":2},"descriptors":{"lower":[1],"upper":[0]}}}"#, "below its upper"),
        (#"{"type":"ready","protocol":1,"domain":{"genome":{"dimension":2},"descriptors":{"lower":[],"upper":[]}}}"#, "1 to 64 descriptors"),
        (#"{"type":"ready","protocol":1,"domain":{"genome":{"dimension":2},"descriptors":{"names":["x"],"lower":[0,0],"upper":[1,1]}}}"#, "1 descriptor names for 2"),
    ])
    func badLinesAreOneLineErrors(line: String, expected: String) {
        do {
            let message = try WorkerMessage(line: line)
            Issue.record("read \(message) from \(line)")
        } catch {
            #expect(error.message.contains(expected), "\(line): \(error.message)")
            #expect(!error.message.contains("\n"))
        }
    }
}

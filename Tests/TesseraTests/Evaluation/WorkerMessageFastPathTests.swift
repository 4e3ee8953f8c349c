import Foundation
import Testing
@testable import Tessera

/// The scanner that reads `result` lines gives exactly what `JSONDecoder` gives, bit for
/// bit, and leaves every other line to it.
@Suite struct WorkerMessageFastPathTests {
    /// The same message, with NaN equal to NaN and every number compared by its bits.
    func same(_ a: WorkerMessage, _ b: WorkerMessage) -> Bool {
        guard case .result(let i, .evaluation(let x)) = a, case .result(let j, .evaluation(let y)) = b else { return a == b }
        func bits(_ values: [Double]) -> [UInt64] { values.map { $0.isNaN ? Double.nan.bitPattern : $0.bitPattern } }
        return i == j && bits([x.objective]) == bits([y.objective]) && bits(x.descriptor) == bits(y.descriptor)
            && x.observation.map { $0.map(\.bitPattern) } == y.observation.map { $0.map(\.bitPattern) } && x.metadata == y.metadata
    }

    @Test func randomResultsReadTheSameBothWays() throws {
        var rng = Xoshiro256(seed: 12)
        func value() -> Double {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: return [0.0, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.leastNormalMagnitude, 1e-310].randomElement(using: &rng)!
            case 1: return [Double.nan, .infinity, -.infinity].randomElement(using: &rng)!
            case 2: return Double(Int.random(in: -1000...1000, using: &rng))
            default: return Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) * (Bool.random(using: &rng) ? 1 : -1)
            }
        }
        var fast = 0
        for n in 0..<3000 {
            let descriptor = (0..<Int.random(in: 0...5, using: &rng)).map { _ in value() }
            let observation: [Float]? = n % 3 == 0 ? (0..<Int.random(in: 0...4, using: &rng)).map { _ in Float(value()) } : nil
            let message = WorkerMessage.result(id: Int.random(in: -5...1_000_000_000_000, using: &rng),
                                               outcome: .evaluation(Evaluation(objective: value(), descriptor: descriptor, observation: observation)))
            var lines = [message.line]
            // Python's json.dumps spacing, and the keys in another order.
            lines.append(message.line.replacingOccurrences(of: ",", with: ", ").replacingOccurrences(of: ":", with: ": "))
            if case .result(let id, .evaluation(let e)) = message {
                lines.append(#" { "descriptor" : \#(WireNumbers.vector(e.descriptor)) , "objective":\#(WireNumbers.text(e.objective)),"id":\#(id), "type":"result"}  "#)
            }
            for line in lines {
                let generic = try WorkerMessage(decoding: line)
                let scanned = WorkerMessage.resultFastPath(line)
                if let scanned {
                    fast += 1
                    #expect(same(scanned, generic), "\(line)")
                }
                #expect(same(try WorkerMessage(line: line), generic), "\(line)")
            }
        }
        #expect(fast > 8000, "most lines take the fast path (\(fast) of 9000)")
    }

    @Test func everyOtherLineIsLeftToJSONDecoder() throws {
        let others = [
            #"{"type":"result","id":3,"error":"ValueError: x"}"#,
            #"{"type":"result","id":3,"objective":1,"descriptor":[1,2],"metadata":{"k":"v"}}"#,
            #"{"type":"result","id":3,"objective":1,"descriptor":{"base64":"AAAAAAAA8D8="}}"#,
            #"{"type":"result","id":3,"objective":1,"objective":2,"descriptor":[1]}"#,
            #"{"type":"result","id":3.5,"objective":1,"descriptor":[1]}"#,
            #"{"type":"result","id":3,"objective":01,"descriptor":[1]}"#,
            #"{"type":"result","id":3,"objective":.5,"descriptor":[1]}"#,
            #"{"type":"result","id":3,"objective":1e999,"descriptor":[1]}"#,
            #"{"type":"result","id":3,"objective":true,"descriptor":[1]}"#,
            #"{"type":"result","id":3,"objective":"1","descriptor":[1]}"#,
            #"{"type":"res\u0075lt","id":3,"objective":1,"descriptor":[1]}"#,
            #"{"type":"result","id":3,"objective":1,"descriptor":[1,]}"#,
            #"{"type":"result","id":3,"objective":1,"descriptor":[1]} x"#,
            #"{"type":"result","id":3}"#, #"{"type":"ready","id":3,"objective":1}"#, "", "{", "[]", "not json",
        ]
        for line in others {
            #expect(WorkerMessage.resultFastPath(line) == nil, "\(line)")
            let generic = Result { () throws(WorkerProtocolError) in try WorkerMessage(decoding: line) }
            let read = Result { () throws(WorkerProtocolError) in try WorkerMessage(line: line) }
            switch (generic, read) {
            case (.success(let a), .success(let b)): #expect(same(a, b), "\(line)")
            case (.failure(let a), .failure(let b)): #expect(a == b, "\(line)")
            default: Issue.record("the two paths disagree on \(line)")
            }
        }
    }
}

import Foundation
import Testing
import Tessera
@testable import TesseraTasks

/// `Examples/PythonEvaluator/sphere.py` speaks the evaluator protocol and evaluates the
/// built-in sphere bit for bit; its bad rows fail alone, with their reason.
@Suite struct PythonSphereWorkerTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples/PythonEvaluator/sphere.py")

    /// Runs the worker on `lines` (stdin closed after them) and returns its output lines.
    func exchange(_ lines: [String], dims: Int) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path, "--dims", "\(dims)"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the worker exits cleanly after shutdown")
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func itDeclaresTheSphereAndEvaluatesItBitForBit() throws {
        let dims = 20
        var rng = Xoshiro256(seed: 3)
        let genomes = (0..<40).map { row in (0..<dims).map { _ in Double.random(in: -0.5...0.5, using: &rng) * (row < 20 ? 10 : 40) } }
        let request = WorkerMessage.evaluate(genomes.enumerated().map { WorkerItem(id: 100 + $0.offset, genome: $0.element, seed: 1) })
        let bad = #"{"type":"evaluate","items":[{"id":7,"genome":[1,2,3],"seed":0}]}"#
        let answers = try exchange([WorkerMessage.hello(protocolVersion: 1, tessera: "test").line, request.line, bad,
                                    WorkerMessage.shutdown.line], dims: dims)
        #expect(answers.count == 1 + genomes.count + 1)
        guard case .ready(1, let domain) = try WorkerMessage(line: answers[0]) else { Issue.record("no ready: \(answers.first ?? "")"); return }
        let sphere = try SphereDomain(dimension: dims)
        #expect(domain.genomeDimension == dims && domain.descriptorSpace == sphere.descriptorSpace && domain.objectiveRange == 0...100)

        var batch = EvaluationBatch(count: genomes.count, descriptorDimension: 2)
        try sphere.evaluate(VectorColumn(rows: genomes), into: &batch)
        for line in answers[1...genomes.count] {
            guard case .result(let id, .evaluation(let evaluation)) = try WorkerMessage(line: line) else { Issue.record("\(line)"); continue }
            let row = id - 100
            #expect(evaluation.objective.bitPattern == batch.objectives[row].bitPattern, "row \(row)")
            #expect(evaluation.descriptor.map(\.bitPattern) == batch.descriptor(row).map(\.bitPattern), "row \(row)")
        }
        guard case .result(7, .error(let reason)) = try WorkerMessage(line: answers.last!) else { Issue.record("\(answers.last!)"); return }
        #expect(reason.contains("3 numbers, expected 20"))
    }
}

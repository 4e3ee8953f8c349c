import ArgumentParser
import Foundation
import Tessera
import TesseraStore
import TesseraTasks

/// Times checkpoints of a run whose emitter holds a d × d matrix (``GaussianModelEmitter``):
/// the model saved as binary parts, the same model saved the way Tessera saved every
/// emitter before run-state components (the whole emitter re-encoded as JSON), and a
/// checkpoint in which the model did not change (its parts are skipped).
struct CheckpointBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Time checkpoints of a d x d emitter state (binary parts, whole-emitter JSON, unchanged); print one JSON line per variant.")

    @Option(parsing: .unconditional, help: "Genome dimension d (the model is d x d; 2 to 2000).") var dims: Int = 100
    @Option(parsing: .unconditional, help: "Checkpoints timed per variant (the median is reported; at most 10000).") var checkpoints: Int = 20
    @Option(parsing: .unconditional, help: "Iterations run between checkpoints (at most 1000).") var iterations: Int = 2
    @Option(parsing: .unconditional, help: "Seed.") var seed: UInt64 = 0

    /// Children per iteration.
    static let batchSize = 36

    func validate() throws {
        for (flag, value) in [("--checkpoints", checkpoints), ("--iterations", iterations)] where value <= 0 {
            throw ValidationError("\(flag) must be positive")
        }
        if dims < 2 { throw ValidationError("--dims must be at least 2 (the sphere's descriptors need two genes)") }
        if dims > 2000 { throw ValidationError("--dims must be at most 2000") }
        if checkpoints > 10_000 { throw ValidationError("--checkpoints must be at most 10000") }
        if iterations > 1_000 { throw ValidationError("--iterations must be at most 1000") }
        // Two emitters of three d x d matrices, a d x d estimate each, and the whole-emitter
        // JSON (about 25 characters per number) with its copies.
        let limits = MachineLimits.current
        let matrix = Double(dims) * Double(dims) * 8
        let needed = 2 * 4 * matrix + 3 * 3 * matrix / 8 * 25
        if needed > Double(limits.memoryBytes) {
            throw ValidationError("--dims \(dims) is too large: \(limits.describe(needed)) of model and JSON; "
                                  + "this machine has \(limits.describeBudget)")
        }
    }

    /// The model emitter saved the old way: the default state of an emitter, the whole
    /// emitter (configuration, mean, covariance, factor) re-encoded as JSON.
    struct WholeJSONEmitter: Emitter {
        typealias Genome = [Double]
        var model: GaussianModelEmitter

        var batchSize: Int { model.batchSize }
        var genomeLayout: Int? { model.genomeLayout }

        init(model: GaussianModelEmitter) { self.model = model }
        init(from decoder: any Decoder) throws { model = try GaussianModelEmitter(from: decoder) }
        func encode(to encoder: any Encoder) throws { try model.encode(to: encoder) }

        func generate<A: Archive>(rows: Range<Int>, into children: inout VectorColumn, parents: inout [Int32],
                                  archive: A, context: GenerationContext) where A.Genome == [Double] {
            model.generate(rows: rows, into: &children, parents: &parents, archive: archive, context: context)
        }

        mutating func tell<A: Archive>(_ feedback: EmitterFeedback<[Double]>, archive: A) where A.Genome == [Double] {
            model.tell(feedback, archive: archive)
        }
    }

    /// Medians of one variant.
    struct Timings {
        var milliseconds: [Double] = []
        var bytes: [Int] = []
        var partsWritten = 0
        var partsSkipped = 0

        mutating func record(_ start: Date, _ file: ArchiveFile) {
            milliseconds.append(Date().timeIntervalSince(start) * 1000)
            bytes.append(file.lastCheckpoint?.stateBytes ?? 0)
            partsWritten += file.lastCheckpoint?.partsWritten ?? 0
            partsSkipped += file.lastCheckpoint?.partsSkipped ?? 0
        }

        func line(_ variant: String, dims: Int, checkpoints: Int) -> String {
            let ms = milliseconds.sorted()[milliseconds.count / 2]
            let b = bytes.sorted()[bytes.count / 2]
            return #"{"variant":"\#(variant)","dims":\#(dims),"checkpoints":\#(checkpoints),"median_ms":\#((ms * 1000).rounded() / 1000),"#
                + #""median_state_bytes":\#(b),"parts_written":\#(partsWritten),"parts_skipped":\#(partsSkipped)}"#
        }
    }

    func run() async throws {
        let domain = try SphereDomain(dimension: dims)
        let archive = try GridArchive<[Double]>(shape: [50, 50], descriptorSpace: domain.descriptorSpace, genomeLayout: dims)
        let model = try GaussianModelEmitter(initialMean: [Double](repeating: 0, count: dims), sigma: 0.5, batchSize: Self.batchSize)
        var binary = try Scheduler(archive: archive, emitters: [model], seed: seed)
        var legacy = try Scheduler(archive: archive, emitters: [WholeJSONEmitter(model: model)], seed: seed)

        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tessera-bench-checkpoint-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let binaryFile = try ArchiveFile.create(for: binary, at: folder.appendingPathComponent("binary.sqlite"))
        let legacyFile = try ArchiveFile.create(for: legacy, at: folder.appendingPathComponent("json.sqlite"))
        // The first checkpoint of a session writes everything (and switches the log on): not timed.
        try binaryFile.writeCheckpoint(binary)
        try legacyFile.writeCheckpoint(legacy)

        var parts = Timings(), json = Timings(), unchanged = Timings()
        for round in 1...checkpoints {
            let total = round * iterations * Self.batchSize
            await binary.run(domain: domain, totalEvaluations: total, evaluator: .serial)
            await legacy.run(domain: domain, totalEvaluations: total, evaluator: .serial)
            var start = Date()
            try binaryFile.writeCheckpoint(binary)
            parts.record(start, binaryFile)
            start = Date()
            try legacyFile.writeCheckpoint(legacy)
            json.record(start, legacyFile)
            start = Date()
            try binaryFile.writeCheckpoint(binary)
            unchanged.record(start, binaryFile)
        }
        try binaryFile.finish()
        try legacyFile.finish()
        print(parts.line("binary-parts", dims: dims, checkpoints: checkpoints))
        print(json.line("whole-emitter-json", dims: dims, checkpoints: checkpoints))
        print(unchanged.line("unchanged", dims: dims, checkpoints: checkpoints))
    }
}

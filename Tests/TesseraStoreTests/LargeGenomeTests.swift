import Foundation
import Testing
import Tessera
import TesseraTasks
import TesseraTestSupport
@testable import TesseraStore

/// A 2-D domain over 128x128 Float32 latents: the objective is minus the mean square,
/// the descriptors the squashed means of the two halves.
struct LatentDomain: Domain {
    typealias Genome = FloatTensor
    let descriptorSpace = Box(dimension: 2, range: 0...1)
    let genomeLayout = [128, 128]

    func evaluate(_ genomes: TensorColumn, into results: inout EvaluationBatch) throws {
        for row in 0..<genomes.count {
            genomes.withRow(row) { x in
                let half = x.count / 2
                var squares = 0.0, first = 0.0, second = 0.0
                for i in 0..<x.count {
                    let v = Double(x[i])
                    squares += v * v
                    if i < half { first += v } else { second += v }
                }
                results.objectives[row] = -squares / Double(x.count)
                results.descriptors[2 * row] = 1 / (1 + Foundation.exp(-first / Double(half) * 50))
                results.descriptors[2 * row + 1] = 1 / (1 + Foundation.exp(-second / Double(half) * 50))
            }
        }
    }
}

/// Genomes too large for one column per number: a Float32 latent of 16,384 values
/// (128x128) and a real vector of 5,000 genes are saved as one BLOB each, resumed to the
/// same elites, and exported.
@Suite struct LargeGenomeTests {
    func tensorScheduler() throws -> Scheduler<GridArchive<FloatTensor>> {
        let archive = try GridArchive<FloatTensor>(shape: [4, 4], descriptorSpace: LatentDomain().descriptorSpace, genomeLayout: [128, 128])
        let emitter = try MutationEmitter(selection: UniformSelection(), mutation: TensorGaussianMutation(sigma: 0.2),
                                          initialGenomes: [FloatTensor(repeating: 0, shape: [128, 128])], batchSize: 8)
        return try Scheduler(archive: archive, emitters: [emitter], seed: 11)
    }

    func vectorScheduler() throws -> Scheduler<GridArchive<[Double]>> {
        let archive = try GridArchive<[Double]>(shape: [5, 5], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 5_000)
        let emitter = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(GaussianMutation(sigma: 0.3)),
                                        initialGenome: [Double](repeating: 0, count: 5_000), batchSize: 10)
        return try Scheduler(archive: archive, emitters: [emitter], seed: 7)
    }

    /// Runs `total` evaluations uninterrupted, and again with a checkpoint after `first`
    /// and a restore into a fresh scheduler; returns the file and both schedulers.
    func saveAndResume<A: Archive>(_ make: () throws -> Scheduler<A>, domain: some Domain<A.Genome>, first: Int, total: Int,
                                   name: String) async throws -> (ArchiveFile, Scheduler<A>, Scheduler<A>) where A.Genome: Equatable {
        let url = temporaryFolder(name).appendingPathComponent("large.sqlite")
        let evaluator = try ParallelEvaluator(workers: 2)
        var full = try make()
        await full.run(domain: domain, totalEvaluations: total, evaluator: evaluator)
        var part = try make()
        let file = try ArchiveFile.create(for: part, at: url, configuration: [("domain", name)])
        await part.run(domain: domain, totalEvaluations: first, evaluator: evaluator)
        try file.writeCheckpoint(part)
        try file.finish()
        var resumed = try make()
        #expect(try ArchiveFile.open(url, mode: .readWrite).restore(into: &resumed))
        #expect(resumed.archive.elites.map(\.genome) == part.archive.elites.map(\.genome), "restore gives the saved elites")
        await resumed.run(domain: domain, totalEvaluations: total, evaluator: evaluator)
        return (try ArchiveFile.open(url, mode: .readOnly), full, resumed)
    }

    /// The `genome` array of each JSON Lines row, each number read with `Double(_:)` (the
    /// rows are also checked to be JSON).
    func exportedGenomes(_ jsonl: String) throws -> [[Double]] {
        try jsonl.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["genome"] is [Any])
            let start = try #require(line.range(of: "\"genome\":[")).upperBound
            let end = try #require(line[start...].firstIndex(of: "]"))
            return try line[start..<end].split(separator: ",").map { try #require(Double(String($0))) }
        }
    }

    @Test func aFloat32TensorOf16384ValuesIsSavedResumedAndExported() async throws {
        let (file, full, resumed) = try await saveAndResume(tensorScheduler, domain: LatentDomain(), first: 48, total: 120,
                                                            name: #function)
        #expect(resumed.archive.elites.map(\.genome) == full.archive.elites.map(\.genome), "resume equals an uninterrupted run")
        #expect(resumed.archive.elites.map(\.objective) == full.archive.elites.map(\.objective))
        #expect(file.header.genomeKind == .tensor && file.header.genomeShape == [128, 128] && file.header.genomeDimension == 16_384)
        #expect(try file.database.scalarText("SELECT value FROM tessera_file WHERE key = 'genome_shape'") == "[128,128]")
        #expect(try file.database.scalarInt("SELECT count(*) FROM elites WHERE length(genome) != 65536") == 0)
        #expect(try file.database.scalarInt("SELECT count(*) FROM pragma_table_info('elites')") == 9)

        let saved = try file.tensorElites(inInsertionOrder: true)
        #expect(!saved.isEmpty && saved.allSatisfy { $0.genome.shape == [128, 128] })

        let csv = try ArchiveExport.export(file, format: .csv)
        #expect(csv.hasPrefix("index,objective,descriptor_0,descriptor_1,genome\n"))
        #expect(csv.split(separator: "\n").count == saved.count + 1)
        let genomes = try exportedGenomes(try ArchiveExport.export(file, format: .jsonl))
        let byCell = saved.sorted { $0.cell < $1.cell }
        #expect(genomes.count == byCell.count)
        for (exported, elite) in zip(genomes, byCell) {
            #expect(exported.count == 16_384)
            #expect(exported.map { Float($0) } == elite.genome.values, "the shortest Float text reads back exactly")
        }
        #expect(try file.reportInput().elites.first?.genomePreview.contains("128x128 tensor") == true)
    }

    @Test func aVectorOf5000GenesIsSavedResumedAndExported() async throws {
        let (file, full, resumed) = try await saveAndResume(vectorScheduler, domain: QuadraticTestDomain(dimension: 5_000),
                                                            first: 60, total: 150, name: #function)
        #expect(resumed.archive.elites.map(\.genome) == full.archive.elites.map(\.genome), "resume equals an uninterrupted run")
        #expect(try resumed.state() == full.state())
        #expect(file.header.genomeKind == .vectorBlob && file.header.genomeDimension == 5_000 && file.header.genomeShape == nil)
        #expect(try file.database.scalarInt("SELECT count(*) FROM elites WHERE length(genome) != 40000") == 0)
        let saved = try file.vectorElites()
        let genomes = try exportedGenomes(try ArchiveExport.export(file, format: .jsonl))
        #expect(genomes == saved.map(\.genome))
        #expect(try ArchiveExport.export(file, format: .csv).hasPrefix("index,objective,descriptor_0,descriptor_1,genome\n"))
    }

    @Test func smallVectorsKeepOneColumnPerGene() throws {
        for (genes, kind) in [(1_000, ArchiveHeader.GenomeKind.vector), (1_001, .vectorBlob)] {
            let archive = try GridArchive<[Double]>(shape: [2, 2], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: genes)
            #expect(ArchiveHeader(describing: archive, tesseraVersion: "test").genomeKind == kind, "\(genes) genes")
        }
    }

    /// A copy of a small tensor run's file, edited by `sql`.
    func damagedTensorFile(_ sql: String, name: String = #function) async throws -> URL {
        let url = temporaryFolder(name).appendingPathComponent("tensor.sqlite")
        var scheduler = try tensorScheduler()
        let file = try ArchiveFile.create(for: scheduler, at: url)
        try await scheduler.run(domain: LatentDomain(), totalEvaluations: 16, evaluator: ParallelEvaluator(workers: 1))
        try file.writeCheckpoint(scheduler)
        try file.finish()
        try file.database.execute(sql)
        return url
    }

    @Test func damagedBlobsAreReportedNotUsed() async throws {
        let edits = [
            ("UPDATE elites SET genome = substr(genome, 1, 100) WHERE position = 0", "65536"),
            ("UPDATE elites SET genome = CAST(X'0000C07F' || substr(genome, 5) AS BLOB) WHERE position = 0", "not finite"),
            ("UPDATE elites SET genome = 'text' WHERE position = 0", "not a BLOB"),
        ]
        for (sql, expected) in edits {
            let url = try await damagedTensorFile(sql)
            let file = try ArchiveFile.open(url, mode: .readOnly)
            #expect { try file.tensorElites() } throws: { "\($0)".contains("damaged") && "\($0)".contains(expected) }
            #expect { try ArchiveExport.export(file, format: .csv) } throws: { "\($0)".contains(expected) }
            var scheduler = try tensorScheduler()
            #expect { try ArchiveFile.open(url, mode: .readWrite).restore(into: &scheduler) } throws: { "\($0)".contains(expected) }
        }
    }

    @Test func aBadShapeOrAnUnknownKindIsRefusedOnOpening() async throws {
        let header = "UPDATE tessera_file SET value = json_set(value, %@) WHERE key = 'header'"
        let cases = [
            ("'$.genomeShape', json('[128,0]')", "shape"), ("'$.genomeShape', json('[64,128]')", "16384"),
            ("'$.genomeKind', 'hologram'", "kind 'hologram'"),
        ]
        for (edit, expected) in cases {
            let url = try await damagedTensorFile(header.replacingOccurrences(of: "%@", with: edit))
            #expect { try ArchiveFile.open(url, mode: .readOnly) } throws: { "\($0)".contains(expected) }
        }
    }

    @Test func restoringIntoAnotherShapeIsRefused() async throws {
        let url = try await damagedTensorFile("SELECT 1")
        let archive = try GridArchive<FloatTensor>(shape: [4, 4], descriptorSpace: LatentDomain().descriptorSpace, genomeLayout: [64, 256])
        let emitter = try MutationEmitter(selection: UniformSelection(), mutation: TensorGaussianMutation(sigma: 0.2),
                                          initialGenomes: [FloatTensor(repeating: 0, shape: [64, 256])], batchSize: 8)
        var other = try Scheduler(archive: archive, emitters: [emitter], seed: 11)
        #expect { try ArchiveFile.open(url, mode: .readWrite).restore(into: &other) } throws: { "\($0)".contains("shape 128x128") }
        #expect { try ArchiveFile.open(url, mode: .readWrite).writeCheckpoint(other) } throws: { "\($0)".contains("not the file's") }
    }
}

/// Committed files of the genome kinds added within format 1 (`Archives/samples/kinds/`):
/// a later change must keep reading and resuming them. `arm-vector-blob.sqlite` is
/// `tessera run arm --dims 1001 --grid 2x2 --batch-size 20 --evaluations 100 --seed 5
/// --no-report`; `latent-tensor.sqlite` is written by ``writeTensorFixture()`` when
/// `TESSERA_WRITE_FIXTURES` is set.
@Suite struct GenomeKindFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Archives/samples/kinds").standardized
    static let tensorURL = folder.appendingPathComponent("latent-tensor.sqlite")
    static let vectorURL = folder.appendingPathComponent("arm-vector-blob.sqlite")

    /// A 3x3 grid of 4x8x16 tensors over a latent-like domain.
    func tensorScheduler() throws -> Scheduler<GridArchive<FloatTensor>> {
        let archive = try GridArchive<FloatTensor>(shape: [3, 3], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: [4, 8, 16])
        let emitter = try MutationEmitter(selection: UniformSelection(), mutation: TensorGaussianMutation(sigma: 0.3),
                                          initialGenomes: [FloatTensor(repeating: 0, shape: [4, 8, 16])], batchSize: 10)
        return try Scheduler(archive: archive, emitters: [emitter], seed: 21)
    }

    struct SmallLatentDomain: Domain {
        typealias Genome = FloatTensor
        let descriptorSpace = Box(dimension: 2, range: 0...1)
        let genomeLayout = [4, 8, 16]
        func evaluate(_ genomes: TensorColumn, into results: inout EvaluationBatch) throws {
            for row in 0..<genomes.count {
                genomes.withRow(row) { x in
                    let squares = x.reduce(0.0) { $0 + Double($1) * Double($1) }
                    results.objectives[row] = -squares / Double(x.count)
                    results.descriptors[2 * row] = 1 / (1 + Foundation.exp(-Double(x[0]) * 3))
                    results.descriptors[2 * row + 1] = 1 / (1 + Foundation.exp(-Double(x[x.count - 1]) * 3))
                }
            }
        }
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["TESSERA_WRITE_FIXTURES"] != nil))
    func writeTensorFixture() async throws {
        var scheduler = try tensorScheduler()
        let file = try ArchiveFile.create(for: scheduler, at: Self.tensorURL, configuration: [("domain", "small latent")], overwrite: true)
        try await scheduler.run(domain: SmallLatentDomain(), totalEvaluations: 100, evaluator: ParallelEvaluator(workers: 1))
        try file.writeCheckpoint(scheduler)
        try file.finish()
    }

    @Test func theTensorFixtureStillReadsAndResumes() async throws {
        let before = bytes(Self.tensorURL)
        let file = try ArchiveFile.open(Self.tensorURL, mode: .readOnly)
        #expect(file.header.formatVersion == 1 && file.header.genomeKind == .tensor && file.header.genomeShape == [4, 8, 16])
        let elites = try file.tensorElites()
        #expect(elites.count == 9 && elites.allSatisfy { $0.genome.count == 512 })
        #expect(try file.summary().stats.qdScore == -1.1200725502022382)
        let csv = try ArchiveExport.export(file, format: .csv)
        #expect(csv.hasPrefix("index,objective,descriptor_0,descriptor_1,genome_0,genome_1,") && csv.contains(",genome_511\n"),
                "a tensor of at most 1,000 values is exported one column per value")
        #expect(bytes(Self.tensorURL) == before, "reading never writes")

        let copy = temporaryFolder().appendingPathComponent("tensor.sqlite")
        try FileManager.default.copyItem(at: Self.tensorURL, to: copy)
        var resumed = try tensorScheduler()
        #expect(try ArchiveFile.open(copy, mode: .readWrite).restore(into: &resumed))
        let restored = Dictionary(uniqueKeysWithValues: resumed.archive.elites.map { ($0.cell, $0.genome) })
        #expect(restored == Dictionary(uniqueKeysWithValues: elites.map { ($0.cell, $0.genome) }), "restore gives the saved elites")
        var full = try tensorScheduler()
        try await full.run(domain: SmallLatentDomain(), totalEvaluations: 200, evaluator: ParallelEvaluator(workers: 1))
        try await resumed.run(domain: SmallLatentDomain(), totalEvaluations: 200, evaluator: ParallelEvaluator(workers: 2))
        #expect(resumed.archive.elites.map(\.genome) == full.archive.elites.map(\.genome), "resumes to the elites of an uninterrupted run")
    }

    @Test func theVectorBlobFixtureStillReadsAndResumes() async throws {
        let before = bytes(Self.vectorURL)
        let file = try ArchiveFile.open(Self.vectorURL, mode: .readOnly)
        #expect(file.header.formatVersion == 1 && file.header.genomeKind == .vectorBlob && file.header.genomeDimension == 1_001)
        let elites = try file.vectorElites()
        #expect(elites.count == 4)
        #expect(try file.summary().evaluations == 100)
        #expect(try ArchiveExport.export(file, format: .jsonl).split(separator: "\n").count == 4)
        _ = try file.reportInput()
        #expect(bytes(Self.vectorURL) == before, "reading never writes")

        let copy = temporaryFolder().appendingPathComponent("blob.sqlite")
        try FileManager.default.copyItem(at: Self.vectorURL, to: copy)
        let saved = try SavedRun.resume(copy)
        #expect(try await saved.run(totalEvaluations: 140, evaluator: ParallelEvaluator(workers: 2), policy: .endOnly,
                                    shouldStop: { false }, progress: { _, _ in }))
        try saved.finish()
        #expect(try ArchiveFile.open(copy, mode: .readOnly).summary().evaluations == 140)
    }
}

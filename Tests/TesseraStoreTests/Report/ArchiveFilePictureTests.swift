import Foundation
import Testing
import Tessera
import TesseraTestSupport
@testable import TesseraStore

/// A 2-D domain over 2x8x8 Float32 tensors whose descriptors spread over many cells: the
/// objective is minus the mean square, the descriptors the fractional parts of scaled sums.
struct SpreadTensorDomain: Domain {
    typealias Genome = FloatTensor
    let descriptorSpace = Box(dimension: 2, range: 0...1)
    let genomeLayout = [2, 8, 8]

    func evaluate(_ genomes: TensorColumn, into results: inout EvaluationBatch) throws {
        for row in 0..<genomes.count {
            genomes.withRow(row) { x in
                var squares = 0.0, first = 0.0, second = 0.0
                for i in 0..<x.count {
                    let v = Double(x[i])
                    squares += v * v
                    if i < 4 { first += v } else if i < 8 { second += v }
                }
                results.objectives[row] = -squares / Double(x.count)
                results.descriptors[2 * row] = (abs(first) * 3.1).truncatingRemainder(dividingBy: 1)
                results.descriptors[2 * row + 1] = (abs(second) * 2.3).truncatingRemainder(dividingBy: 1)
            }
        }
    }
}

/// The pictures, objective name and budget unit that a file's configuration asks of its report.
@Suite struct ArchiveFilePictureTests {
    /// A finished 6x6 grid run over 2x8x8 tensors with `configuration`.
    func tensorFile(_ configuration: [(String, String)], name: String = #function) async throws -> ArchiveFile {
        let url = temporaryFolder(name).appendingPathComponent("tensor.sqlite")
        let archive = try GridArchive<FloatTensor>(shape: [6, 6], descriptorSpace: SpreadTensorDomain().descriptorSpace, genomeLayout: [2, 8, 8])
        let emitter = try MutationEmitter(selection: UniformSelection(), mutation: TensorGaussianMutation(sigma: 0.4),
                                          initialGenomes: [FloatTensor(repeating: 0, shape: [2, 8, 8])], batchSize: 8)
        var scheduler = try Scheduler(archive: archive, emitters: [emitter], seed: 3)
        let file = try ArchiveFile.create(for: scheduler, at: url, configuration: configuration)
        try await scheduler.run(domain: SpreadTensorDomain(), totalEvaluations: 200, evaluator: ParallelEvaluator(workers: 1))
        try file.writeCheckpoint(scheduler)
        await scheduler.run(domain: SpreadTensorDomain(), totalEvaluations: 400, evaluator: .serial)
        try file.writeCheckpoint(scheduler)
        try file.finish()
        return try ArchiveFile.open(url, mode: .readOnly)
    }

    /// A finished 3x3 grid run over vectors of 12 genes with `configuration`.
    func vectorFile(_ configuration: [(String, String)], name: String = #function) async throws -> ArchiveFile {
        let url = temporaryFolder(name).appendingPathComponent("vector.sqlite")
        let archive = try GridArchive<[Double]>(shape: [3, 3], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 12)
        let emitter = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(GaussianMutation(sigma: 0.3)),
                                        initialGenome: [Double](repeating: 0, count: 12), batchSize: 6)
        var scheduler = try Scheduler(archive: archive, emitters: [emitter], seed: 5)
        let file = try ArchiveFile.create(for: scheduler, at: url, configuration: configuration)
        var history: [HistoryPoint] = []
        for total in stride(from: 30, through: 120, by: 30) {
            await scheduler.run(domain: QuadraticTestDomain(dimension: 12), totalEvaluations: total, evaluator: .serial)
            history.append(HistoryPoint(iteration: scheduler.iteration, evaluations: scheduler.evaluations,
                                        stats: scheduler.results.stats, failed: scheduler.failures.count))
        }
        try file.writeCheckpoint(scheduler, history: history, wallSeconds: 1)
        try file.finish()
        return try ArchiveFile.open(url, mode: .readOnly)
    }

    /// The saved elites, best first as the pictures rank them.
    func ranked<G>(_ elites: [SavedElite<G>]) -> [SavedElite<G>] {
        elites.sorted { $0.objective != $1.objective ? $0.objective > $1.objective : $0.cell < $1.cell }
    }

    @Test func tensorGenomesGiveTheBestTwentyFourPicturesWithCaptions() async throws {
        let file = try await tensorFile([("task", "terrain"), ("picture", "64:8x8"), ("objective_name", "reward"),
                                         ("descriptor_names", "mean slope, roughness")])
        let input = try file.reportInput()
        let saved = ranked(try file.tensorElites())
        try #require(saved.count > PictureLayout.maximumCount, "the run fills more cells than a report draws: \(saved.count)")
        #expect(input.pictures.count == 24)
        for (picture, elite) in zip(input.pictures, saved) {
            #expect(picture.width == 8 && picture.height == 8)
            #expect(picture.values == Array(elite.genome.values[64..<128]), "the second 8x8 channel of cell \(elite.cell)")
            let caption = "cell \(elite.cell) · reward \(ReportNumber.significant(elite.objective, digits: 4)) · "
                + "mean slope \(ReportNumber.significant(elite.descriptor[0], digits: 4)), "
                + "roughness \(ReportNumber.significant(elite.descriptor[1], digits: 4))"
            #expect(picture.caption == caption)
        }
        #expect(saved.prefix(24).map(\.objective) == saved.prefix(24).map(\.objective).sorted(by: >), "best first")

        let html = try ArchiveReport(input).html()
        #expect(ReportFixtures.occurrences(of: "<img src=\"data:image/png;base64,", in: html) == 24)
        #expect(html.contains("<h2>Outputs</h2>"))
    }

    @Test func vectorGenomesAreDrawnAsFloatsWithDefaultNames() async throws {
        let file = try await vectorFile([("picture", " 2:3X3 ")])
        let input = try file.reportInput()
        let saved = ranked(try file.vectorElites())
        try #require(!saved.isEmpty)
        #expect(input.pictures.count == saved.count)
        #expect(input.pictures.map(\.values) == saved.map { $0.genome[2..<11].map(Float.init) })
        let first = try #require(input.pictures.first)
        #expect(first.caption.hasPrefix("cell \(saved[0].cell) · objective ") && first.caption.contains(" · descriptor 0 ")
                && first.caption.contains(", descriptor 1 "), "\(first.caption)")
        #expect(try await vectorFile([]).reportInput().pictures.isEmpty, "no field, no pictures")
    }

    @Test func aMalformedOrMisfittingPictureFieldIsReportedInOneLine() async throws {
        let cases = [("0:8", "expected OFFSET:WIDTHxHEIGHT"), ("a:2x2", "expected"), ("-1:2x2", "expected"), ("0:0x4", "expected"),
                     ("0:2x2x2", "expected"), ("0:5000x1", "from 1 to 4096"), ("0:2x2\nx", "'0:2x2 x'"),
                     ("120:3x3", "values 120..<129 do not fit genomes of 128 values"),
                     ("0:16x16", "values 0..<256 do not fit")]
        let url = try await tensorFile([("picture", "0:8x8")]).path
        for (value, mention) in cases {
            try ArchiveFile.open(URL(filePath: url), mode: .readWrite).database
                .execute("UPDATE run_config SET value = '\(value)' WHERE key = 'picture'")
            let file = try ArchiveFile.open(URL(filePath: url), mode: .readOnly)
            try #require(try file.configurationFields().contains { $0.key == "picture" && $0.value == value })
            #expect {
                _ = try file.reportInput()
            } throws: { error in
                guard case StoreError.corrupt(_, let detail) = error else { return false }
                let text = "\(error)"
                return detail.contains("configuration field 'picture'") && text.contains(mention) && !text.contains("\n")
            }
        }
        let vector = try await vectorFile([("picture", "4:3x3")])
        #expect { _ = try vector.reportInput() } throws: { "\($0)".contains("values 4..<13 do not fit genomes of 12 values") }
    }

    @Test func theObjectiveNameAndTheEvaluationUnitNameTheHeadlineAndTheCharts() async throws {
        let file = try await vectorFile([("objective_name", "reward"), ("evaluation_unit", "NFE")])
        let input = try file.reportInput()
        #expect(input.objectiveName == "reward" && input.evaluationName == "NFE")
        let keys = input.summary.map(\.key)
        #expect(keys.first == "NFE" && keys.contains("best reward") && !keys.contains("evaluations") && !keys.contains("best objective"))
        #expect(input.summary.first?.value == "120")
        try #require(!input.history.isEmpty)
        let html = try ArchiveReport(input).html()
        #expect(html.contains("<h3>Best reward</h3>") && !html.contains(">evaluations</text>"))
        #expect(ReportFixtures.occurrences(of: ">NFE</text>", in: html) == 4, "every progress chart's x axis")
        #expect(html.contains("<dt>NFE</dt><dd>120</dd>") && html.contains("<dt>best reward</dt>"))

        let plain = try await vectorFile([]).reportInput()
        #expect(plain.objectiveName == "objective" && plain.evaluationName == "evaluations")
        #expect(plain.summary.map(\.key).first == "evaluations" && plain.summary.map(\.key).contains("best objective"))
        let text = try await vectorFile([("kind", "text")]).reportInput()
        #expect(text.objectiveName == "quality" && text.summary.map(\.key).contains("best quality"))
        let named = try await vectorFile([("kind", "text"), ("objective_name", "appeal")]).reportInput()
        #expect(named.objectiveName == "appeal")
    }
}

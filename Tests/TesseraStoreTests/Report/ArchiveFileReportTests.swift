import Foundation
import Testing
import Tessera
import TesseraTestSupport
@testable import TesseraStore

/// The report input an archive file gives: its title and headline figures.
@Suite struct ArchiveFileReportTests {
    private func headline(_ input: ReportInput) -> [String: String] {
        Dictionary(input.summary.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func aRunOfTheCLIIsTitledByTaskAndAlgorithmWithGroupedCounts() throws {
        let url = SampleArchiveTests.samples.appendingPathComponent("arm-map-elites.sqlite")
        let input = try ArchiveFile.open(url, mode: .readOnly).reportInput()
        #expect(input.title == "Tessera: arm with map-elites")
        let figures = headline(input)
        #expect(figures["evaluations"] == "50,220", "counts use thousands separators, as the CLI prints them")
        #expect(figures["elites"] == "817 of 1,024 cells")
        #expect(figures["iterations"] == "93")
        #expect(figures["failed evaluations"] == "0")
        // The Vendi score sits beside coverage and QD score, as the library computes it.
        let keys = input.summary.map(\.key)
        let qd = try #require(keys.firstIndex(of: "QD score"))
        #expect(keys.firstIndex(of: "Vendi score") == qd + 1)
        let vendi = try #require(figures["Vendi score"])
        let diversity = try ArchiveFile.open(url, mode: .readOnly).diversity()
        #expect(diversity.score > 1 && diversity.score <= 817)
        #expect(vendi.hasPrefix(String(format: "%.4f (RBF, h = ", diversity.score)) && vendi.hasSuffix(", exact)"), "\(vendi)")
        let html = try ArchiveReport(input).html()
        #expect(html.contains("Vendi score") && html.contains(String(format: "%.4f", diversity.score)))
    }

    @Test func aLibraryFileIsTitledByItsFileNameWithGroupedCounts() async throws {
        let url = temporaryFolder().appendingPathComponent("mine.sqlite")
        // Every row fails, so over a thousand iterations of 8 rows the file holds four-digit
        // counts of iterations and failures.
        let domain = FaultyDomain(fault: .nan, threshold: -.infinity)
        let archive = try GridArchive<[Double]>(shape: [4, 4], descriptorSpace: domain.descriptorSpace, genomeLayout: 4)
        let emitter = try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(try GaussianMutation(sigma: 0.1)),
                                        initialGenome: [0, 0, 0, 0], batchSize: 8)
        var scheduler = try Scheduler(archive: archive, emitters: [emitter], seed: 1)
        let file = try ArchiveFile.create(for: scheduler, at: url)
        await scheduler.run(domain: domain, totalEvaluations: 8_008, evaluator: .serial)
        try file.writeCheckpoint(scheduler)
        try file.finish()

        let input = try ArchiveFile.open(url, mode: .readOnly).reportInput()
        #expect(input.title == "Tessera archive: mine.sqlite")
        let figures = headline(input)
        #expect(figures["evaluations"] == "8,008")
        #expect(figures["iterations"] == "1,001")
        #expect(figures["failed evaluations"] == "8,008")
        #expect(figures["elites"] == "0 of 16 cells")
        #expect(figures["Vendi score"] == "0 (no elites)")
    }
}

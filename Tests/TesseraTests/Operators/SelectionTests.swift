import Testing
import TesseraTestSupport
@testable import Tessera

@Suite struct SelectionTests {
    func twoElites() throws -> GridArchive<[Double]> {
        var archive = try GridArchive<[Double]>(shape: [2, 1], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 1)
        archive.add([[0], [1]], [Evaluation(objective: 0, descriptor: [0.2, 0.5]), Evaluation(objective: 1, descriptor: [0.8, 0.5])])
        return archive
    }

    @Test func uniformSelectionDrawsEveryEliteEqually() throws {
        let view = EliteView(try twoElites())
        var rng = Xoshiro256(seed: 1)
        let ones = (0..<20_000).filter { _ in UniformSelection().select(from: view, using: &rng) == 1 }.count
        #expect(abs(Double(ones) / 20_000 - 0.5) < 0.015)
    }

    @Test func binaryTournamentPicksTheBetterWithProbabilityThreeQuarters() throws {
        let view = EliteView(try twoElites())
        var rng = Xoshiro256(seed: 2)
        let tournament = try TournamentSelection()
        let better = (0..<20_000).filter { _ in tournament.select(from: view, using: &rng) == 1 }.count
        #expect(abs(Double(better) / 20_000 - 0.75) < 0.015)
    }

    @Test func curiosityRewardsParentsWhoseChildrenEnter() throws {
        let archive = try twoElites()
        var selection = try CuriositySelection()
        var report = AddReport(count: 3)
        report.statuses = [.notAdded, .notAdded, .new]
        report.cells = [0, 0, 1]
        // Row 0 and 1: children of cell 1 that failed to enter; row 2: a child of cell 0
        // that opened cell 1 (which then holds a new elite, so its score restarts).
        selection.tell(parents: [1, 1, 0][...], report: report, rows: 0..<3, archive: archive)
        #expect(selection.score(of: 0) == 1)
        #expect(selection.score(of: 1) == 0, "cell 1 received a new elite")
        report.statuses = [.notAdded, .notAdded, .notAdded]
        selection.tell(parents: [1, 1, 0][...], report: report, rows: 0..<3, archive: archive)
        #expect(selection.score(of: 0) == 0.5)
        #expect(selection.score(of: 1) == -1)
        var rng = Xoshiro256(seed: 3)
        let view = EliteView(archive)
        let zeros = (0..<20_000).filter { _ in selection.select(from: view, using: &rng) == 0 }.count
        #expect(abs(Double(zeros) / 20_000 - 0.75) < 0.015, "the more curious elite wins tournaments")
    }

    @Test func curiosityScoresSurviveAnArchiveThatGrows() throws {
        var archive = try UnstructuredArchive<[Double]>(descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 1)
        let fill = { (count: Int) in (0..<count).map { _ in Evaluation(objective: 0, descriptor: [0.5, 0.5]) } }
        archive.add([[Double]](repeating: [0], count: 64), fill(64))
        let slots = archive.cellCount
        var selection = try CuriositySelection()
        var report = AddReport(count: 1)
        report.statuses = [.notAdded]
        selection.tell(parents: [3][...], report: report, rows: 0..<1, archive: archive)
        #expect(selection.score(of: 3) == -0.5 && selection.scores.count == slots)
        archive.add([[Double]](repeating: [1], count: 10), fill(10))
        #expect(archive.cellCount > slots, "the archive grew")
        selection.tell(parents: [5][...], report: report, rows: 0..<1, archive: archive)
        #expect(selection.scores.count == archive.cellCount)
        #expect(selection.score(of: 3) == -0.5 && selection.score(of: 5) == -0.5, "earlier scores are kept")
    }

    @Test func decodingChecksLikeTheInitialisers() throws {
        #expect(try DecodingChecks.expectRoundTrip(try TournamentSelection(size: 3)) == (try TournamentSelection(size: 3)))
        #expect(try DecodingChecks.expectRoundTrip(try CuriositySelection(size: 4, reward: 2, penalty: 0.25))
                == (try CuriositySelection(size: 4, reward: 2, penalty: 0.25)))
        let learnt = try DecodingChecks.decode(CuriositySelection.self,
                                               from: #"{"penalty":0.5,"reward":1,"scores":[0.5,-1,"-inf"],"size":2}"#)
        #expect(learnt.score(of: 0) == 0.5 && learnt.score(of: 1) == -1 && learnt.score(of: 2) == -.infinity, "scores are kept")
        try DecodingChecks.expectRoundTrip(learnt)

        for size in ["0", "-5"] {
            DecodingChecks.expectRefused(TournamentSelection.self, #"{"size":\#(size)}"#,
                                         mentioning: "TournamentSelection: size must be at least 1 (got \(size))")
            DecodingChecks.expectRefused(CuriositySelection.self, #"{"penalty":0.5,"reward":1,"scores":[],"size":\#(size)}"#,
                                         mentioning: "CuriositySelection: size must be at least 1")
        }
        DecodingChecks.expectRefused(CuriositySelection.self, #"{"penalty":0.5,"reward":"nan","scores":[],"size":2}"#,
                                     mentioning: "CuriositySelection: reward must be finite")
        DecodingChecks.expectRefused(CuriositySelection.self, #"{"penalty":"-inf","reward":1,"scores":[],"size":2}"#,
                                     mentioning: "CuriositySelection: penalty must be finite")
        DecodingChecks.expectRefused(CuriositySelection.self, #"{"penalty":0.5,"reward":1,"scores":[0,"nan"],"size":2}"#,
                                     mentioning: "CuriositySelection: scores must not hold NaN")
    }

    @Test func selectionsRefuseBadParameters() {
        #expect(throws: ParameterError.self) { try TournamentSelection(size: 0) }
        #expect(throws: ParameterError.self) { try CuriositySelection(size: 0) }
        #expect(throws: ParameterError.self) { try CuriositySelection(reward: .nan) }
        #expect(throws: ParameterError.self) { try CuriositySelection(penalty: -.infinity) }
        #expect(throws: Never.self) {
            _ = try TournamentSelection(size: 1)
            _ = try CuriositySelection(size: 1, reward: 0, penalty: 0)
        }
    }
}

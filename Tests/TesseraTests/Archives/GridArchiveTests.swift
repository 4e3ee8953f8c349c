import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

@Suite struct GridArchiveTests {
    func grid(_ shape: [Int] = [10, 7], acceptance: Acceptance = .elitist, offset: Double = 0) throws -> GridArchive<[Double]> {
        try GridArchive(shape: shape, descriptorSpace: Box(lower: [-1, 0], upper: [1, 0.7]), genomeLayout: 3,
                        qdScoreOffset: offset, acceptance: acceptance)
    }

    @Test func indicesMatchPyribsAtEdgesAndOutside() throws {
        // Expected values are pyribs 0.12 GridArchive(dims=[10, 7], ranges=[(-1, 1), (0, 0.7)]).index_of.
        let points: [[Double]] = [[-1.0, 0.0], [1.0, 0.7], [-0.8, 0.1], [-0.8000001, 0.0999999], [0.2, 0.3], [-5, 9],
                                  [5, -9], [0.9999999, 0.6999999], [-0.6, 0.2], [0.4, 0.5], [0.0, 0.35]]
        let expected = [0, 69, 8, 8, 45, 6, 63, 69, 16, 54, 38]
        let archive = try grid()
        #expect(try points.map { try archive.cellIndex(of: $0) } == expected)
    }

    @Test func flatIndicesAreRowMajor() throws {
        let archive = try grid()
        #expect(archive.gridIndex(of: 0) == [0, 0])
        #expect(archive.gridIndex(of: 9) == [1, 2])
        #expect(archive.gridIndex(of: 12) == [1, 5])
        #expect(archive.gridIndex(of: 69) == [9, 6])
        let cell = archive.bounds(of: 12)
        #expect(abs(cell.lower[0] - -0.8) < 1e-12 && abs(cell.upper[1] - 0.6) < 1e-12)
        #expect(try archive.cellIndex(of: [(cell.lower[0] + cell.upper[0]) / 2, (cell.lower[1] + cell.upper[1]) / 2]) == 12)
    }

    @Test func badShapesAreRefused() {
        let box = Box(dimension: 2, range: 0...1)
        #expect(throws: ArchiveError.self) { try GridArchive<[Double]>(shape: [10], descriptorSpace: box, genomeLayout: 1) }
        #expect(throws: ArchiveError.self) { try GridArchive<[Double]>(shape: [10, 0], descriptorSpace: box, genomeLayout: 1) }
    }

    @Test func genomeLayoutsThatCannotShapeAColumnAreRefused() {
        let box = Box(dimension: 2, range: 0...1)
        for layout in [0, -5] {
            #expect(throws: ArchiveError.invalidShape("the genome dimension must be at least 1 (got \(layout))")) {
                try GridArchive<[Double]>(shape: [4, 4], descriptorSpace: box, genomeLayout: layout)
            }
        }
        #expect(throws: ArchiveError.invalidShape("epsilon must be finite (got nan)")) {
            try GridArchive<[Double]>(shape: [4, 4], descriptorSpace: box, genomeLayout: 1, epsilon: .nan)
        }
        #expect(throws: Never.self) { try GridArchive<String>(shape: [4, 4], descriptorSpace: box, genomeLayout: .init()) }
    }

    @Test func decodingChecksTheGridAndItsStore() throws {
        var archive = try grid([5, 4], acceptance: try Acceptance(learningRate: 0.5, thresholdMin: 0))
        archive.add([[1, 2, 3], [4, 5, 6]], [Evaluation(objective: 1, descriptor: [0.1, 0.2]), Evaluation(objective: 2, descriptor: [-0.5, 0.6])])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let good = try encoder.encode(archive)
        let decoded = try JSONDecoder().decode(GridArchive<[Double]>.self, from: good)
        #expect(decoded.elites == archive.elites && decoded.shape == [5, 4] && decoded.store.acceptance == archive.store.acceptance)
        #expect(try encoder.encode(decoded) == good, "the format is unchanged")

        /// The archive's JSON with one value replaced at `path`.
        func edited(_ path: [String], _ value: Any) throws -> String {
            func set(_ object: Any, _ path: ArraySlice<String>) -> Any {
                guard var dictionary = object as? [String: Any], let key = path.first else { return value }
                dictionary[key] = set(dictionary[key] as Any, path.dropFirst())
                return dictionary
            }
            let object = try JSONSerialization.jsonObject(with: good)
            return String(decoding: try JSONSerialization.data(withJSONObject: set(object, path[...])), as: UTF8.self)
        }
        let cases: [([String], Any, String)] = [
            (["shape"], [5, 0], "every dimension needs at least one bin"),
            (["shape"], [20], "1 grid dimensions for a 2-D descriptor space"),
            (["shape"], [5, 5], "the elite store has 20 cells of 2-D descriptors, the grid 25 of 2-D"),
            (["epsilon"], "nan", "epsilon must be finite (got nan)"),
            (["descriptorSpace", "lower"], [1, 0], "Box: lower[0] must be below upper[0]"),
            (["store", "genomes", "dimension"], 0, "the genome dimension must be at least 1 (got 0)"),
            (["store", "genomes", "storage"], [1, 2], "2 values do not make whole rows of 3"),
            (["store", "cellCount"], -1, "an elite store needs at least one cell"),
            (["store", "descriptorDimension"], 0, "an elite store needs at least one cell and one descriptor component"),
            (["store", "occupiedCells"], [2, 2], "elite store columns disagree"),
            (["store", "acceptance", "learningRate"], 2, "invalid acceptance rule: learning rate 2.0 is outside [0, 1]"),
        ]
        for (path, value, message) in cases {
            DecodingChecks.expectRefused(GridArchive<[Double]>.self, try edited(path, value), mentioning: message)
        }
    }

    @Test func conformsToTheSharedArchiveRules() throws {
        try ArchiveConformance.check {
            try GridArchive<[Double]>(shape: [8, 8], descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 3)
        }
    }

    @Test func statsUseTheOffsetAndCellCount() throws {
        var archive = try grid(offset: -10)
        #expect(archive.stats == ArchiveStats(numElites: 0, coverage: 0, qdScore: 0, normQDScore: 0, objMax: nil, objMean: nil))
        archive.add([[0, 0, 0], [1, 1, 1]], [Evaluation(objective: 2, descriptor: [-0.9, 0.05]),
                                             Evaluation(objective: -4, descriptor: [0.9, 0.65])])
        let stats = archive.stats
        #expect(stats.numElites == 2)
        #expect(stats.qdScore == (2 + 10) + (-4 + 10))
        #expect(stats.normQDScore == 18.0 / 70)
        #expect(stats.coverage == 2.0 / 70)
        #expect(stats.objMax == 2 && stats.objMean == -1)
    }

    @Test func softThresholdsFollowTheCMAMAERule() throws {
        // t = 0, alpha = 0.01: two rows f = 10 and 20 in one cell give t' = (1 - 0.99^2) * 15.
        var archive = try grid(acceptance: try Acceptance(learningRate: 0.01, thresholdMin: 0))
        let report = archive.add([[1, 0, 0], [2, 0, 0]], [Evaluation(objective: 10, descriptor: [0, 0.3]),
                                                          Evaluation(objective: 20, descriptor: [0, 0.3])])
        #expect(report.statuses == [.new, .new])
        #expect(report.values == [10, 20])
        let cell = try archive.cellIndex(of: [0, 0.3])
        #expect(abs(archive.store.threshold(of: cell) - 0.2985) < 1e-12)
        #expect(archive.elite(at: cell)?.genome == [2, 0, 0])
        // A row below the elite but above the threshold replaces the elite (CMA-MAE's
        // "backwards progress"); its value is measured from the threshold.
        let next = archive.add([[3, 0, 0]], [Evaluation(objective: 5, descriptor: [0, 0.3])])
        #expect(next.statuses == [.improved])
        #expect(abs(next.values[0] - (5 - 0.2985)) < 1e-12)
        #expect(archive.elite(at: cell)?.objective == 5)
        #expect(abs(archive.store.threshold(of: cell) - (0.99 * 0.2985 + 0.01 * 5)) < 1e-12)
    }

    @Test func elitistThresholdIsTheEliteObjective() throws {
        var archive = try grid()
        archive.add([[1, 0, 0]], [Evaluation(objective: -3, descriptor: [0, 0.3])])
        let cell = try archive.cellIndex(of: [0, 0.3])
        #expect(archive.store.threshold(of: cell) == -3)
        let report = archive.add([[2, 0, 0]], [Evaluation(objective: -3, descriptor: [0, 0.3])])
        #expect(report.statuses == [.notAdded], "a tie does not replace the elite")
        #expect(report.values == [0])
    }

    @Test func acceptanceRulesAreValidated() throws {
        #expect(throws: ArchiveError.self) { try Acceptance(learningRate: 1.5, thresholdMin: 0) }
        #expect(throws: ArchiveError.self) { try Acceptance(learningRate: 0.5, thresholdMin: -.infinity) }
        #expect(throws: Never.self) { try Acceptance(learningRate: 1, thresholdMin: -.infinity) }
        DecodingChecks.expectRefused(Acceptance.self, #"{"learningRate":1.5,"thresholdMin":0}"#,
                                     mentioning: "invalid acceptance rule: learning rate 1.5 is outside [0, 1]")
        DecodingChecks.expectRefused(Acceptance.self, #"{"learningRate":0.5}"#,
                                     mentioning: "invalid acceptance rule: thresholdMin must be finite")
        #expect(try DecodingChecks.expectRoundTrip(Acceptance.elitist) == .elitist)
        #expect(try DecodingChecks.encode(Acceptance.elitist) == #"{"learningRate":1}"#)
    }

    @Test func nonFiniteRowsAreNeverStored() throws {
        var archive = try grid()
        let report = archive.add([[1, 0, 0], [2, 0, 0], [3, 0, 0]],
                                 [Evaluation(objective: .nan, descriptor: [0, 0.3]),
                                  Evaluation(objective: 1, descriptor: [.infinity, 0.3]),
                                  Evaluation(objective: 1, descriptor: [0.1])])
        #expect(report.statuses == [.failed, .failed, .failed])
        #expect(archive.isEmpty)
    }

    @Test func metadataTravelsWithItsElite() throws {
        var archive = try grid()
        archive.add([[1, 0, 0], [2, 0, 0]], [Evaluation(objective: 1, descriptor: [0, 0.3], metadata: ["note": .text("a")]),
                                             Evaluation(objective: 2, descriptor: [0.5, 0.5])])
        #expect(try archive.elite(for: [0, 0.3])?.metadata == ["note": .text("a")])
        #expect(try archive.elite(for: [0.5, 0.5])?.metadata == nil)
    }
}

import Foundation

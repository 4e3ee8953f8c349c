import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

/// AURORA's container rule (``Admission/distanceAbove(_:)``), its re-insertion after a
/// re-training, and container-size control.
@Suite struct DistanceAdmissionTests {
    func archive(distance: Double = 1, capacity: Int? = nil) throws -> UnstructuredArchive<[Double]> {
        try UnstructuredArchive(descriptorSpace: Box(dimension: 2, range: 0...10), genomeLayout: 1, capacity: capacity,
                                admission: .distanceAbove(distance))
    }

    func offer(_ archive: inout UnstructuredArchive<[Double]>, _ rows: [(objective: Double, x: Double, y: Double)]) -> AddReport {
        archive.add(rows.map { [$0.objective] }, rows.map { Evaluation(objective: $0.objective, descriptor: [$0.x, $0.y]) },
                    firstEvaluation: archive.count * 100)
    }

    @Test func farRowsEnterCloseBetterRowsReplaceAndCrowdedRowsAreRefused() throws {
        var a = try archive()
        var report = offer(&a, [(1, 0, 0), (1, 5, 0), (2, 0.5, 0)])
        // The third row is within 1 of (0, 0) only (second nearest at 4.5): it replaces it.
        #expect(report.statuses == [.new, .new, .improved])
        #expect(a.count == 2 && a.store.objectives[report.cells[0]] == 2)
        #expect(report.cells[2] == report.cells[0] && report.values[2] == 1)
        report = offer(&a, [(0.5, 0.4, 0.1), (9, 2.5, 0), (10, 2.6, 0.1), (3, 2.7, 0), (20, 5.5, 0.3)])
        // Worse than its neighbour; far; within 1 of the previous row only and better
        // (replaces it); within 1 of one elite and worse; within 1 of (5, 0) only and
        // better (replaces it).
        #expect(report.statuses == [.notAdded, .new, .improved, .notAdded, .improved])
        #expect(report.values[0] == 0.5 - 2 && report.values[3] == 3 - 10)
        #expect(a.count == 3)
        // A new elite at (6.6, 0.3), 1.1 from (5.5, 0.3): a row between them is within 1 of
        // both, crowded, and refused however good.
        report = offer(&a, [(1, 6.6, 0.3), (100, 6.05, 0.3)])
        #expect(report.statuses == [.new, .notAdded] && a.count == 4)
        #expect(throws: ArchiveError.self) { try archive(distance: 0) }
        #expect(throws: ArchiveError.self) { try archive(distance: .nan) }
    }

    @Test func theDistanceRuleRoundTripsThroughJSONAndRefusesBadValues() throws {
        let rule = Admission.distanceAbove(0.25)
        let data = try JSONEncoder().encode(rule)
        #expect(String(decoding: data, as: UTF8.self).contains("distanceAbove"))
        #expect(try JSONDecoder().decode(Admission.self, from: data) == rule)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Admission.self, from: Data(#"{"rule": "distanceAbove", "threshold": -1}"#.utf8))
        }
    }

    @Test func aFullArchiveRefusesNewRowsButStillLetsBetterOnesReplace() throws {
        var a = try archive(capacity: 2)
        _ = offer(&a, [(1, 0, 0), (1, 5, 0)])
        let report = offer(&a, [(1, 9, 9), (5, 0.2, 0)])
        #expect(report.statuses == [.notAdded, .improved] && a.count == 2)
    }

    @Test func reinsertionWithATightenedDistanceDropsNearDuplicatesAndKeepsEntries() throws {
        var a = try archive(distance: 0.1)
        _ = offer(&a, [(1, 0, 0), (2, 1, 0), (3, 1.05, 0.3), (4, 5, 5)])
        #expect(a.count == 4)
        // New codes squeeze the second and third elites together.
        let codes: [Double] = [0, 0, 1, 0, 1.01, 0, 3, 3]
        let (relearned, dropped) = try a.reindexed(descriptorSpace: Box(dimension: 2, range: 0...3), descriptors: codes,
                                                   tightened: 0.5, distance: 0.6)
        #expect(relearned.count == 3)
        #expect(relearned.admission == .distanceAbove(0.6))
        // The better of the two took the slot.
        #expect(Set(relearned.store.occupiedCells.map { relearned.store.objectives[Int($0)] }) == [1, 3, 4])
        #expect(dropped.map(\.objective) == [2])
        #expect(Set(relearned.store.occupiedCells.map { relearned.store.entries[Int($0)] })
                == Set(a.store.occupiedCells.map { a.store.entries[Int($0)] }).subtracting([dropped[0].evaluation]))
    }

    @Test func sizeControlTightensASmallArchiveAndLoosensAFullOne() throws {
        let control = ContainerSizeControl(target: 100, rate: 1e-3)
        #expect(control.problem == nil)
        #expect(control.adjusted(1, size: 10) == 1 - 1e-3 * 90)
        #expect(control.adjusted(1, size: 300) == 1 + 1e-3 * 200)
        #expect(control.adjusted(1, size: 100_000) == 2)
        #expect(ContainerSizeControl(target: 0).problem != nil && ContainerSizeControl(rate: .nan).problem != nil)
        // 0.5 · (V / N)^(1/d): a 2 × 8 box, 100 elites.
        let initial = control.initialDistance(descriptors: [0, 0, 2, 8, 1, 1], dimension: 2)
        #expect(abs(initial - 0.5 * (16.0 / 100).squareRoot()) < 1e-12)
        var a = try archive(distance: 1)
        _ = offer(&a, [(1, 0, 0)])
        a.controlSize(control)
        #expect(a.admission == .distanceAbove(1 - 1e-3 * 99))
    }
}

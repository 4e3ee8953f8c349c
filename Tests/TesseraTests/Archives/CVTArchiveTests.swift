import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

@Suite struct CVTArchiveTests {
    @Test func conformsToTheSharedArchiveRules() throws {
        try ArchiveConformance.check {
            try CVTArchive<[Double]>(centroidCount: 40, samples: 2_000, descriptorSpace: Box(dimension: 2, range: 0...1),
                                     genomeLayout: 3, seed: 3)
        }
    }

    @Test func descriptorsGoToTheirNearestCentroid() throws {
        let centroids: [Double] = [0.1, 0.1, 0.9, 0.1, 0.5, 0.9]
        let archive = try CVTArchive<[Double]>(centroids: centroids, descriptorSpace: Box(dimension: 2, range: 0...1), genomeLayout: 1)
        #expect(archive.cellCount == 3)
        #expect(try archive.cellIndex(of: [0.2, 0.0]) == 0)
        #expect(try archive.cellIndex(of: [0.8, 0.3]) == 1)
        #expect(try archive.cellIndex(of: [0.5, 0.7]) == 2)
        #expect(try archive.cellIndex(of: [5, 5]) == 2, "outside the box still maps to the nearest centroid")
    }

    @Test func kMeansCentroidsAreReproducibleAndRecorded() throws {
        let box = Box(dimension: 2, range: -2...2)
        let a = try CVTArchive<[Double]>(centroidCount: 50, samples: 5_000, descriptorSpace: box, genomeLayout: 2, seed: 9)
        let b = try CVTArchive<[Double]>(centroidCount: 50, samples: 5_000, descriptorSpace: box, genomeLayout: 2, seed: 9)
        let c = try CVTArchive<[Double]>(centroidCount: 50, samples: 5_000, descriptorSpace: box, genomeLayout: 2, seed: 10)
        #expect(a.centroids == b.centroids)
        #expect(a.centroids != c.centroids)
        let made = try #require(a.construction)
        #expect(made.samples == 5_000 && made.inertia > 0 && made.iterations >= 1)
        #expect(a.centroids.allSatisfy { (-2...2).contains($0) })
    }

    @Test func badCentroidsAreRefused() {
        let box = Box(dimension: 2, range: 0...1)
        #expect(throws: ArchiveError.self) { try CVTArchive<[Double]>(centroids: [0.1, 0.2, 0.3], descriptorSpace: box, genomeLayout: 1) }
        #expect(throws: ArchiveError.self) { try CVTArchive<[Double]>(centroids: [], descriptorSpace: box, genomeLayout: 1) }
        #expect(throws: ArchiveError.self) {
            try CVTArchive<[Double]>(centroidCount: 100, samples: 10, descriptorSpace: box, genomeLayout: 1, seed: 0)
        }
    }

    @Test func genomeLayoutsThatCannotShapeAColumnAreRefused() {
        let box = Box(dimension: 2, range: 0...1)
        #expect(throws: ArchiveError.invalidShape("the genome dimension must be at least 1 (got 0)")) {
            try CVTArchive<[Double]>(centroids: [0.1, 0.2, 0.3, 0.4], descriptorSpace: box, genomeLayout: 0)
        }
        #expect(throws: ArchiveError.invalidShape("the genome dimension must be at least 1 (got -2)")) {
            try CVTArchive<[Double]>(centroidCount: 4, samples: 100, descriptorSpace: box, genomeLayout: -2, seed: 0)
        }
    }

    @Test func decodingChecksTheCentroidsAgainstTheBoxAndTheStore() throws {
        let box = Box(dimension: 2, range: 0...1)
        var archive = try CVTArchive<[Double]>(centroidCount: 6, samples: 200, descriptorSpace: box, genomeLayout: 2, seed: 1)
        archive.add([[1, 2]], [Evaluation(objective: 1, descriptor: [0.4, 0.4])])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let good = try encoder.encode(archive)
        let decoded = try JSONDecoder().decode(CVTArchive<[Double]>.self, from: good)
        #expect(decoded.elites == archive.elites && decoded.centroids == archive.centroids && decoded.construction == archive.construction)
        #expect(try encoder.encode(decoded) == good, "the format is unchanged")

        func edited(_ edit: (inout [String: Any]) -> Void) throws -> String {
            var object = try #require(try JSONSerialization.jsonObject(with: good) as? [String: Any])
            edit(&object)
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        DecodingChecks.expectRefused(CVTArchive<[Double]>.self, try edited { $0["descriptorSpace"] = ["lower": [0, 0, 0], "upper": [1, 1, 1]] },
                                     mentioning: "the centroids are 2-D, the descriptor space 3-D")
        DecodingChecks.expectRefused(CVTArchive<[Double]>.self,
                                     try edited { $0["index"] = ["dimension": 2, "centroids": [0.1, 0.1, 0.9, 0.9]] },
                                     mentioning: "the elite store has 6 cells of 2-D descriptors, the centroids 2 of 2-D")
        DecodingChecks.expectRefused(CVTArchive<[Double]>.self,
                                     try edited { $0["index"] = ["dimension": 2, "centroids": [0.1, 0.1, 0.9]] },
                                     mentioning: "finite centroid coordinates")
        DecodingChecks.expectRefused(CVTArchive<[Double]>.self, try edited { $0["descriptorSpace"] = ["lower": [0, 1], "upper": [1, 1]] },
                                     mentioning: "Box: lower[1] must be below upper[1]")
    }

    /// 4,000,000 samples and 10,000 centroids take minutes to cluster; a stop request made
    /// while sampling (after a short moment) or during the first assignment ends the
    /// construction at the next check, on every worker.
    @Test func aLongConstructionStopsWhenAsked() throws {
        let samples = 4_000_000
        let samplingChecks = (samples + KMeans.chunkSize - 1) / KMeans.chunkSize
        let probes = [StopProbe(after: .milliseconds(20)), StopProbe(afterCalls: samplingChecks + 1 + 10)]
        for (index, stop) in probes.enumerated() {
            #expect(throws: KMeansError.cancelled, "probe \(index)") {
                try CVTArchive<[Double]>(centroidCount: 10_000, samples: samples, descriptorSpace: Box(dimension: 2, range: 0...1),
                                         genomeLayout: 2, seed: 1, shouldStop: { stop() })
            }
            #expect(stop.answeredTrue >= 1 && stop.answeredTrue <= KMeans.defaultWorkers,
                    "probe \(index): no chunk of work started after the request (\(stop.answeredTrue) late answers)")
        }
    }
}

import Foundation
import Testing
import Tessera
import TesseraTestSupport
@testable import TesseraTasks

@Suite struct MazeObservationTests {
    static let steps = 200

    static func genomes(_ count: Int, seed: UInt64) -> [[Double]] {
        MazeSimulationTests.randomGenomes(count, size: MazeController.genomeSize(hidden: MazeController.defaultHidden), seed: seed)
    }

    static func evaluate(_ domain: MazeDomain, _ rows: [[Double]], workers: Int) async throws -> EvaluationBatch {
        let batch = try await ParallelEvaluator(workers: workers).evaluate(VectorColumn(rows: rows), on: domain)
        #expect(batch.failedCount == 0)
        return batch
    }

    /// The final position of `row` (its descriptor) in the pixels of an image of the map's bounds.
    static func expectedPixel(_ batch: EvaluationBatch, row: Int, domain: MazeDomain, size: Int) -> (u: Double, v: Double) {
        let box = domain.map.bounds
        return ImageMeasures.pixel(x: batch.descriptors[2 * row], y: batch.descriptors[2 * row + 1], size: size,
                                   minX: box.lower[0], minY: box.lower[1], maxX: box.upper[0], maxY: box.upper[1])
    }

    /// Whether a disc of radius `reach` at `p` lies inside the image, so its centroid is unbiased.
    static func isInside(_ p: (u: Double, v: Double), size: Int, reach: Double = 2) -> Bool {
        p.u >= reach && p.v >= reach && p.u <= Double(size) - reach && p.v <= Double(size) - reach
    }

    @Test func withoutTheSettingThereAreNoObservations() async throws {
        let domain = try MazeDomain(map: .medium, steps: 20)
        #expect(domain.observation == nil && domain.observationDimension == 0)
        let batch = try await Self.evaluate(domain, Self.genomes(5, seed: 1), workers: 2)
        #expect(batch.observationDimension == 0 && batch.observations.isEmpty)
    }

    @Test func finalImageIsADiscOnTheDescriptorWithAnyNumberOfWorkers() async throws {
        for size in [32, 20] {
            let domain = try MazeDomain(map: .medium, steps: Self.steps, observation: MazeObservation(size: size))
            #expect(domain.observationDimension == size * size)
            let rows = Self.genomes(150, seed: UInt64(size))
            let one = try await Self.evaluate(domain, rows, workers: 1)
            let two = try await Self.evaluate(domain, rows, workers: 2)
            #expect(one.observationDimension == size * size && one.observations.count == 150 * size * size)
            #expect(one.observations == two.observations, "size \(size): 1 and 2 workers differ")
            #expect(ImageMeasures.inUnitRange(one.observations))
            var checked = 0
            for row in 0..<rows.count {
                let image = one.observation(row)
                #expect(image.contains(1), "size \(size), row \(row): the final position is lit fully")
                let expected = Self.expectedPixel(one, row: row, domain: domain, size: size)
                let radius = Double(MazeObservation.finalRadius(size: size))
                guard Self.isInside(expected, size: size, reach: radius + 1) else { continue }
                checked += 1
                let centroid = try #require(ImageMeasures.centroid(image, size: size))
                #expect(abs(centroid.u - expected.u) < 0.5 && abs(centroid.v - expected.v) < 0.5,
                        "size \(size), row \(row): centroid \(centroid), descriptor at \(expected)")
                #expect(ImageMeasures.litCount(image) <= Int(Double.pi * (radius + 1) * (radius + 1)),
                        "size \(size), row \(row): only the disc is drawn")
            }
            #expect(checked >= 20, "size \(size): only \(checked) final positions away from the border")
        }
    }

    @Test func sameGenomeGivesTheSameImageAndDifferentPositionsDifferentImages() async throws {
        let domain = try MazeDomain(map: .medium, steps: Self.steps, observation: MazeObservation())
        let distinct = Self.genomes(30, seed: 9)
        let rows = distinct + distinct.reversed()
        let batch = try await Self.evaluate(domain, rows, workers: 2)
        let size = 32
        for i in 0..<30 {
            #expect(batch.observation(i).elementsEqual(batch.observation(59 - i)), "row \(i) and its copy")
            for j in 0..<i {
                let a = Self.expectedPixel(batch, row: i, domain: domain, size: size)
                let b = Self.expectedPixel(batch, row: j, domain: domain, size: size)
                // Positions a tenth of a pixel apart must already be told apart.
                if max(abs(a.u - b.u), abs(a.v - b.v)) > 0.1 {
                    #expect(!batch.observation(i).elementsEqual(batch.observation(j)), "rows \(i) and \(j) end apart: \(a), \(b)")
                }
            }
        }
    }

    @Test func trajectoryAddsThePathBeneathTheFinalPosition() async throws {
        let size = 32
        let finalOnly = try MazeDomain(map: .medium, steps: Self.steps, observation: MazeObservation(size: size))
        let withPath = try MazeDomain(map: .medium, steps: Self.steps, observation: MazeObservation(size: size, trajectory: true))
        let rows = Self.genomes(150, seed: 21)
        let finals = try await Self.evaluate(finalOnly, rows, workers: 2)
        let one = try await Self.evaluate(withPath, rows, workers: 1)
        let two = try await Self.evaluate(withPath, rows, workers: 2)
        #expect(one.observations == two.observations, "1 and 2 workers differ")
        #expect(one.descriptors == finals.descriptors)
        #expect(ImageMeasures.inUnitRange(one.observations))
        let box = withPath.map.bounds
        let startPixel = ImageMeasures.pixel(x: withPath.map.start.x, y: withPath.map.start.y, size: size,
                                             minX: box.lower[0], minY: box.lower[1], maxX: box.upper[0], maxY: box.upper[1])
        let startIndex = Int(startPixel.v) * size + Int(startPixel.u)
        var moved = 0
        for row in 0..<rows.count {
            let path = one.observation(row), final = finals.observation(row)
            #expect(zip(path, final).allSatisfy { $0 >= $1 }, "row \(row): the path image covers the final-only image")
            let end = Self.expectedPixel(one, row: row, domain: withPath, size: size)
            let radius = Double(MazeObservation.finalRadius(size: size))
            guard hypot(end.u - startPixel.u, end.v - startPixel.v) > radius + 3 else { continue }
            moved += 1
            #expect(ImageMeasures.litCount(path) > ImageMeasures.litCount(final), "row \(row)")
            #expect(path[path.startIndex + startIndex] > 0, "row \(row): the path starts at the start")
            #expect(path.contains { $0 > 0 && $0 <= MazeObservation.pathIntensity && $0 != 1 })
            if Self.isInside(end, size: size, reach: radius + 1) {
                // The disc is the only thing brighter than the path.
                let centroid = try #require(ImageMeasures.centroid(path, size: size, above: MazeObservation.pathIntensity))
                #expect(abs(centroid.u - end.u) < 0.5 && abs(centroid.v - end.v) < 0.5, "row \(row): \(centroid) vs \(end)")
            }
        }
        #expect(moved >= 20, "only \(moved) robots left the start")
        // Each robot's image is its own: evaluating rows one at a time gives the same pixels.
        for row in [0, 17, 128, 149] {
            var single = EvaluationBatch(count: 1, descriptorDimension: 2, observationDimension: size * size)
            try withPath.evaluate(VectorColumn(rows: [rows[row]]), into: &single)
            #expect(single.observation(0).elementsEqual(one.observation(row)), "row \(row) alone")
        }
    }

    @Test func sizesOutOfRangeAreRefused() throws {
        for size in [-1, 0, 3, 257, 10_000] {
            #expect(throws: ParameterError.self, "size \(size)") { try MazeObservation(size: size) }
        }
        #expect(throws: Never.self) { _ = try MazeObservation(size: 4); _ = try MazeObservation(size: 256) }
        do {
            _ = try MazeObservation(size: 3)
        } catch {
            #expect(error.description == "MazeObservation: size must be from 4 to 256 (got 3)")
        }
        let defaults = try JSONDecoder().decode(MazeObservation.self, from: Data("{}".utf8))
        #expect(defaults == (try MazeObservation()) && defaults.size == 32 && !defaults.trajectory)
        let setting = try MazeObservation(size: 64, trajectory: true)
        #expect(try JSONDecoder().decode(MazeObservation.self, from: JSONEncoder().encode(setting)) == setting)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(MazeObservation.self, from: Data(#"{"size": 300, "trajectory": true}"#.utf8))
        }
    }
}

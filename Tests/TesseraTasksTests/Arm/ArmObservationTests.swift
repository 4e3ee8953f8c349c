import Foundation
import Testing
import Tessera
import TesseraTestSupport
@testable import TesseraTasks

@Suite struct ArmObservationTests {
    static func genomes(_ count: Int, dimension: Int, seed: UInt64) -> [[Double]] {
        var rng = TestSeeds.generator(seed)
        // Small angles as well as large ones, so that some arms reach far out.
        return (0..<count).map { k in
            let spread = k % 2 == 0 ? Double.pi : 0.4
            return (0..<dimension).map { _ in Double.random(in: -spread...spread, using: &rng) }
        }
    }

    static func evaluate(_ domain: ArmDomain, _ rows: [[Double]], workers: Int) async throws -> EvaluationBatch {
        let batch = try await ParallelEvaluator(workers: workers).evaluate(VectorColumn(rows: rows), on: domain)
        #expect(batch.failedCount == 0)
        return batch
    }

    @Test func withoutTheSettingThereAreNoObservations() async throws {
        let domain = try ArmDomain(dimension: 12)
        #expect(domain.observation == nil && domain.observationDimension == 0)
        let batch = try await Self.evaluate(domain, Self.genomes(5, dimension: 12, seed: 1), workers: 2)
        #expect(batch.observationDimension == 0 && batch.observations.isEmpty)
    }

    @Test func endEffectorDiscCentresOnTheDescriptorWithAnyNumberOfWorkers() async throws {
        for (dimension, size) in [(12, 32), (5, 16), (100, 64)] {
            let domain = try ArmDomain(dimension: dimension, observation: ArmObservation(size: size))
            #expect(domain.observationDimension == size * size)
            let rows = Self.genomes(200, dimension: dimension, seed: UInt64(dimension))
            let one = try await Self.evaluate(domain, rows, workers: 1)
            let two = try await Self.evaluate(domain, rows, workers: 2)
            #expect(one.observations == two.observations, "D \(dimension): 1 and 2 workers differ")
            #expect(ImageMeasures.inUnitRange(one.observations))
            let extent = Double(dimension)
            let base = Int(Double(size) / 2) * size + size / 2
            var checked = 0
            for row in 0..<rows.count {
                let image = one.observation(row)
                #expect(image.contains(1), "D \(dimension), row \(row): the end effector is lit fully")
                // The first link leaves the base at the centre of the image.
                #expect(image[image.startIndex + base] > 0 || image[image.startIndex + base - size - 1] > 0,
                        "D \(dimension), row \(row): the base")
                #expect(ImageMeasures.litCount(image) > (dimension < 20 ? dimension : 9), "D \(dimension), row \(row): links drawn")
                let expected = ImageMeasures.pixel(x: one.descriptors[2 * row], y: one.descriptors[2 * row + 1], size: size,
                                                   minX: -extent, minY: -extent, maxX: extent, maxY: extent)
                guard expected.u >= 2.5, expected.v >= 2.5, expected.u <= Double(size) - 2.5, expected.v <= Double(size) - 2.5
                else { continue }
                checked += 1
                // Links are at 0.5; only the end effector's disc is brighter.
                let centroid = try #require(ImageMeasures.centroid(image, size: size, above: ArmObservation.linkIntensity))
                #expect(abs(centroid.u - expected.u) < 0.5 && abs(centroid.v - expected.v) < 0.5,
                        "D \(dimension), row \(row): centroid \(centroid), end effector at \(expected)")
            }
            #expect(checked >= 80, "D \(dimension): only \(checked) end effectors away from the border")
        }
    }

    @Test func sameGenomeGivesTheSameImageAndDifferentPosesDifferentImages() async throws {
        let domain = try ArmDomain(dimension: 12, observation: ArmObservation())
        let distinct = Self.genomes(30, dimension: 12, seed: 4)
        let batch = try await Self.evaluate(domain, distinct + distinct, workers: 2)
        for i in 0..<30 {
            #expect(batch.observation(i).elementsEqual(batch.observation(30 + i)), "row \(i) and its copy")
            for j in 0..<i where batch.descriptor(i) != batch.descriptor(j) {
                #expect(!batch.observation(i).elementsEqual(batch.observation(j)), "rows \(i) and \(j)")
            }
        }
        // A straight arm along +x: the base-to-tip row of pixels at y = 0 is lit.
        let straight = try await Self.evaluate(domain, [[Double](repeating: 0, count: 12)], workers: 1)
        let row = straight.observation(0)
        for i in 16..<31 { #expect(row[row.startIndex + 16 * 32 + i] > 0, "column \(i)") }
        #expect(row[row.startIndex + 16 * 32 + 31] == 1, "the tip at the right edge")
        #expect(row[row.startIndex + 4 * 32 + 20] == 0, "nothing away from the arm")
    }

    @Test func sizesOutOfRangeAreRefused() throws {
        for size in [-1, 0, 3, 257] {
            #expect(throws: ParameterError.self, "size \(size)") { try ArmObservation(size: size) }
            #expect(throws: DecodingError.self, "size \(size)") {
                try JSONDecoder().decode(ArmObservation.self, from: Data(#"{"size": \#(size)}"#.utf8))
            }
        }
        do {
            _ = try ArmObservation(size: 257)
        } catch {
            #expect(error.description == "ArmObservation: size must be from 4 to 256 (got 257)")
        }
        #expect(try JSONDecoder().decode(ArmObservation.self, from: Data("{}".utf8)).size == 32)
        let setting = try ArmObservation(size: 4)
        #expect(try JSONDecoder().decode(ArmObservation.self, from: JSONEncoder().encode(setting)) == setting)
        #expect(throws: ParameterError.self) { try ArmDomain(dimension: 0, observation: ArmObservation()) }
    }
}

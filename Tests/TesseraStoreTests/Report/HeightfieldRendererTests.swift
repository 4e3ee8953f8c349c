import Foundation
import Testing
@testable import TesseraStore

/// The colours of heightfield pictures: ramp, hillshade and missing values.
@Suite struct HeightfieldRendererTests {
    /// The pixels of an RGB buffer as triples.
    func pixels(_ rgb: [UInt8]) -> [[UInt8]] {
        stride(from: 0, to: rgb.count, by: 3).map { Array(rgb[$0..<($0 + 3)]) }
    }

    @Test(arguments: [Float(0), 3.5, -1e30])
    func aFlatFieldIsUniformAndUnshaded(level: Float) {
        let colors = Set(pixels(HeightfieldRenderer.rgb([Float](repeating: level, count: 12 * 7), width: 12, height: 7)))
        #expect(colors.count == 1)
        let middle = (HeightfieldRenderer.color(at: 0.5) * 255).rounded(.toNearestOrAwayFromZero)
        #expect(colors.first == [UInt8(middle.x), UInt8(middle.y), UInt8(middle.z)], "flat ground keeps the ramp's middle colour")
    }

    @Test func aRampWalksThroughTheColourRampUnderEvenLight() throws {
        let width = 101, height = 5
        // Rising eastwards at a constant slope: every pixel has the same normal, so the same light.
        let values = (0..<(width * height)).map { Float($0 % width) / Float(width - 1) }
        let rows = pixels(HeightfieldRenderer.rgb(values, width: width, height: height))
        let row = Array(rows[0..<width])
        for r in 1..<height { #expect(Array(rows[(r * width)..<((r + 1) * width)]) == row, "row \(r) equals row 0") }
        let relief = Double(width) / 4
        let factor = HeightfieldRenderer.shade(east: relief / Double(width - 1), south: 0)
        #expect(factor > 1, "a slope rising to the east faces the light in the north-west")
        for (column, pixel) in row.enumerated() {
            let expected = HeightfieldRenderer.color(at: Double(column) / Double(width - 1)) * factor * 255
            for channel in 0..<3 {
                #expect(abs(Double(pixel[channel]) - min(expected[channel], 255)) <= 0.5 + 1e-9, "column \(column)")
            }
        }
        // Between consecutive stops every channel moves one way only.
        let stops = HeightfieldRenderer.ramp.map { Int(($0.position * Double(width - 1)).rounded()) }
        for (start, end) in zip(stops, stops.dropFirst()) {
            for channel in 0..<3 {
                let values = row[start...end].map { Int($0[channel]) }
                let steps = zip(values, values.dropFirst()).map { $1 - $0 }
                #expect(steps.allSatisfy { $0 >= 0 } || steps.allSatisfy { $0 <= 0 },
                        "channel \(channel) between columns \(start) and \(end): \(values)")
            }
        }
        let low = row[0], high = row[width - 1]
        #expect(low[1] > low[0] && low[1] > low[2], "the lowest ground is green: \(low)")
        #expect(high == [255, 255, 255], "the highest ground is white: \(high)")
    }

    @Test func slopesFacingTheLightAreBrighterThanSlopesFacingAway() {
        // A cone: its north-west flank faces the light, its south-east flank faces away, and
        // points at the same distance from the top have the same height, so the same tint.
        let n = 17, top = 8
        let values = (0..<(n * n)).map { index -> Float in
            let (row, column) = (index / n - top, index % n - top)
            return -Float(row * row + column * column).squareRoot()
        }
        let rgb = pixels(HeightfieldRenderer.rgb(values, width: n, height: n))
        let lit = rgb[(top - 4) * n + top - 4], shaded = rgb[(top + 4) * n + top + 4]
        #expect(zip(lit, shaded).allSatisfy { $0 > $1 }, "lit \(lit), shaded \(shaded)")
        #expect(HeightfieldRenderer.shade(east: 0, south: 0) == 1, "flat ground is not darkened")
        #expect(HeightfieldRenderer.shade(east: -100, south: -100) == HeightfieldRenderer.ambient, "a cliff facing away")
    }

    @Test func missingValuesAreMagentaAndNeverCrash() {
        var values = (0..<(6 * 4)).map { Float($0) / 23 }
        values[7] = .nan
        values[12] = .infinity
        values[13] = -.infinity
        let rgb = pixels(HeightfieldRenderer.rgb(values, width: 6, height: 4))
        for index in [7, 12, 13] { #expect(rgb[index] == [255, 0, 255], "pixel \(index)") }
        #expect(rgb.indices.filter { rgb[$0] == [255, 0, 255] } == [7, 12, 13])
        for count in [1, 9] {
            let allMissing = pixels(HeightfieldRenderer.rgb([Float](repeating: .nan, count: count), width: count, height: 1))
            #expect(allMissing.allSatisfy { $0 == [255, 0, 255] })
        }
        let extremes: [Float] = [-.greatestFiniteMagnitude, .greatestFiniteMagnitude, .nan, 0]
        #expect(HeightfieldRenderer.rgb(extremes, width: 2, height: 2).count == 12)
    }

    @Test func picturesOfTheWrongSizeAreRefused() {
        let cases = [ReportPicture(caption: "a", width: 2, height: 2, values: [1, 2, 3]),
                     ReportPicture(caption: "b", width: 0, height: 2, values: []),
                     ReportPicture(caption: "c", width: 5_000, height: 1, values: [Float](repeating: 0, count: 5_000))]
        for picture in cases {
            #expect(throws: ReportError.self) { try HeightfieldRenderer.image(of: picture) }
        }
        #expect(throws: Never.self) { try HeightfieldRenderer.image(of: ReportPicture(caption: "d", width: 1, height: 1, values: [.nan])) }
    }
}

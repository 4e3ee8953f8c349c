import Testing
import Tessera
import TesseraTestSupport
@testable import TesseraTasks

@Suite struct ImageCanvasTests {
    /// Draws with `body` on a zeroed canvas over `[−10, 10] × [0, 40]` and returns the pixels.
    static func draw(size: Int = 32, _ body: (ImageCanvas) -> Void) -> [Float] {
        var pixels = [Float](repeating: 0, count: size * size)
        pixels.withUnsafeMutableBufferPointer { body(ImageCanvas(size: size, pixels: $0, minX: -10, minY: 0, maxX: 10, maxY: 40)) }
        return pixels
    }

    /// The coverage rule the canvas documents, over every pixel (no bounding boxes).
    static func reference(size: Int, reach: Float, intensity: Float, distance: (Float, Float) -> Float) -> [Float] {
        var pixels = [Float](repeating: 0, count: size * size)
        for j in 0..<size {
            for i in 0..<size {
                let d = distance(Float(i) + 0.5, Float(j) + 0.5)
                pixels[j * size + i] = min(max(reach - d, 0), 1) * intensity
            }
        }
        return pixels
    }

    static func segmentDistance(_ pu: Float, _ pv: Float, _ u0: Float, _ v0: Float, _ u1: Float, _ v1: Float) -> Float {
        let eu = u1 - u0, ev = v1 - v0, l2 = eu * eu + ev * ev
        let t = l2 > 0 ? min(max(((pu - u0) * eu + (pv - v0) * ev) / l2, 0), 1) : 0
        let du = pu - u0 - t * eu, dv = pv - v0 - t * ev
        return (du * du + dv * dv).squareRoot()
    }

    @Test func worldRectangleMapsOntoThePixelsWithRowZeroAtTheSmallestY() {
        _ = Self.draw { canvas in
            #expect(canvas.pixel(x: -10, y: 0) == (0, 0))
            #expect(canvas.pixel(x: 10, y: 40) == (32, 32))
            #expect(canvas.pixel(x: 0, y: 10) == (16, 8))
        }
        // A disc near (x, y) = (−10, 0) lights the first pixels of row 0, not of the last row.
        let corner = Self.draw { $0.disc(x: -9.6875, y: 0.625, radius: 1, intensity: 1) }
        #expect(corner[0] == 1)
        #expect(corner[31 * 32] == 0)
    }

    @Test func discsMatchTheCoverageRuleEverywhere() {
        var rng = TestSeeds.generator(7)
        for trial in 0..<40 {
            let u = Float.random(in: -3...35, using: &rng), v = Float.random(in: -3...35, using: &rng)
            let radius = Float.random(in: 0.5...4, using: &rng), intensity = Float.random(in: 0.2...1, using: &rng)
            let drawn = Self.draw { $0.disc(u: u, v: v, radius: radius, intensity: intensity) }
            let expected = Self.reference(size: 32, reach: radius + 0.5, intensity: intensity) { pu, pv in
                ((pu - u) * (pu - u) + (pv - v) * (pv - v)).squareRoot()
            }
            let worst = zip(drawn, expected).map { abs($0 - $1) }.max()!
            #expect(worst < 1e-5, "trial \(trial): disc at (\(u), \(v)) radius \(radius) differs by \(worst)")
        }
    }

    @Test func segmentsMatchTheCoverageRuleEverywhereHoweverLong() {
        var rng = TestSeeds.generator(11)
        for trial in 0..<60 {
            let u0 = Float.random(in: -20...52, using: &rng), v0 = Float.random(in: -20...52, using: &rng)
            let u1 = Float.random(in: -20...52, using: &rng), v1 = Float.random(in: -20...52, using: &rng)
            let width = Float.random(in: 0.5...3, using: &rng)
            let drawn = Self.draw { $0.segment(u0: u0, v0: v0, u1: u1, v1: v1, width: width, intensity: 0.8) }
            let expected = Self.reference(size: 32, reach: 0.5 * width + 0.5, intensity: 0.8) { pu, pv in
                Self.segmentDistance(pu, pv, u0, v0, u1, v1)
            }
            let worst = zip(drawn, expected).map { abs($0 - $1) }.max()!
            #expect(worst < 1e-4, "trial \(trial): segment (\(u0), \(v0)) to (\(u1), \(v1)) differs by \(worst)")
        }
    }

    @Test func aHorizontalLineOnPixelCentresLightsOneRow() {
        let pixels = Self.draw { $0.segment(u0: 2.5, v0: 10.5, u1: 29.5, v1: 10.5, width: 1, intensity: 1) }
        for i in 2...29 { #expect(pixels[10 * 32 + i] > 0.9999, "column \(i)") }
        #expect(pixels[10 * 32 + 0] == 0 && pixels[10 * 32 + 31] == 0)
        #expect(pixels[9 * 32 + 15] == 0 && pixels[11 * 32 + 15] == 0)
        #expect(pixels.filter { $0 > 0 }.count == 28)
    }

    @Test func shapesCombineByMaximumSoValuesStayInTheUnitRange() {
        var rng = TestSeeds.generator(3)
        var shapes: [(Float, Float, Float, Float)] = []
        for _ in 0..<50 {
            shapes.append((Float.random(in: 0...32, using: &rng), Float.random(in: 0...32, using: &rng),
                           Float.random(in: 0...32, using: &rng), Float.random(in: 0...32, using: &rng)))
        }
        let once = Self.draw { canvas in
            for (a, b, c, d) in shapes {
                canvas.segment(u0: a, v0: b, u1: c, v1: d, width: 2, intensity: 0.5)
                canvas.disc(u: a, v: b, radius: 3, intensity: 1)
            }
        }
        let twice = Self.draw { canvas in
            for (a, b, c, d) in shapes + shapes.reversed() {
                canvas.disc(u: a, v: b, radius: 3, intensity: 1)
                canvas.segment(u0: a, v0: b, u1: c, v1: d, width: 2, intensity: 0.5)
            }
        }
        #expect(ImageMeasures.inUnitRange(once))
        #expect(once == twice, "max is idempotent and order-free; a sum would grow")
        #expect(once.contains(1) && once.contains { $0 > 0 && $0 < 1 })
    }

    @Test func subPixelMovesChangeTheImageAndTheCentroidFollows() {
        var rng = TestSeeds.generator(5)
        for trial in 0..<100 {
            let u = Float.random(in: 3...29, using: &rng), v = Float.random(in: 3...29, using: &rng)
            let radius: Float = trial % 2 == 0 ? 1.25 : 1.5
            let pixels = Self.draw { $0.disc(u: u, v: v, radius: radius, intensity: 1) }
            let centroid = ImageMeasures.centroid(pixels[...], size: 32)!
            let error = max(abs(centroid.u - Double(u)), abs(centroid.v - Double(v)))
            #expect(error < 0.1, "trial \(trial): centroid \(centroid) for a disc at (\(u), \(v))")
            #expect(pixels.contains(1), "trial \(trial): a disc of radius ≥ 1 lights a pixel fully")
            let shifted = Self.draw { $0.disc(u: u + 0.2, v: v, radius: radius, intensity: 1) }
            #expect(shifted != pixels, "trial \(trial)")
        }
    }

    @Test func shapesOffTheCanvasOrNotFiniteDrawNothing() {
        let pixels = Self.draw { canvas in
            canvas.disc(u: -2, v: 10, radius: 1.4, intensity: 1)
            canvas.disc(u: .nan, v: 10, radius: 1, intensity: 1)
            canvas.disc(u: 1e30, v: -1e30, radius: 1, intensity: 1)
            canvas.segment(u0: -1e9, v0: -5, u1: 1e9, v1: -5, width: 1, intensity: 1)
            canvas.segment(u0: .infinity, v0: 3, u1: 4, v1: 3, width: 1, intensity: 1)
            canvas.segment(u0: 40, v0: 40, u1: 35, v1: 50, width: 4, intensity: 1)
        }
        #expect(pixels.allSatisfy { $0 == 0 })
    }

    @Test func clearZeroesOnlyItsOwnPixels() {
        var pixels = [Float](repeating: 0.5, count: 4 * 4 + 3)
        pixels.withUnsafeMutableBufferPointer { ImageCanvas(size: 4, pixels: $0, minX: 0, minY: 0, maxX: 1, maxY: 1).clear() }
        #expect(pixels[..<16].allSatisfy { $0 == 0 } && pixels[16...].allSatisfy { $0 == 0.5 })
    }
}

import Tessera

/// A square greyscale image drawn straight into a caller's buffer: `size × size` Floats in
/// [0, 1], row-major, which the built-in tasks use to write observations into the rows of
/// an ``EvaluationBatch`` without allocating.
///
/// The canvas maps a world rectangle `[minX, maxX] × [minY, maxY]` onto the pixels, each axis
/// stretched on its own: column `i` covers world x from `minX + i · w` to `minX + (i + 1) · w`
/// with `w = (maxX − minX) / size`, and row `j` likewise covers y from `minY + j · h`, so
/// **row 0 holds the smallest y** and pixel `(i, j)` is element `j · size + i`. Continuous
/// pixel coordinates `(u, v)` run from 0 to `size` along x and y; pixel `(i, j)` has its
/// centre at `(i + 0.5, j + 0.5)`.
///
/// Shapes are anti-aliased by coverage: a pixel whose centre is at distance `d` from the
/// shape's edge, measured in pixels, is lit by `clamp(0.5 − d, 0, 1)` inside and out, so an
/// edge fades over one pixel and sub-pixel positions change the values. Shapes combine by
/// taking the maximum, never the sum, so every value stays in [0, 1]. Every shape touches
/// only the pixels of its bounding box (a long segment is drawn as pieces, each with its
/// own box), never the whole image.
///
/// The canvas does not own its pixels: it must not outlive the buffer it was given.
struct ImageCanvas {
    /// The image sizes the tasks accept, in pixels per side.
    static let sizes = 4...256

    /// The pixels per side.
    let size: Int
    /// `size × size` values, row-major, row 0 at the smallest y.
    let pixels: UnsafeMutableBufferPointer<Float>
    private let minX: Double, minY: Double
    private let scaleX: Double, scaleY: Double
    /// The length, in pixels, of the pieces a long segment is drawn as.
    private static let pieceLength: Float = 4

    /// Wraps `pixels` as an image of the world rectangle `[minX, maxX] × [minY, maxY]`.
    ///
    /// - Parameters:
    ///   - size: The pixels per side.
    ///   - pixels: At least `size × size` Floats; the canvas writes only the first `size × size`.
    ///   - minX: The world x at the left edge of column 0.
    ///   - minY: The world y at the edge of row 0.
    ///   - maxX: The world x at the right edge of the last column; greater than `minX`.
    ///   - maxY: The world y at the far edge of the last row; greater than `minY`.
    /// - Precondition: `size ≥ 1`, `pixels.count ≥ size²` and a rectangle of positive width and height.
    init(size: Int, pixels: UnsafeMutableBufferPointer<Float>, minX: Double, minY: Double, maxX: Double, maxY: Double) {
        precondition(size >= 1 && pixels.count >= size * size, "a canvas of \(size)² pixels needs as many Floats")
        precondition(maxX > minX && maxY > minY, "the canvas's rectangle is empty")
        self.size = size
        self.pixels = pixels
        self.minX = minX
        self.minY = minY
        scaleX = Double(size) / (maxX - minX)
        scaleY = Double(size) / (maxY - minY)
    }

    /// Sets every pixel to 0.
    ///
    /// - Complexity: O(size²).
    func clear() {
        UnsafeMutableBufferPointer(rebasing: pixels[0 ..< size * size]).update(repeating: 0)
    }

    /// The continuous pixel coordinates of a world point (pixel `(i, j)` spans `[i, i + 1) × [j, j + 1)`).
    @inline(__always)
    func pixel(x: Double, y: Double) -> (u: Float, v: Float) {
        (Float((x - minX) * scaleX), Float((y - minY) * scaleY))
    }

    /// Draws a filled disc centred on a world point.
    ///
    /// - Parameters:
    ///   - x: The centre's world x.
    ///   - y: The centre's world y.
    ///   - radius: The radius in pixels (not world units).
    ///   - intensity: The value inside the disc, in [0, 1].
    /// - Complexity: O((radius + 1)²).
    func disc(x: Double, y: Double, radius: Float, intensity: Float) {
        let (u, v) = pixel(x: x, y: y)
        disc(u: u, v: v, radius: radius, intensity: intensity)
    }

    /// Draws a filled disc centred on continuous pixel coordinates.
    ///
    /// - Parameters:
    ///   - u: The centre along x, in pixels.
    ///   - v: The centre along y, in pixels.
    ///   - radius: The radius in pixels.
    ///   - intensity: The value inside the disc, in [0, 1].
    /// - Complexity: O((radius + 1)²).
    func disc(u: Float, v: Float, radius: Float, intensity: Float) {
        let reach = radius + 0.5
        guard let (i0, i1, j0, j1) = box(u - reach, u + reach, v - reach, v + reach) else { return }
        for j in j0...j1 {
            let dy = Float(j) + 0.5 - v
            let row = j * size
            for i in i0...i1 {
                let dx = Float(i) + 0.5 - u
                light(row + i, distanceSquared: dx * dx + dy * dy, reach: reach, intensity: intensity)
            }
        }
    }

    /// Draws a line segment of the given width between two world points, with round ends.
    ///
    /// - Parameters:
    ///   - x0: The first end's world x.
    ///   - y0: The first end's world y.
    ///   - x1: The second end's world x.
    ///   - y1: The second end's world y.
    ///   - width: The width in pixels.
    ///   - intensity: The value on the segment, in [0, 1].
    /// - Complexity: O((length + width + 1) × (width + 1)), lengths in pixels.
    func segment(x0: Double, y0: Double, x1: Double, y1: Double, width: Float, intensity: Float) {
        let (u0, v0) = pixel(x: x0, y: y0)
        let (u1, v1) = pixel(x: x1, y: y1)
        segment(u0: u0, v0: v0, u1: u1, v1: v1, width: width, intensity: intensity)
    }

    /// Draws a line segment of the given width between two points in continuous pixel
    /// coordinates, with round ends.
    ///
    /// A segment longer than a few pixels is drawn as consecutive pieces: the distance to
    /// the whole segment is the least distance to its pieces, and lighting takes the
    /// maximum, so the pieces give exactly the pixels the whole would.
    /// - Complexity: O((length + width + 1) × (width + 1)), lengths in pixels.
    func segment(u0: Float, v0: Float, u1: Float, v1: Float, width: Float, intensity: Float) {
        guard u0.isFinite, v0.isFinite, u1.isFinite, v1.isFinite else { return }
        let reach = 0.5 * width + 0.5
        let eu = u1 - u0, ev = v1 - v0
        let length = (eu * eu + ev * ev).squareRoot()
        // Far off the canvas: nothing to draw (and no huge piece count).
        guard let _ = box(min(u0, u1) - reach, max(u0, u1) + reach, min(v0, v1) - reach, max(v0, v1) + reach) else { return }
        let pieces = max(1, Int((length / Self.pieceLength).rounded(.up)))
        let step = 1 / Float(pieces)
        var au = u0, av = v0
        for k in 1...pieces {
            let t = Float(k) * step
            let bu = k == pieces ? u1 : u0 + t * eu, bv = k == pieces ? v1 : v0 + t * ev
            piece(au, av, bu, bv, reach: reach, intensity: intensity)
            au = bu
            av = bv
        }
    }

    /// Lights the pixels within `reach − 0.5` of the segment from `(au, av)` to `(bu, bv)`.
    private func piece(_ au: Float, _ av: Float, _ bu: Float, _ bv: Float, reach: Float, intensity: Float) {
        guard let (i0, i1, j0, j1) = box(min(au, bu) - reach, max(au, bu) + reach,
                                         min(av, bv) - reach, max(av, bv) + reach) else { return }
        let eu = bu - au, ev = bv - av
        let lengthSquared = eu * eu + ev * ev
        let inverse: Float = lengthSquared > 0 ? 1 / lengthSquared : 0
        for j in j0...j1 {
            let pv = Float(j) + 0.5 - av
            let row = j * size
            for i in i0...i1 {
                let pu = Float(i) + 0.5 - au
                let t = min(max((pu * eu + pv * ev) * inverse, 0), 1)
                let du = pu - t * eu, dv = pv - t * ev
                light(row + i, distanceSquared: du * du + dv * dv, reach: reach, intensity: intensity)
            }
        }
    }

    /// Raises pixel `index`, whose centre is at distance `√distanceSquared` from the shape's
    /// skeleton (its centre or its segment), to `clamp(reach − distance, 0, 1) × intensity`
    /// if that is brighter; the square root is taken only on the one-pixel fading edge.
    @inline(__always)
    private func light(_ index: Int, distanceSquared: Float, reach: Float, intensity: Float) {
        guard distanceSquared < reach * reach else { return }
        let inner = reach - 1
        let coverage = inner > 0 && distanceSquared <= inner * inner ? 1 : min(reach - distanceSquared.squareRoot(), 1)
        let value = coverage * intensity
        if value > pixels[index] { pixels[index] = value }
    }

    /// The pixel columns `i0...i1` and rows `j0...j1` whose squares meet the box
    /// `[lowU, highU] × [lowV, highV]`, or `nil` when none does (or a bound is NaN).
    @inline(__always)
    private func box(_ lowU: Float, _ highU: Float, _ lowV: Float, _ highV: Float) -> (Int, Int, Int, Int)? {
        let side = Float(size)
        guard highU >= 0, highV >= 0, lowU < side, lowV < side else { return nil }
        let i0 = Int(max(lowU, 0)), i1 = Int(min(highU, side - 1))
        let j0 = Int(max(lowV, 0)), j1 = Int(min(highV, side - 1))
        return (i0, i1, j0, j1)
    }
}

/// Measures of a square observation image for the observation tests.
enum ImageMeasures {
    /// The centroid, in continuous pixel coordinates (pixel `(i, j)` centred on
    /// `(i + 0.5, j + 0.5)`), of the values above `floor`, each weighted by its excess over
    /// `floor`; `nil` when no value exceeds it.
    static func centroid(_ pixels: ArraySlice<Float>, size: Int, above floor: Float = 0) -> (u: Double, v: Double)? {
        precondition(pixels.count == size * size)
        var total = 0.0, su = 0.0, sv = 0.0
        for (k, value) in pixels.enumerated() where value > floor {
            let w = Double(value - floor)
            total += w
            su += w * (Double(k % size) + 0.5)
            sv += w * (Double(k / size) + 0.5)
        }
        return total > 0 ? (su / total, sv / total) : nil
    }

    /// The number of pixels above 0.
    static func litCount(_ pixels: ArraySlice<Float>) -> Int {
        pixels.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
    }

    /// Whether every value is in [0, 1].
    static func inUnitRange(_ pixels: some Collection<Float>) -> Bool {
        pixels.allSatisfy { $0 >= 0 && $0 <= 1 }
    }

    /// The continuous pixel coordinates of world point `(x, y)` in an image of
    /// `[minX, maxX] × [minY, maxY]`, row 0 at `minY`, computed independently of the canvas.
    static func pixel(x: Double, y: Double, size: Int, minX: Double, minY: Double, maxX: Double, maxY: Double) -> (u: Double, v: Double) {
        ((x - minX) / (maxX - minX) * Double(size), (y - minY) / (maxY - minY) * Double(size))
    }
}

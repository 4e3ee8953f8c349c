import Foundation

/// Draws a heightfield as a shaded relief map: hypsometric tints times a hillshade.
///
/// Each finite value `v` gets the colour of the ramp at `t = (v - lo) / (hi - lo)`, where
/// `lo` and `hi` are the smallest and largest finite values of the same picture (so every
/// picture uses the whole ramp; a flat field, `lo == hi`, takes `t = 0.5` everywhere):
///
/// | `t`  | colour     | RGB           |
/// |------|------------|---------------|
/// | 0    | deep green | 26, 92, 46    |
/// | 0.45 | tan        | 210, 180, 140 |
/// | 0.8  | brown      | 139, 90, 43   |
/// | 1    | white      | 255, 255, 255 |
///
/// with linear interpolation between the stops. The colour is then multiplied by
/// `0.3 + 0.7 · s / sin 45°`, where `s = max(0, n · l)` is the Lambertian hillshade: `l`
/// points to a light in the north-west (azimuth 315°) at 45° elevation, and `n` is the
/// unit normal of the surface `z = t · r`, whose slopes are central differences of
/// neighbouring values (one-sided at the border and beside non-finite values). The relief
/// `r` is a quarter of the picture's longer side in pixels: a 128 × 128 field is shaded
/// with a z-factor of 32 over its range, so hills of a few pixels show. Flat ground keeps
/// its ramp colour exactly (factor 1), slopes facing the light brighten (up to about 1.29,
/// clamped at 255 per channel) and slopes facing away darken to 0.3.
///
/// Row 0 is north (the top of the picture) and column 0 is west. NaN and infinite values
/// are drawn in magenta (255, 0, 255), unshaded; a picture with no finite value is all
/// magenta.
enum HeightfieldRenderer {
    /// The colour stops of the ramp: position in `0...1` and red, green, blue in `0...1`.
    static let ramp: [(position: Double, color: SIMD3<Double>)] = [
        (0, SIMD3(26, 92, 46) / 255),
        (0.45, SIMD3(210, 180, 140) / 255),
        (0.8, SIMD3(139, 90, 43) / 255),
        (1, SIMD3(255, 255, 255) / 255),
    ]
    /// The colour of NaN and infinite values.
    static let missingColor: [UInt8] = [255, 0, 255]
    /// The shading factor of a slope facing away from the light.
    static let ambient = 0.3
    /// The unit vector towards the light (east, north, up): azimuth 315°, elevation 45°.
    static let light = SIMD3(-0.5, 0.5, 0.5.squareRoot())

    /// The PNG image of `picture`.
    ///
    /// - Throws: ``ReportError`` unless both sides are in `1...4096` and the picture holds
    ///   `width * height` values.
    static func image(of picture: ReportPicture) throws -> PNGImage {
        try validate(picture)
        return try PNGImage(width: picture.width, height: picture.height,
                            rgb: rgb(picture.values, width: picture.width, height: picture.height))
    }

    /// Checks that `picture` can be drawn.
    ///
    /// - Throws: ``ReportError`` unless both sides are in `1...4096` and the picture holds
    ///   `width * height` values.
    static func validate(_ picture: ReportPicture) throws {
        guard (1...PNGImage.maximumSide).contains(picture.width) && (1...PNGImage.maximumSide).contains(picture.height) else {
            throw ReportError("picture \"\(picture.caption)\" is \(picture.width) x \(picture.height) pixels; "
                              + "each side must be between 1 and \(PNGImage.maximumSide)")
        }
        guard picture.values.count == picture.width * picture.height else {
            throw ReportError("picture \"\(picture.caption)\" has \(picture.values.count) values; "
                              + "\(picture.width) x \(picture.height) pixels need \(picture.width * picture.height)")
        }
    }

    /// The ramp's colour at `t`, red, green and blue in `0...1`; `t` is clamped to `0...1`.
    static func color(at t: Double) -> SIMD3<Double> {
        let t = min(max(t, 0), 1)
        for (lower, upper) in zip(ramp, ramp.dropFirst()) where t <= upper.position {
            let f = (t - lower.position) / (upper.position - lower.position)
            return lower.color + (upper.color - lower.color) * f
        }
        return ramp[ramp.count - 1].color
    }

    /// The shading factor of a surface with slopes `east` and `south` (height change per
    /// pixel in each direction): `ambient + (1 - ambient) · max(0, n · l) / sin 45°`.
    static func shade(east: Double, south: Double) -> Double {
        // The surface z(e, n) with dz/dn = -south has the normal (-dz/de, -dz/dn, 1).
        let normal = SIMD3(-east, south, 1)
        let lit = max(0, (normal * light).sum() / (normal * normal).sum().squareRoot())
        return ambient + (1 - ambient) * lit / light.z
    }

    /// Red, green and blue of each value, row-major, `3 * width * height` bytes.
    ///
    /// - Parameters:
    ///   - values: The heights, row-major, `width * height` of them.
    ///   - width: The number of columns.
    ///   - height: The number of rows.
    /// - Complexity: O(*w* · *h*).
    static func rgb(_ values: [Float], width: Int, height: Int) -> [UInt8] {
        precondition(width >= 1 && height >= 1 && values.count == width * height, "values must fill width x height")
        var lo = Double.infinity, hi = -Double.infinity
        for value in values where value.isFinite {
            lo = min(lo, Double(value))
            hi = max(hi, Double(value))
        }
        let span = hi - lo
        let relief = Double(max(width, height)) / 4
        // Heights in pixels, or nil where the value is not finite.
        let z: [Double?] = values.map { value in
            guard value.isFinite else { return nil }
            return span > 0 ? (Double(value) - lo) / span * relief : relief / 2
        }
        var rgb = [UInt8]()
        rgb.reserveCapacity(3 * values.count)
        for row in 0..<height {
            for column in 0..<width {
                let index = row * width + column
                guard let centre = z[index] else {
                    rgb += missingColor
                    continue
                }
                let west = column > 0 ? z[index - 1] : nil
                let east = column + 1 < width ? z[index + 1] : nil
                let north = row > 0 ? z[index - width] : nil
                let south = row + 1 < height ? z[index + width] : nil
                let factor = shade(east: slope(from: west, through: centre, to: east),
                                   south: slope(from: north, through: centre, to: south))
                let t = centre / relief
                let shaded = (color(at: t) * (factor * 255)).rounded(.toNearestOrAwayFromZero)
                for channel in 0..<3 { rgb.append(UInt8(min(max(shaded[channel], 0), 255))) }
            }
        }
        return rgb
    }

    /// The height change per pixel from `before` to `after`: a central difference, or a
    /// one-sided one when a neighbour is missing, or 0 when both are.
    private static func slope(from before: Double?, through centre: Double, to after: Double?) -> Double {
        switch (before, after) {
        case let (before?, after?): return (after - before) / 2
        case let (nil, after?): return after - centre
        case let (before?, nil): return centre - before
        case (nil, nil): return 0
        }
    }
}

import Tessera

/// What a ``MazeDomain`` reports as each evaluation's observation: a top-down greyscale
/// image of the map's ``MazeMap/bounds``, `size × size` pixels in [0, 1], for learned
/// descriptors (TAXONS, AURORA) to be made from.
///
/// The image shows the robot's final position as an anti-aliased disc of radius
/// ``finalRadius(size:)`` pixels (an eighth of the side: wider than the robot, so that
/// nearby positions overlap and a learner sees how far apart they are) at intensity 1 and, with ``trajectory``, the path the robot took
/// as a line ``pathWidth`` pixels wide at intensity ``pathIntensity``. Walls are not drawn.
/// The bounds are stretched onto the square along each axis on its own; row 0 holds the
/// smallest y (see `Docs/Observations.md`).
public struct MazeObservation: Hashable, Sendable {
    /// The radius of the final position's disc, in pixels, for images of `size` pixels a
    /// side: an eighth of the side, at least 1.25 pixels (4 pixels at 32).
    public static func finalRadius(size: Int) -> Float { max(1.25, Float(size) / 8) }
    /// The width of the drawn path, in pixels.
    public static let pathWidth: Float = 1
    /// The value of the drawn path (the final position is at 1).
    public static let pathIntensity: Float = 0.5

    /// The pixels per side, from 4 to 256.
    public let size: Int
    /// Whether the image also shows the path, not only the final position.
    public let trajectory: Bool

    /// Creates the setting.
    ///
    /// - Parameters:
    ///   - size: The pixels per side, from 4 to 256 (32 by default).
    ///   - trajectory: Whether to draw the path as well as the final position (no by default).
    /// - Throws: ``ParameterError`` for a size out of range.
    public init(size: Int = 32, trajectory: Bool = false) throws(ParameterError) {
        guard ImageCanvas.sizes.contains(size) else {
            throw ParameterError(type: "MazeObservation", parameter: "size",
                                 problem: "must be from \(ImageCanvas.sizes.lowerBound) to \(ImageCanvas.sizes.upperBound) (got \(size))")
        }
        self.size = size
        self.trajectory = trajectory
    }

    /// The number of Floats of one observation, `size × size`.
    public var dimension: Int { size * size }
}

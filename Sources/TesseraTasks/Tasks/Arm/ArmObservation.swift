import Tessera

/// What an ``ArmDomain`` reports as each evaluation's observation: a greyscale image of the
/// arm's final pose over the square `[−D, D]²` (D links of length 1), `size × size` pixels
/// in [0, 1], for learned descriptors (TAXONS, AURORA) to be made from.
///
/// Every link is an anti-aliased segment ``linkWidth`` pixels wide at intensity
/// ``linkIntensity`` from joint to joint; the end effector is a disc of radius
/// ``effectorRadius`` pixels at intensity 1. Row 0 holds the smallest y (see
/// `Docs/Observations.md`).
public struct ArmObservation: Hashable, Sendable {
    /// The width of a link, in pixels.
    public static let linkWidth: Float = 1
    /// The value of a link (the end effector is at 1).
    public static let linkIntensity: Float = 0.5
    /// The radius of the end effector's disc, in pixels.
    public static let effectorRadius: Float = 1.5

    /// The pixels per side, from 4 to 256.
    public let size: Int

    /// Creates the setting.
    ///
    /// - Parameter size: The pixels per side, from 4 to 256 (32 by default).
    /// - Throws: ``ParameterError`` for a size out of range.
    public init(size: Int = 32) throws(ParameterError) {
        guard ImageCanvas.sizes.contains(size) else {
            throw ParameterError(type: "ArmObservation", parameter: "size",
                                 problem: "must be from \(ImageCanvas.sizes.lowerBound) to \(ImageCanvas.sizes.upperBound) (got \(size))")
        }
        self.size = size
    }

    /// The number of Floats of one observation, `size × size`.
    public var dimension: Int { size * size }
}

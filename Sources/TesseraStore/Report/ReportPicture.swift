/// One output of a run drawn as a picture, e.g. a terrain heightfield that a diffusion
/// model generated for an elite.
///
/// The report draws the values as a shaded relief map at the picture's native size (one
/// pixel per value); see ``ReportInput/pictures`` for where it appears.
public struct ReportPicture: Sendable, Equatable {
    /// The text under the picture, e.g. `"cell 12 · reward 0.8123 · mean slope 0.21"`;
    /// the report escapes it.
    public var caption: String
    /// The number of columns, in `1...4096`.
    public var width: Int
    /// The number of rows, in `1...4096`.
    public var height: Int
    /// The heights, row-major (`values[row * width + column]`, row 0 at the top, north):
    /// `width * height` of them. Non-finite values are drawn in magenta.
    public var values: [Float]

    /// Creates a picture of a heightfield.
    ///
    /// ``ArchiveReport/init(_:)`` checks the sizes; this initialiser stores what it is given.
    ///
    /// - Parameters:
    ///   - caption: The text under the picture.
    ///   - width: The number of columns.
    ///   - height: The number of rows.
    ///   - values: The heights, row-major, `width * height` of them.
    public init(caption: String, width: Int, height: Int, values: [Float]) {
        self.caption = caption
        self.width = width
        self.height = height
        self.values = values
    }
}

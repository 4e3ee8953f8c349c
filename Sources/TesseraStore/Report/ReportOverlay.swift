/// Lines and marked points drawn over the archive's 2-D plot, in descriptor coordinates:
/// a maze's walls, its start and its goal.
///
/// A task that has a picture of its descriptor space gives one when its file is created;
/// files keep it under the `tessera_file` key `report_overlay` (JSON), and the report
/// draws it over the grid, the Voronoi diagram or the scatter plot.
public struct ReportOverlay: Codable, Hashable, Sendable {
    /// A line segment from (x1, y1) to (x2, y2).
    public struct Segment: Codable, Hashable, Sendable {
        public var x1: Double, y1: Double, x2: Double, y2: Double
        /// A segment.
        public init(x1: Double, y1: Double, x2: Double, y2: Double) {
            self.x1 = x1
            self.y1 = y1
            self.x2 = x2
            self.y2 = y2
        }
    }

    /// A labelled point.
    public struct Marker: Codable, Hashable, Sendable {
        public var label: String, x: Double, y: Double
        /// A marker.
        public init(label: String, x: Double, y: Double) {
            self.label = label
            self.x = x
            self.y = y
        }
    }

    /// The lines (walls).
    public var segments: [Segment]
    /// The labelled points (start, goal).
    public var markers: [Marker]

    /// An overlay.
    public init(segments: [Segment], markers: [Marker] = []) {
        self.segments = segments
        self.markers = markers
    }

    /// Whether every coordinate is finite and every label at most 40 characters (how a
    /// value read from a file is checked).
    public var isValid: Bool {
        segments.allSatisfy { [$0.x1, $0.y1, $0.x2, $0.y2].allSatisfy(\.isFinite) }
            && markers.allSatisfy { $0.x.isFinite && $0.y.isFinite && $0.label.count <= 40 }
            && segments.count <= 100_000 && markers.count <= 100
    }
}

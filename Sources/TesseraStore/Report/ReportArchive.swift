/// The layout of the archive a report draws: how cells partition the descriptor box.
///
/// All bounds arrays hold one value per descriptor dimension, with `lower[i] < upper[i]`.
public enum ReportArchive: Sendable, Equatable {
    /// A regular grid (MAP-Elites). Cells are raveled row-major:
    /// in 2-D, `cell = i0 * shape[1] + i1`.
    ///
    /// - Parameters:
    ///   - shape: Bins per dimension.
    ///   - lower: The lower bound of the descriptor box per dimension.
    ///   - upper: The upper bound of the descriptor box per dimension.
    case grid(shape: [Int], lower: [Double], upper: [Double])
    /// A centroidal Voronoi tessellation (CVT-MAP-Elites; Vassiliades et al. 2018).
    /// Cell `k` holds the descriptors nearest (Euclidean) to centroid `k`.
    ///
    /// - Parameters:
    ///   - centroids: The centroids, flat row-major: shape `[cellCount, dimension]`.
    ///   - dimension: The descriptor dimension.
    ///   - lower: The lower bound of the descriptor box per dimension.
    ///   - upper: The upper bound of the descriptor box per dimension.
    case cvt(centroids: [Double], dimension: Int, lower: [Double], upper: [Double])
    /// An archive without fixed cells (novelty search, unstructured archives):
    /// elites are placed by their descriptors.
    ///
    /// - Parameters:
    ///   - dimension: The descriptor dimension.
    ///   - lower: The lower bound of the descriptor box per dimension.
    ///   - upper: The upper bound of the descriptor box per dimension.
    case unstructured(dimension: Int, lower: [Double], upper: [Double])

    /// The descriptor dimension.
    public var dimension: Int {
        switch self {
        case .grid(let shape, _, _): shape.count
        case .cvt(_, let dimension, _, _), .unstructured(let dimension, _, _): dimension
        }
    }

    /// The number of cells, or `nil` for an unstructured archive.
    public var cellCount: Int? {
        switch self {
        case .grid(let shape, _, _): shape.reduce(1, *)
        case .cvt(let centroids, let dimension, _, _): dimension > 0 ? centroids.count / dimension : 0
        case .unstructured: nil
        }
    }

    /// The lower bound of the descriptor box per dimension.
    public var lower: [Double] {
        switch self {
        case .grid(_, let lower, _), .cvt(_, _, let lower, _), .unstructured(_, let lower, _): lower
        }
    }

    /// The upper bound of the descriptor box per dimension.
    public var upper: [Double] {
        switch self {
        case .grid(_, _, let upper), .cvt(_, _, _, let upper), .unstructured(_, _, let upper): upper
        }
    }
}

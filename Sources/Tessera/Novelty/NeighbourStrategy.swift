/// How a ``NearestNeighbours`` index answers queries.
///
/// Every strategy returns exactly the answer of ``bruteForce``: the same indices and the
/// same distances, bit for bit, with ties going to the lower index. They differ only in speed.
public enum NeighbourStrategy: String, Codable, Sendable, CaseIterable {
    /// One exact distance per query-point pair, in index order.
    case bruteForce = "brute"
    /// k-d trees over the points (Friedman, Bentley & Finkel 1977), kept under appends by the
    /// logarithmic method (Bentley & Saxe 1980): a few trees of geometrically decreasing size.
    case kdTree = "tree"
    /// Blocks of queries against blocks of points. For the Euclidean distance, scores
    /// `‖p‖² − 2 q·p` come from one BLAS `dgemm` per block; for the half-Manhattan distance,
    /// where no product applies, from a loop with eight interleaved partial sums. Either way the scores only screen
    /// candidates, whose exact distances are then computed with the scalar formula.
    case blas

    /// The largest dimension for which ``automatic(count:dimension:distance:)`` picks the
    /// k-d tree.
    public static let largestTreeDimension = 8

    /// The number of points below which ``automatic(count:dimension:distance:)`` picks
    /// ``bruteForce``.
    public static let bruteForceLimit = 64

    /// The strategy Tessera uses for a given shape.
    ///
    /// A linear scan below ``bruteForceLimit`` points; otherwise the k-d tree up to
    /// ``largestTreeDimension`` dimensions and the blocked strategy above. The crossovers
    /// were measured with `tessera bench knn` on 1,000 uniform queries, k = 15 (see
    /// `Docs/Benchmarks.md`): the k-d tree beats the scan from about 32 points in 2-D and
    /// ties it up to about 256 points in 8-D, the product beats the scan from about 128
    /// points in 16-D; at 16,384 and 100,000 points the tree wins up to 8 dimensions and the
    /// product from about 10.
    ///
    /// - Parameters:
    ///   - count: The number of points in the index.
    ///   - dimension: The number of coordinates per point.
    ///   - distance: The distance in use.
    /// - Returns: The chosen strategy.
    /// - Complexity: O(1).
    public static func automatic(count: Int, dimension: Int, distance: BehaviourDistance) -> NeighbourStrategy {
        if count < bruteForceLimit { return .bruteForce }
        return family(dimension: dimension)
    }

    /// The strategy for large sets in `dimension` dimensions: the one whose search structure
    /// an index keeps up to date as points are appended.
    static func family(dimension: Int) -> NeighbourStrategy {
        dimension <= largestTreeDimension ? .kdTree : .blas
    }
}

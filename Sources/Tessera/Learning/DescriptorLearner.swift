/// Learns a low-dimensional descriptor (a code) from raw observation rows.
///
/// AURORA (Grillotti & Cully 2022) and TAXONS (Paolo et al. 2020) do not define the
/// descriptor space by hand: they fit an encoder to the raw observations of the archive
/// (images, trajectories) and use its code as the descriptor and its reconstruction error
/// as a "surprise" score. A learner is that encoder. Observations are Float rows,
/// row-major and contiguous; codes and errors are Double, because archives and novelty
/// work in Double.
///
/// Conforming types: ``PCALearner`` (linear, closed form through LAPACK) and
/// ``Autoencoder`` (a dense autoencoder trained with Adam).
///
/// A learner is a value: `fit` mutates it, and its whole state (configuration and learned
/// parameters) is `Codable`, so it is saved with the run and reloaded exactly.
///
/// Before the first fit, the encoding is still deterministic: a ``PCALearner`` returns
/// zero codes and reconstructs every row as zero; an ``Autoencoder`` uses its seeded
/// initial weights.
public protocol DescriptorLearner: Codable, Sendable {
    /// The number of Float components of each observation row.
    var inputDimension: Int { get }
    /// The number of components of each code (the learned descriptor).
    var codeDimension: Int { get }
    /// Whether `fit` has run at least once.
    ///
    /// Before the first fit, ``encode(_:count:)`` still works and is deterministic (see the
    /// conforming type for what it returns).
    var isFitted: Bool { get }
    /// Fits on `count` rows of `inputDimension` Floats (row-major, contiguous).
    ///
    /// The result is deterministic for the same rows, seed and starting state.
    ///
    /// - Parameters:
    ///   - observations: `count × inputDimension` Floats, row-major.
    ///   - count: The number of rows.
    ///   - seed: Drives every random choice of the fit (shuffles, held-out split).
    /// - Returns: What the fit did, for the run history.
    /// - Throws: ``LearnerError`` for a buffer of the wrong size, a NaN or infinite
    ///   value, too few rows or a LAPACK failure. The learner is unchanged when it throws.
    @discardableResult
    mutating func fit(_ observations: [Float], count: Int, seed: UInt64) throws -> LearnerFit
    /// Codes of `count` rows: `count × codeDimension` Doubles, row-major.
    ///
    /// - Precondition: `observations.count == count × inputDimension`.
    func encode(_ observations: [Float], count: Int) -> [Double]
    /// Per-row reconstruction error: the mean squared error per component between a row
    /// and its reconstruction (one Double per row).
    ///
    /// - Precondition: `observations.count == count × inputDimension`.
    func reconstructionErrors(_ observations: [Float], count: Int) -> [Double]
    /// Codes and reconstruction errors in one pass.
    ///
    /// The default calls ``encode(_:count:)`` and ``reconstructionErrors(_:count:)``;
    /// conforming types override it to share the work.
    ///
    /// - Precondition: `observations.count == count × inputDimension`.
    func encodeWithErrors(_ observations: [Float], count: Int) -> (codes: [Double], errors: [Double])
}

extension DescriptorLearner {
    /// Codes and reconstruction errors by two separate passes.
    ///
    /// - Complexity: That of ``encode(_:count:)`` plus ``reconstructionErrors(_:count:)``.
    public func encodeWithErrors(_ observations: [Float], count: Int) -> (codes: [Double], errors: [Double]) {
        (encode(observations, count: count), reconstructionErrors(observations, count: count))
    }
}

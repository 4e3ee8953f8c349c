/// What one call of ``DescriptorLearner/fit(_:count:seed:)`` did, for the run history.
public struct LearnerFit: Codable, Hashable, Sendable {
    /// The rows given to `fit`, training and held-out together.
    public var rows: Int
    /// The rows kept out of training to choose the epoch (0 without a held-out split).
    public var heldOutRows: Int
    /// Training epochs run; 0 for ``PCALearner``, which has none.
    public var epochs: Int
    /// The epoch whose weights were kept (1-based), or `nil` when the learner has no
    /// epochs. Without a held-out split it is the last epoch run.
    public var keptEpoch: Int?
    /// The training loss: the mean per-row reconstruction error (mean squared error per
    /// component) on the training rows. For ``Autoencoder`` it is the mean of the minibatch
    /// losses seen during the kept epoch; for ``PCALearner`` it is exact.
    public var trainingLoss: Double
    /// The mean per-row reconstruction error on the held-out rows with the kept weights,
    /// or `nil` when there was no held-out split.
    public var heldOutLoss: Double?
    /// The fraction of the total variance the used components explain (``PCALearner``
    /// only; `nil` for ``Autoencoder``). 1 for data with no variance.
    public var explainedVarianceRatio: Double?
    /// The components in use after the fit (``PCALearner`` only): `k` for a fixed count,
    /// the chosen `k` for an explained-variance target.
    public var components: Int?
    /// Whether training stopped before the configured number of epochs because the
    /// held-out loss had not improved for the configured patience.
    public var stoppedEarly: Bool
    /// Wall time of the fit in seconds, from a monotonic clock.
    public var seconds: Double

    /// Creates a fit report.
    ///
    /// - Parameters:
    ///   - rows: The rows given to `fit`.
    ///   - heldOutRows: The rows kept out of training.
    ///   - epochs: Training epochs run (0 for a closed-form fit).
    ///   - keptEpoch: The epoch whose weights were kept, 1-based.
    ///   - trainingLoss: The mean per-row reconstruction error on the training rows.
    ///   - heldOutLoss: The same on the held-out rows, or `nil`.
    ///   - explainedVarianceRatio: The kept share of the variance (PCA), or `nil`.
    ///   - components: The components in use (PCA), or `nil`.
    ///   - stoppedEarly: Whether training stopped before its configured epochs.
    ///   - seconds: The fit's wall time.
    public init(rows: Int, heldOutRows: Int = 0, epochs: Int, keptEpoch: Int? = nil, trainingLoss: Double,
                heldOutLoss: Double? = nil, explainedVarianceRatio: Double? = nil, components: Int? = nil,
                stoppedEarly: Bool = false, seconds: Double) {
        self.rows = rows
        self.heldOutRows = heldOutRows
        self.epochs = epochs
        self.keptEpoch = keptEpoch
        self.trainingLoss = trainingLoss
        self.heldOutLoss = heldOutLoss
        self.explainedVarianceRatio = explainedVarianceRatio
        self.components = components
        self.stoppedEarly = stoppedEarly
        self.seconds = seconds
    }
}

extension ContinuousClock.Instant {
    /// Seconds from this instant to now.
    var secondsElapsed: Double {
        let elapsed = ContinuousClock.now - self
        let (seconds, attoseconds) = elapsed.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}

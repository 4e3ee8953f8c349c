/// One re-training of a learned descriptor, as the run history keeps it.
public struct LearningEvent: Codable, Hashable, Sendable {
    /// The iteration after which it happened.
    public var iteration: Int
    /// The evaluations done by then.
    public var evaluations: Int
    /// The observations trained on.
    public var rows: Int
    /// The learner's report (loss, epochs, seconds of the fit), or `nil` when the fit failed.
    public var fit: LearnerFit?
    /// Why the fit failed (the learner was kept as it was), or `nil`.
    public var error: String?
    /// The elites re-encoded into the new descriptor space.
    public var reencoded: Int
    /// The elites the re-indexed archive dropped (two elites in one cell, or too close).
    public var dropped: Int
    /// Seconds spent re-encoding and re-indexing.
    public var reindexSeconds: Double

    /// Creates an event.
    public init(iteration: Int, evaluations: Int, rows: Int, fit: LearnerFit?, error: String? = nil, reencoded: Int = 0,
                dropped: Int = 0, reindexSeconds: Double = 0) {
        self.iteration = iteration
        self.evaluations = evaluations
        self.rows = rows
        self.fit = fit
        self.error = error
        self.reencoded = reencoded
        self.dropped = dropped
        self.reindexSeconds = reindexSeconds
    }
}

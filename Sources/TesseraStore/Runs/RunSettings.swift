/// How a saved run goes on, apart from what defines its search: the budget, the
/// per-evaluation time-out, the report and the checkpoint interval. Saved in the file at
/// creation and whenever `resume` changes them, so a later `resume` without flags
/// continues with the same settings and `info` shows them.
public struct RunSettings: Codable, Hashable, Sendable {
    /// The evaluation budget of the whole run.
    public var evaluations: Int
    /// The per-evaluation time limit in seconds, or `nil` for none.
    public var timeout: Double?
    /// Whether an HTML report is written next to the archive at the end.
    public var report: Bool
    /// Checkpoint every this many evaluations; 0 at the end only; `nil` every 30 s.
    public var checkpointEvery: Int?

    /// Settings; the defaults are those of a file written before settings were saved.
    public init(evaluations: Int, timeout: Double? = nil, report: Bool = true, checkpointEvery: Int? = nil) {
        self.evaluations = evaluations
        self.timeout = timeout
        self.report = report
        self.checkpointEvery = checkpointEvery
    }

    /// The checkpoint policy these settings ask for.
    public var checkpointPolicy: CheckpointPolicy { CheckpointPolicy(checkpointEvery: checkpointEvery) }

    /// Why these settings cannot be used, or `nil` when they can.
    public var problem: String? {
        if evaluations <= 0 { return "the budget \(evaluations) is not positive" }
        if let timeout, !(timeout > 0 && timeout.isFinite) { return "the time-out \(timeout) is not a positive number of seconds" }
        if let checkpointEvery, checkpointEvery < 0 { return "the checkpoint interval \(checkpointEvery) is negative" }
        return nil
    }

    /// The settings as `run_config` rows for `tessera info` and Python readers.
    var fields: [(String, String)] {
        [("evaluations", String(evaluations)),
         ("timeout", timeout.map { "\($0)" } ?? "none"),
         ("report", report ? "yes" : "no"),
         ("checkpoint_every", checkpointEvery.map { $0 == 0 ? "end" : "\($0) evaluations" } ?? "30 s")]
    }
}

/// Which of a file's archives to read: a run with a result archive (pyribs'
/// `result_archive`, kept beside CMA-MAE's soft-threshold archive) stores two.
public enum StoredArchive: Sendable {
    /// The archive the search fills (table `elites`).
    case main
    /// The elitist result archive (table `result_elites`), present when the run has one.
    case result

    /// The table holding its elites.
    var table: String {
        switch self {
        case .main: return "elites"
        case .result: return "result_elites"
        }
    }
}

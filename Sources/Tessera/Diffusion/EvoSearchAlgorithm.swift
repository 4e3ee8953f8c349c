/// The three searches of a denoising generator at equal NFE.
public enum EvoSearchAlgorithm: String, CaseIterable, Codable, Hashable, Sendable {
    /// EvoSearch as in the paper: tournaments over the whole pool, elites kept unmutated.
    case evoSearch = "evosearch"
    /// N independent trajectories from noise; the best output wins.
    case bestOfN = "best-of-n"
    /// EvoSearch with an archive (beyond the paper): the best output of every cell of a
    /// descriptor, selection cell by cell.
    case qualityDiversity = "evosearch-qd"
}

/// Which behaviours novelty is measured against.
public enum NoveltyReference: String, Codable, Hashable, Sendable, CaseIterable {
    /// The archive and the current population (Lehman & Stanley, sferes2, TAXONS); a
    /// member is never its own neighbour.
    case archiveAndPopulation = "archive-and-population"
    /// The archive only (pyribs' `ProximityArchive`).
    case archive
}

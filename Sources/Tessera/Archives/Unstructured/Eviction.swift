/// Which elites a full ``UnstructuredArchive`` removes to make room.
public enum Eviction: String, Codable, Hashable, Sendable {
    /// The oldest elites go first (first in, first out), where the archive's elites are
    /// older than a batch's rows and earlier rows are older than later ones.
    case oldestFirst
    /// The elites with the lowest score go first; among equal scores, the oldest.
    case lowestScoreFirst
}

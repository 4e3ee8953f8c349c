/// The kind of genome a task evaluates, which decides the algorithms that can search it.
public enum TaskGenome: String, Codable, Sendable, CaseIterable {
    /// Fixed-length vectors of real numbers (`[Double]`).
    case realVector = "real-vector"
}

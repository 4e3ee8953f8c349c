/// How an operator turns a row's stream into normal deviates.
///
/// Both methods are exact: every deviate comes from a 256-layer ziggurat, never from an
/// approximation. They differ in the order in which a row's words are used, so they give
/// different (equally distributed) random sequences: a run must keep the method it
/// started with to resume exactly.
public enum NormalSampling: String, Codable, Hashable, Sendable, CaseIterable {
    /// One scalar ziggurat on the row's own stream: the sequence of archive format 1
    /// (files written before issue 14), kept so that those files resume exactly.
    case serial
    /// The ziggurat with its rejected candidates finished late (``LaneSampler``), so that
    /// four rows share the vector lanes where the CPU has AVX2: about 1.3x faster than
    /// ``serial`` on rows of 100 genes. The default of new runs and operators.
    case lanes
}

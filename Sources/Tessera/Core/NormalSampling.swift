/// How an operator turns a row's stream into normal and uniform deviates.
///
/// Both methods are exact: every deviate comes from a 256-layer ziggurat (normals) or a
/// full-precision uniform, never from an approximation. They differ in how the row's
/// stream is used, so they give different (equally distributed) random sequences:
/// a run must keep the method it started with to resume exactly.
public enum NormalSampling: String, Codable, Hashable, Sendable, CaseIterable {
    /// One scalar ziggurat on the row's own stream: the sequence of archive format 1
    /// (files written before issue 14), kept so that those files resume exactly.
    case serial
    /// Four xoshiro256** lanes seeded from the row's stream (``NormalLanes``), drawn four
    /// at a time with vector instructions where the CPU has them: about 3x faster than
    /// ``serial``. The default of new runs and operators.
    case lanes
}

/// Derives independent random streams from a run seed and a position in the run.
///
/// A stream is a pure function of (seed, iteration, emitter, row), never of the worker
/// that happens to run the row, so a run gives bit-identical results whatever the number
/// of workers, and a resumed run draws exactly what an uninterrupted run would.
public struct RandomStreams: Codable, Hashable, Sendable {
    /// The run seed.
    public let seed: UInt64

    /// Creates the stream family of a run.
    public init(seed: UInt64) { self.seed = seed }

    /// The stream for one row of one emitter's batch in one iteration.
    ///
    /// - Parameters:
    ///   - iteration: Zero-based iteration (ask/evaluate/tell round).
    ///   - emitter: Index of the emitter in its scheduler.
    ///   - row: Row within that emitter's batch.
    ///   - purpose: Separates unrelated uses of the same position (0 for offspring).
    /// - Complexity: O(1).
    @inlinable
    public func stream(iteration: Int, emitter: Int, row: Int, purpose: UInt64 = 0) -> Xoshiro256 {
        var key = SplitMix64.mix(seed ^ 0x5445_5353_4552_4121)  // "TESSERA!"
        key = SplitMix64.mix(key &+ UInt64(bitPattern: Int64(iteration)))
        key = SplitMix64.mix(key ^ (UInt64(bitPattern: Int64(emitter)) &* 0x9E37_79B9_7F4A_7C15))
        key = SplitMix64.mix(key &+ UInt64(bitPattern: Int64(row)))
        key = SplitMix64.mix(key ^ purpose)
        return Xoshiro256(seed: key)
    }

    /// A stream for set-up work that happens once (archive construction, initial samples).
    ///
    /// - Parameter purpose: A constant naming the use, such as ``Purpose/centroids``.
    @inlinable
    public func setupStream(_ purpose: UInt64) -> Xoshiro256 {
        stream(iteration: -1, emitter: -1, row: -1, purpose: purpose)
    }

    /// Named purposes for ``setupStream(_:)`` and ``stream(iteration:emitter:row:purpose:)``.
    public enum Purpose {
        /// Offspring generation.
        public static let offspring: UInt64 = 0
        /// CVT centroid sampling and k-means.
        public static let centroids: UInt64 = 1
        /// A row's evaluation (``EvaluationContext/stream``).
        public static let evaluation: UInt64 = 2
    }
}

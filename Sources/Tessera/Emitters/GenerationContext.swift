/// Where one emitter's offspring generation sits in a run: the random streams and the
/// (iteration, emitter) pair that name each row's stream.
public struct GenerationContext: Sendable {
    /// The run's stream family.
    public let streams: RandomStreams
    /// The zero-based iteration.
    public let iteration: Int
    /// The emitter's index in its scheduler.
    public let emitter: Int

    /// Creates a context.
    public init(streams: RandomStreams, iteration: Int, emitter: Int) {
        self.streams = streams
        self.iteration = iteration
        self.emitter = emitter
    }

    /// The random stream of one row of the emitter's batch.
    @inlinable
    public func stream(row: Int) -> Xoshiro256 {
        streams.stream(iteration: iteration, emitter: emitter, row: row)
    }
}

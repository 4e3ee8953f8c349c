/// Where one evaluation call sits in a run: its row, iteration and attempt, and a random
/// stream of its own.
///
/// The stream is a pure function of the run seed, the iteration and the row, so a domain
/// that draws from it (noise, a sampling temperature, a simulated latency) gives the
/// same values however many calls are in flight and in whatever order they finish. A
/// retried attempt receives the same stream again, so a retry repeats the row exactly.
public struct EvaluationContext: Sendable {
    /// The zero-based iteration.
    public let iteration: Int
    /// The row in the iteration's batch.
    public let row: Int
    /// The attempt, from 1; above 1 after transient failures.
    public let attempt: Int
    /// The row's random stream, the same at every attempt (a fresh copy each call).
    public let stream: Xoshiro256

    /// Creates the context of one attempt at one row.
    ///
    /// - Parameters:
    ///   - streams: The run's stream family.
    ///   - iteration: The zero-based iteration.
    ///   - row: The row in the iteration's batch.
    ///   - attempt: The attempt, from 1.
    public init(streams: RandomStreams, iteration: Int, row: Int, attempt: Int = 1) {
        self.iteration = iteration
        self.row = row
        self.attempt = attempt
        stream = streams.stream(iteration: iteration, emitter: -1, row: row, purpose: RandomStreams.Purpose.evaluation)
    }

    /// A 64-bit seed for the row, for libraries that take a seed rather than a generator;
    /// the first value of ``stream``.
    public var seed: UInt64 {
        var copy = stream
        return copy.next()
    }
}

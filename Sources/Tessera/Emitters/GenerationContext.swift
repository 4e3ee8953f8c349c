/// Where one emitter's offspring generation sits in a run: the random streams and the
/// (iteration, emitter) pair that name each row's stream.
public struct GenerationContext: Sendable {
    /// The run's stream family.
    public let streams: RandomStreams
    /// The zero-based iteration.
    public let iteration: Int
    /// The emitter's index in its scheduler.
    public let emitter: Int
    /// The member of a composite emitter (a pool, as ``BanditEmitter`` keeps) these
    /// streams belong to: 0 for an emitter of its own, so its streams are the scheduler's.
    public let member: Int

    /// Creates a context.
    public init(streams: RandomStreams, iteration: Int, emitter: Int) {
        self.init(streams: streams, iteration: iteration, emitter: emitter, member: 0)
    }

    private init(streams: RandomStreams, iteration: Int, emitter: Int, member: Int) {
        self.streams = streams
        self.iteration = iteration
        self.emitter = emitter
        self.member = member
    }

    /// The context of member `index` of a composite emitter: streams of its own, disjoint
    /// from the emitter's and from every other member's.
    public func member(_ index: Int) -> GenerationContext {
        GenerationContext(streams: streams, iteration: iteration, emitter: emitter, member: index + 1)
    }

    /// The random stream of one row of the emitter's batch.
    @inlinable
    public func stream(row: Int) -> Xoshiro256 {
        stream(row: row, purpose: 0)
    }

    /// A stream of one row for another use than offspring (an emitter's own draws in
    /// `tell`, such as the elite a restart re-centres on), named by `purpose` ≥ 1.
    @inlinable
    public func stream(row: Int, purpose: UInt64) -> Xoshiro256 {
        streams.stream(iteration: iteration, emitter: emitter, row: row, purpose: purpose ^ (UInt64(member) << 32))
    }
}

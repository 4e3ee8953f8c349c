import Dispatch

/// An emitter whose offspring come from an awaited call: a language model that varies
/// parents, a remote model that denoises a latent.
///
/// Implement the `async` ``generate(rows:into:parents:archive:context:)``; evaluators
/// await it (``ParallelEvaluator`` and ``ConcurrentEvaluator`` both check
/// ``Offspring/isSynchronous`` and take the awaiting path). Make each row from its own
/// stream, ``GenerationContext/stream(row:)``, and from nothing that depends on timing
/// or on the order calls finish, and the run is reproducible for its seed. As for every
/// emitter, generation only reads the emitter's state; learning happens in
/// ``Emitter/tell(_:archive:)``.
public protocol AsyncEmitter<Genome>: Emitter {
    /// Writes offspring for `rows` of this emitter's batch, awaiting whatever makes them.
    ///
    /// - Parameters:
    ///   - rows: Rows of this emitter's batch to make, in `0..<batchSize`.
    ///   - children: A column with one row per element of `rows` (row `rows.lowerBound`
    ///     goes to position 0).
    ///   - parents: Same positions: the cell of each child's first parent, or −1.
    ///   - archive: The archive as it was at the start of the iteration.
    ///   - context: The iteration's random streams and identity.
    func generate<A: Archive>(rows: Range<Int>, into children: inout Genome.Column, parents: inout [Int32],
                              archive: A, context: GenerationContext) async where A.Genome == Genome
}

extension AsyncEmitter {
    /// An asynchronous emitter's offspring are awaited.
    public var generatesAsynchronously: Bool { true }

    /// Makes the rows by running the awaiting ``generate(rows:into:parents:archive:context:)``
    /// in a task and blocking the calling thread until it ends.
    ///
    /// Tessera's evaluators never call this (they await); it serves synchronous callers
    /// outside Swift concurrency. Do not call it from a task: it holds a thread of the
    /// cooperative pool while it waits.
    public func generate<A: Archive>(rows: Range<Int>, into children: inout Genome.Column, parents: inout [Int32],
                                     archive: A, context: GenerationContext) where A.Genome == Genome {
        let box = BlockingResult<(Genome.Column, [Int32])>()
        let done = DispatchSemaphore(value: 0)
        let (startChildren, startParents) = (children, parents)
        Task {
            var madeChildren = startChildren
            var madeParents = startParents
            await self.generate(rows: rows, into: &madeChildren, parents: &madeParents, archive: archive, context: context)
            box.value = (madeChildren, madeParents)
            done.signal()
        }
        done.wait()
        (children, parents) = box.value!
    }
}

/// A value handed from a task to a thread that waits on a semaphore for it (the
/// semaphore orders the write before the read).
private final class BlockingResult<T>: @unchecked Sendable {
    var value: T?
}

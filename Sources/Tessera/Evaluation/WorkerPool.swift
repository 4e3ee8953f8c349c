import Foundation
import Synchronization
import _TesseraKernels

/// Persistent worker threads that run the chunks of one batch at a time, with a
/// spinning barrier so back-to-back iterations do not pay thread wake-up latency.
///
/// The calling thread works too: a pool of `n` workers starts `n − 1` threads. Between
/// batches the threads spin for a few milliseconds, then sleep until the next batch;
/// they end when the pool is released. Measured on the 2-vCPU machines here, this
/// scaled the sphere benchmark by about 1.35x on 2 workers where a task group per
/// iteration gave no gain (thread hand-offs cost as much as a chunk of work).
final class WorkerPool: @unchecked Sendable {
    /// The number of threads that work on a batch, the caller included.
    let workers: Int
    private let shared: Shared

    init(workers: Int) {
        precondition(workers >= 1)
        self.workers = workers
        shared = Shared()
        for index in 1..<workers {
            let shared = self.shared
            let thread = Thread { shared.workerLoop() }
            thread.name = "tessera-worker-\(index)"
            thread.start()
        }
    }

    deinit { shared.stop() }

    /// Runs `body(i)` for every `i` in `0..<count`, spread over the workers; returns when
    /// all are done. A call made while another batch is running (the same evaluator used
    /// from two tasks at once) runs its chunks on the calling thread instead.
    func run(count: Int, _ body: (Int) -> Void) {
        guard workers > 1, count > 1, shared.claim() else {
            for i in 0..<count { body(i) }
            return
        }
        defer { shared.release() }
        withoutActuallyEscaping(body) { shared.run(count: count, $0) }
    }

    /// The state the caller and the threads share; threads keep it alive after the pool.
    private final class Shared: @unchecked Sendable {
        private let generation = Atomic<Int>(0)
        private let nextChunk = Atomic<Int>(0)
        private let pending = Atomic<Int>(0)
        private let stopping = Atomic<Bool>(false)
        private let busy = Atomic<Bool>(false)
        private let condition = NSCondition()
        private var sleepers = 0
        private var chunkCount = 0
        private var job: ((Int) -> Void)?

        func run(count: Int, _ body: @escaping (Int) -> Void) {
            job = body
            chunkCount = count
            nextChunk.store(0, ordering: .releasing)  // publishes job and chunkCount to late drainers
            pending.store(count, ordering: .relaxed)
            generation.add(1, ordering: .releasing)
            condition.lock()
            if sleepers > 0 { condition.broadcast() }
            condition.unlock()
            drain()
            while pending.load(ordering: .acquiring) > 0 { tk_spin_hint() }
            job = nil
        }

        /// Takes the pool for one batch; `false` when another batch holds it.
        func claim() -> Bool {
            busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        }

        /// Gives the pool back.
        func release() { busy.store(false, ordering: .releasing) }

        func stop() {
            stopping.store(true, ordering: .releasing)
            generation.add(1, ordering: .releasing)
            condition.lock()
            condition.broadcast()
            condition.unlock()
        }

        private func drain() {
            while true {
                let i = nextChunk.add(1, ordering: .acquiringAndReleasing).oldValue
                guard i < chunkCount else { return }
                job!(i)
                pending.subtract(1, ordering: .releasing)
            }
        }

        func workerLoop() {
            var seen = 0
            while true {
                var spins = 0
                while generation.load(ordering: .acquiring) == seen {
                    spins += 1
                    tk_spin_hint()
                    if spins < 100_000 { continue }
                    condition.lock()
                    sleepers += 1
                    while generation.load(ordering: .acquiring) == seen { condition.wait() }
                    sleepers -= 1
                    condition.unlock()
                }
                seen = generation.load(ordering: .acquiring)
                if stopping.load(ordering: .acquiring) { return }
                drain()
            }
        }
    }
}

import Dispatch

extension Scheduler {
    /// Tells every emitter the fate of its rows: in order on the calling thread, or, when
    /// every emitter is told independently, on the threads of `pool` (an evaluator's
    /// workers, which would otherwise spin idle) or else on ``feedbackWorkers`` threads
    /// (each emitter's update reads only its own state and the archive, so the order does
    /// not matter).
    mutating func tellEmitters(_ ticket: Ticket, _ offered: EvaluationBatch, report: AddReport, firstEvaluation: Int,
                               on pool: WorkerPool?) {
        let rows = emitterRows, iteration = self.iteration, streams = self.streams, archive = self.archive
        @Sendable func feedback(_ index: Int) -> EmitterFeedback<A.Genome> {
            EmitterFeedback<A.Genome>(rows: rows[index], children: ticket.children, evaluations: offered, report: report,
                                      parents: ticket.parents,
                                      context: GenerationContext(streams: streams, iteration: iteration, emitter: index),
                                      firstEvaluation: firstEvaluation)
        }
        let workers = min(pool?.workers ?? feedbackWorkers, emitters.count)
        guard workers > 1, emitters.allSatisfy({ $0.tellsIndependently }) else {
            for index in emitters.indices { emitters[index].tell(feedback(index), archive: archive) }
            return
        }
        if let pool {
            emitters.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let shared = buffer
                pool.run(count: shared.count) { index in shared[index].tell(feedback(index), archive: archive) }
            }
            return
        }
        emitters.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let shared = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in stride(from: worker, to: shared.count, by: workers) {
                    shared[index].tell(feedback(index), archive: archive)
                }
            }
        }
    }
}

import Dispatch

extension Scheduler {
    /// Tells every emitter the fate of its rows: in order on the calling thread, or, when
    /// every emitter is told independently and ``feedbackWorkers`` is above 1, on that many
    /// threads, worker `w` telling emitters `w`, `w + workers`, … (each emitter's update
    /// reads only its own state and the archive, so the order does not matter).
    mutating func tellEmitters(_ ticket: Ticket, _ offered: EvaluationBatch, report: AddReport, firstEvaluation: Int) {
        let rows = emitterRows, iteration = self.iteration, streams = self.streams, archive = self.archive
        @Sendable func feedback(_ index: Int) -> EmitterFeedback<A.Genome> {
            EmitterFeedback<A.Genome>(rows: rows[index], children: ticket.children, evaluations: offered, report: report,
                                      parents: ticket.parents,
                                      context: GenerationContext(streams: streams, iteration: iteration, emitter: index),
                                      firstEvaluation: firstEvaluation)
        }
        let workers = min(feedbackWorkers, emitters.count)
        guard workers > 1, emitters.allSatisfy(\.tellsIndependently) else {
            for index in emitters.indices { emitters[index].tell(feedback(index), archive: archive) }
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

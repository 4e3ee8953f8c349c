import Foundation

/// Runs blocking work — a child process, its pipes, a wait of seconds — on a thread of its
/// own and awaits it, so a long test holds neither one of the cooperative pool's threads
/// (two on a two-core machine) nor one of Dispatch's, and starves no test beside it. The
/// work stays in the calling task, so its expectations are the calling test's.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withTaskExecutorPreference(DedicatedExecutor()) { try body() }
}

/// Runs jobs on a thread of its own (not the cooperative pool's, not Dispatch's), so a timed
/// run is not held up by tests that block shared threads while they wait, and a test that
/// blocks holds up no one else. The thread ends when the executor is released.
public final class DedicatedExecutor: TaskExecutor, @unchecked Sendable {
    /// The jobs waiting for the thread, and whether it should end.
    private final class Mailbox: @unchecked Sendable {
        let condition = NSCondition()
        var jobs: [UnownedJob] = []
        var closed = false
        /// The executor the jobs run on (unowned: the mailbox must not keep it alive).
        var executor: UnownedTaskExecutor?
    }

    private let mailbox = Mailbox()

    public init() {
        let mailbox = self.mailbox
        Thread {
            while true {
                mailbox.condition.lock()
                while mailbox.jobs.isEmpty && !mailbox.closed { mailbox.condition.wait() }
                if mailbox.jobs.isEmpty {
                    mailbox.condition.unlock()
                    return
                }
                let job = mailbox.jobs.removeFirst()
                let executor = mailbox.executor
                mailbox.condition.unlock()
                if let executor { job.runSynchronously(on: executor) }
            }
        }.start()
    }

    deinit {
        mailbox.condition.lock()
        mailbox.closed = true
        mailbox.condition.signal()
        mailbox.condition.unlock()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        mailbox.condition.lock()
        mailbox.executor = asUnownedTaskExecutor()
        mailbox.jobs.append(job)
        mailbox.condition.signal()
        mailbox.condition.unlock()
    }
}

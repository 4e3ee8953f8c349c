import Foundation

/// Runs blocking work — a child process, its pipes, a wait of seconds — on a serial queue of
/// its own and awaits it, so a long test does not hold one of the cooperative pool's threads
/// (two on a two-core machine) and starve the tests that run beside it. The work stays in the
/// calling task, so its expectations are the calling test's.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withTaskExecutorPreference(DedicatedExecutor()) { try body() }
}

/// Runs jobs on a serial queue of its own, so a timed run is not held up by other tests
/// that block the threads of the shared cooperative pool while they wait.
public final class DedicatedExecutor: TaskExecutor, @unchecked Sendable {
    private let queue = DispatchQueue(label: "tessera-tests-dedicated")

    public init() {}

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

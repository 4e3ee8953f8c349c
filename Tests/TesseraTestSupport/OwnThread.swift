import Foundation

/// Runs blocking work — a child process, its pipes, a wait of seconds — on a thread of its
/// own and awaits it, so a long test does not hold one of the cooperative pool's threads
/// (two on a two-core machine) and starve the tests that run beside it.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

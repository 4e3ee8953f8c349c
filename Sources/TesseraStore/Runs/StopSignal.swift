import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// SIGINT and SIGTERM during a run: the first one asks the set-up (k-means) or the run to
/// stop promptly, at the next iteration boundary, with a final checkpoint; a second one
/// exits at once. Exiting at once cannot damage an archive file: a checkpoint is one
/// SQLite transaction, and an interrupted one is rolled back when the file is next opened.
///
/// `tessera run` and `resume` use it; a program of your own can too:
///
/// ```swift
/// StopSignal.install()
/// let completed = try await saved.run(domain: domain, totalEvaluations: 1_000_000, evaluator: evaluator,
///                                     shouldStop: { StopSignal.number != 0 })
/// ```
public enum StopSignal {
    private static let received = Atomic<Int32>(0)

    /// Installs the handlers of SIGINT and SIGTERM (replacing any others).
    public static func install() {
        Glibc.signal(SIGINT) { StopSignal.receive($0) }
        Glibc.signal(SIGTERM) { StopSignal.receive($0) }
    }

    /// The handler: remember the first signal; on the second, leave now. Only
    /// async-signal-safe calls (`write`, `_exit`).
    private static func receive(_ signal: Int32) {
        let (exchanged, _) = received.compareExchange(expected: 0, desired: signal, ordering: .relaxed)
        guard !exchanged else { return }
        let message = "second signal: exiting now; the archive keeps its last checkpoint\n"
        _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
        _exit(128 + signal)
    }

    /// The signal received, or 0.
    public static var number: Int32 { received.load(ordering: .relaxed) }
}

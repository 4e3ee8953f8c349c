import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// SIGINT and SIGTERM during a run: the first one asks the run to stop at the next
/// iteration boundary and write a final checkpoint.
enum StopSignal {
    private static let received = Atomic<Int32>(0)

    /// Installs the handlers.
    static func install() {
        Glibc.signal(SIGINT) { StopSignal.received.store($0, ordering: .relaxed) }
        Glibc.signal(SIGTERM) { StopSignal.received.store($0, ordering: .relaxed) }
    }

    /// The signal received, or 0.
    static var number: Int32 { received.load(ordering: .relaxed) }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive, advisory lock on an archive file, held by the one process that writes
/// it (a run or a resume) for as long as it writes.
///
/// The lock is a `flock(2)` on the file itself: the kernel releases it when the process
/// exits in any way (a crash or `kill -9` included), so a stale lock never blocks a later
/// writer. Readers (`info`, `export`, `report`) take no lock; SQLite keeps them
/// consistent. A second writer is refused at once with ``StoreError/busy(path:)``.
public final class ArchiveLock {
    private let descriptor: Int32
    /// The locked path.
    public let path: String

    /// Locks the file at `path`.
    ///
    /// - Returns: `nil` when there is no file at `path` (nothing to protect yet).
    /// - Throws: ``StoreError/busy(path:)`` when another process holds the lock.
    public static func acquire(_ path: String) throws -> ArchiveLock? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let busy = errno == EWOULDBLOCK
            close(descriptor)
            if busy { throw StoreError.busy(path: path) }
            return nil
        }
        return ArchiveLock(descriptor: descriptor, path: path)
    }

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

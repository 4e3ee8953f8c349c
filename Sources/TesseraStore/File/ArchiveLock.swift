import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// An exclusive, advisory lock on an archive file, held by the one process that writes
/// it (a run or a resume) for as long as it writes.
///
/// The lock is a `flock(2)` on the file itself: the kernel releases it when the process
/// exits in any way (a crash or `kill -9` included), so a stale lock never blocks a later
/// writer. Readers (`info`, `export`, `report`) take no lock; SQLite keeps them
/// consistent. A second writing process is refused at once with
/// ``StoreError/busy(path:)``. Within one process the lock is shared: a program may hold
/// several ``ArchiveFile`` objects of one file (SQLite serialises their transactions).
public final class ArchiveLock: Sendable {
    /// The open, locked file; shared by every lock of the same file in this process.
    private let holder: Holder
    /// The locked path.
    public let path: String

    /// Locks the file at `path`.
    ///
    /// - Returns: `nil` when there is no file at `path` (nothing to protect yet).
    /// - Throws: ``StoreError/busy(path:)`` when another process holds the lock.
    public static func acquire(_ path: String) throws -> ArchiveLock? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let key = FileKey(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        let holder: Holder? = try held.withLock { held in
            if let existing = held[key]?.value { return existing }
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                let busy = errno == EWOULDBLOCK
                close(descriptor)
                if busy { throw StoreError.busy(path: path) }
                return nil
            }
            let holder = Holder(descriptor: descriptor)
            held[key] = WeakHolder(value: holder)
            return holder
        }
        return holder.map { ArchiveLock(holder: $0, path: path) }
    }

    private init(holder: Holder, path: String) {
        self.holder = holder
        self.path = path
    }

    /// A file's identity.
    private struct FileKey: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    /// The locks this process holds.
    private static let held = Mutex<[FileKey: WeakHolder]>([:])

    private final class Holder: Sendable {
        let descriptor: Int32
        init(descriptor: Int32) { self.descriptor = descriptor }
        deinit {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }

    private struct WeakHolder: @unchecked Sendable {
        weak var value: Holder?
    }
}

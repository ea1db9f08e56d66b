import Foundation
import LeakScanCore

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive lock beside the state database, held for the whole scan, so that two scans
/// never run on one database at once (a second one exits with ``ExitStatus/locked``).
/// SAFETY: immutable after init; the descriptor is only closed in deinit.
public final class StateLock: @unchecked Sendable {
    let descriptor: Int32

    /// Nil when another process holds the lock; throws when the lock file cannot be made
    /// (a folder that cannot be created or written), which is an error, not a busy database.
    public init?(databasePath: String) throws {
        let path = databasePath + ".lock"
        try PrivateFiles.createDirectory(forFile: databasePath)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw POSIXFailure(path: path, operation: "create the lock file", code: errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

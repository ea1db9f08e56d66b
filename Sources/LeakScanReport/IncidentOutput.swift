import Foundation
import LeakScanCore

#if canImport(Glibc)
    import Glibc
#endif

/// Where an incident writer's bytes go: stdout or a file (created readable by its owner only:
/// it holds masked excerpts, authors and file names, with its folder made 0700 if missing).
public final class IncidentOutput {
    let descriptor: Int32
    let handle: FileHandle?
    /// The file's path, or `stdout`.
    public let name: String

    /// - Parameter path: a file to create (truncated), or nil or `-` for stdout.
    public init(path: String?) throws {
        if let path, path != "-" {
            try PrivateFiles.createDirectory(forFile: path)
            let handle = try PrivateFiles.openForWriting(path)
            self.handle = handle
            descriptor = handle.fileDescriptor
            name = path
        } else {
            handle = nil
            descriptor = STDOUT_FILENO
            name = "stdout"
        }
    }

    /// Writes every byte or throws with the system's reason (`write(2)` straight, so that a
    /// full disk is an error with its errno, never a short write taken for success).
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw POSIXFailure(path: name, operation: "write to", code: errno)
                }
                written += count
            }
        }
    }

    /// Closes a file output, flushing it to disk first: a write error that only shows at the
    /// flush (NFS, a full disk) is still an error.
    public func close() throws {
        guard let handle else { return }
        defer { try? handle.close() }
        if fsync(descriptor) != 0 && errno != EINVAL && errno != EROFS {
            throw POSIXFailure(path: name, operation: "flush", code: errno)
        }
    }

    /// Whether an output error means the reader of stdout went away (`leakscan scan | head`).
    public static func isClosedPipe(_ reason: String) -> Bool { reason.hasSuffix(String(cString: strerror(EPIPE))) }
}

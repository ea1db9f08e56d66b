import CWriteback
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
    /// Whether the bytes go to a regular file (a file output, or stdout redirected to one),
    /// whose pages the kernel is asked to write out and then let go of as the scan goes.
    let isRegularFile: Bool
    /// The file offset of the first byte written here.
    let start: Int64
    /// Bytes written so far, how many of them the kernel was asked to start writing to disk
    /// (``write(_:)``), and how many it was then told it may drop from memory.
    private(set) var written: Int64 = 0
    private(set) var writebackAsked: Int64 = 0
    private(set) var droppedUpTo: Int64 = 0
    /// How many bytes written make the kernel be asked to start writing them out.
    static let writebackStep: Int64 = 8 << 20

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
        var status = stat()
        isRegularFile = fstat(descriptor, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
        // Where the bytes start in the file: stdout redirected to a file may be past its start
        // (a second command writing to it), or appending (`>>`) to what it holds.
        if isRegularFile {
            let appends = fcntl(descriptor, F_GETFL) & O_APPEND != 0
            start = appends ? Int64(status.st_size) : max(0, Int64(lseek(descriptor, 0, SEEK_CUR)))
        } else {
            start = 0
        }
    }

    /// Writes every byte or throws with the system's reason (`write(2)` straight, so that a
    /// full disk is an error with its errno, never a short write taken for success).
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// ``write(_:)`` of bytes that lie elsewhere (a batch's encoded lines).
    public func write(_ buffer: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < buffer.count {
            let count = Glibc.write(descriptor, buffer.baseAddress! + done, buffer.count - done)
            if count < 0 {
                if errno == EINTR { continue }
                throw POSIXFailure(path: name, operation: "write to", code: errno)
            }
            done += count
        }
        written += Int64(buffer.count)
        startWriteback()
    }

    /// Asks the kernel to start writing the file's last `writebackStep` bytes or more to disk,
    /// without waiting. Left alone, Linux keeps them in memory until ``close()``'s `fsync`,
    /// which then waited for all of them: 431 MB of incidents from 110 MiB of posts held the
    /// scan's end for 0.1–0.15 s with both cores idle. Only a hint: what it fails to start, the
    /// `fsync` writes.
    ///
    /// Then drops what was asked two steps before from the page cache, once it is on disk
    /// (the pages were clean, so nothing is lost; a reader of the file reads it from disk).
    /// Incidents are written once and read later, by another job: kept cached, a large output
    /// grew the page cache by its whole size, pushing out what other programs had cached, and
    /// every page of it was memory the kernel had to find afresh. On this VM, whose idle
    /// memory the host takes back, copying 431 MB of incidents into new pages took 0.2–1.1 s
    /// of system time from run to run, against 0.2–0.3 s when the pages are let go.
    private func startWriteback() {
        guard isRegularFile, written - writebackAsked >= Self.writebackStep else { return }
        _ = leakscan_start_writeback(descriptor, start + writebackAsked, written - writebackAsked)
        let settled = writebackAsked - Self.writebackStep
        if settled > droppedUpTo {
            _ = leakscan_drop_written(descriptor, start + droppedUpTo, settled - droppedUpTo)
            droppedUpTo = settled
        }
        writebackAsked = written
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
